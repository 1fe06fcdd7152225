import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
export * from './generated/client';
export { migrate } from './migrations/migrate';
export * from './sessions';

export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: options.max ?? 10 }) });
}
export * from './document-access';
export * from './session-revocations';
