import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/client';

export { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
export * from './generated/client';
export * from './hierarchy/hierarchy-queries';
export * from './hierarchy/people';
export { migrate } from './migrations/migrate';
export { runMain } from './run-main';
export * from './sessions';

/**
 * A Prisma client on its own pool, or on `pool` shared with plain `pg` queries (one pool per process
 * instead of two); a shared pool is the caller's to end.
 */
export function createPrismaClient(
  connection: string | pg.Pool,
  options: { max?: number } = {},
): PrismaClient {
  if (typeof connection !== 'string') {
    // A client checked out of the pool (inside a transaction, between two statements) has no error listener:
    // a backend ended then (PostgreSQL restarting) would be an uncaught exception that ends the process. The
    // statement in flight or the next one fails instead, and the transaction with it.
    connection.on('connect', (client) => client.on('error', () => {}));
  }
  const adapter =
    typeof connection === 'string'
      ? new PrismaPg({ connectionString: connection, max: options.max ?? 10 })
      : new PrismaPg(connection);
  return new PrismaClient({ adapter });
}
export * from './collab-events';
export * from './datasets/index';
export * from './document-state';
export * from './draft-commands';
export * from './files/files';
export * from './flows/apply-steps';
export * from './flows/flow-commands';
export * from './flows/live-versions';
export * from './flows/memberships';
export * from './flows/sla-timers';
export * from './integrations/connections';
export * from './notifications';
export * from './postgres-errors';
export * from './secret-file';
export * from './sql';
export * from './sql-params';
export * from './triggers/event-context';
export * from './triggers/ledger';
export * from './triggers/recipients';
export * from './triggers/secrets';
export * from './triggers/webhook-signature';
export * from './user-tables/index';
export * from './versions';
