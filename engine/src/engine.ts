import type { PrismaClient } from '@erp/prisma';
import { type JobName, type JobPayload, jobNames, jobs } from '@erp/shared';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { JobRegistry } from './jobs/job';
import { jobRegistry } from './jobs/registry';

export interface EngineDeps {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
}

export interface Engine {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts pg-boss and every worker; the same function runs in `npm start` and in the standalone engine. */
export async function startEngine(deps: EngineDeps): Promise<Engine> {
  const boss = new PgBoss({ connectionString: deps.connectionString, schema: 'pgboss' });
  // Without a listener an error event would crash the process. pg-boss reconnects on its own, so a lost
  // connection (the database restarting, or stopping with the app on Ctrl-C) is a warning, not an error.
  boss.on('error', (error) => {
    if (isConnectionLoss(error))
      deps.logger.warn({ message: error.message }, 'pg-boss lost its database connection');
    else deps.logger.error({ message: error.message }, 'pg-boss error');
  });
  await boss.start();
  for (const name of jobNames) await boss.createQueue(name);

  for (const name of jobNames) await workOn(boss, name, deps);

  return {
    boss,
    // graceful: active jobs finish (or go back to the queue after the timeout) before stop resolves.
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

// Maintenance jobs run on their schedule; flow and trigger jobs are sent by the API and by other jobs.
async function workOn<Name extends JobName>(boss: PgBoss, name: Name, deps: EngineDeps): Promise<void> {
  const registry: JobRegistry = jobRegistry;
  const definition = registry[name];
  const schema = jobs[name];
  await boss.work(name, async (batch) => {
    for (const job of batch) {
      const payload: JobPayload<Name> = schema.parse(job.data ?? {});
      await definition.handle(payload, { prisma: deps.prisma, logger: deps.logger, jobId: job.id });
    }
  });
  if (definition.schedule) await boss.schedule(name, definition.schedule);
}

// PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" and connection failures, and the socket's.
const connectionLossCodes = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
]);

function isConnectionLoss(error: Error & { code?: unknown }): boolean {
  return (
    (typeof error.code === 'string' && connectionLossCodes.has(error.code)) ||
    error.message.startsWith('Connection terminated')
  );
}
