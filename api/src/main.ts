// Standalone API process (production). `npm start` composes the API, collab and engine in one process instead.
import { existsSync } from 'node:fs';
import { createPostgresDraftChannel, createPrismaClient, migrate, runMain } from '@erp/prisma';
import { ConfigError } from '@erp/shared';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from './app';
import { loadApiConfig } from './config';
import { createApiServer } from './http/server';
import { clientDistDir, serveSpa } from './http/spa';
import { createJobQueue } from './jobs';
import { keyLegacyAuditChain } from './modules/audit/audit.service';

await runMain(async () => {
  const config = loadApiConfig();
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL: required for the standalone API (not set)');
  const logger = pino({ level: config.LOG_LEVEL, name: 'api' });
  // Safe with several processes starting at once: the runner holds an advisory lock.
  await migrate(config.DATABASE_URL);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10 });
  pool.on('error', (error) => logger.warn({ message: error.message }, 'idle database connection failed'));
  const prisma = createPrismaClient(pool);
  // The SPA is served too when it was built next to the API (the Docker image); a proxy may serve it instead.
  const staticHandler = existsSync(clientDistDir) ? serveSpa(clientDistDir) : undefined;
  const jobs = createJobQueue({ connectionString: config.DATABASE_URL, logger });
  const server = createApiServer(
    createApp(
      { prisma, pool, config, logger, drafts: createPostgresDraftChannel(prisma), jobs },
      { staticHandler },
    ),
  );
  if (config.AUDIT_KEY) await keyLegacyAuditChain({ prisma, logger }, config.AUDIT_KEY);
  server.listen(config.PORT, config.HOST, () => logger.info({ port: config.PORT }, 'api listening'));
  const shutdown = () =>
    server.close(async () => {
      await jobs.stop();
      await Promise.all([prisma.$disconnect(), pool.end()]);
      process.exit(0);
    });
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
