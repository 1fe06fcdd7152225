// Standalone engine process (production: several of these beside the API and collab servers).
import { createPrismaClient, runMain } from '@erp/prisma';
import { pino } from 'pino';
import { loadEngineConfig } from './config';
import { startEngine } from './engine';

await runMain(async () => {
  const config = loadEngineConfig();
  const logger = pino({ level: config.LOG_LEVEL, name: 'engine' });
  const prisma = createPrismaClient(config.DATABASE_URL);
  const engine = await startEngine({
    connectionString: config.DATABASE_URL,
    prisma,
    logger,
    triggerConfig: config,
  });
  logger.info('engine started');
  const shutdown = async () => {
    await engine.stop();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
