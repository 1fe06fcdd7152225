import { createServer } from 'node:http';
import { createPrismaClient, runMain } from '@erp/prisma';
import { pino } from 'pino';
import { createCollabServer } from './collab-server';
import { loadCollabConfig } from './config';
import { serveDraftCommands } from './draft-commands';

// Standalone collab server (`npm run start:collab`): WebSockets at /collab, GET /health, nothing else.
// Migrations are the API's job; this process only connects.
await runMain(async () => {
  const config = loadCollabConfig();
  const logger = pino({ level: config.LOG_LEVEL, name: 'collab-server' });
  const prisma = createPrismaClient(config.DATABASE_URL);
  const collab = createCollabServer({ prisma, config, logger });
  // An api in another process reaches this server's drafts through PostgreSQL (docs/decisions/0001).
  const draftCommands = serveDraftCommands({
    databaseUrl: config.DATABASE_URL,
    prisma,
    drafts: collab.drafts,
    logger,
  });

  const server = createServer((request, response) => {
    const isHealth = request.method === 'GET' && request.url === '/health';
    response.writeHead(isHealth ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        isHealth
          ? { status: 'ok', ...collab.stats() }
          : { error: { code: 'not_found', message: 'Not found.' } },
      ),
    );
  });
  server.on('upgrade', collab.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, redis: config.REDIS_URL !== undefined }, 'collab-server listening');

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'collab-server stopping');
    server.close();
    await draftCommands.close();
    await collab.close();
    await prisma.$disconnect();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal));
});
