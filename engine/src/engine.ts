import type { PrismaClient } from '@erp/prisma';
import { type JobName, jobNames, jobs } from '@erp/shared';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { recordPublishedVersion } from './jobs/document-published.job';
import { purgeExpiredSessions } from './jobs/sessions-purge.job';

export interface EngineDeps {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
}

export interface Engine {
  boss: PgBoss;
  stop(): Promise<void>;
}

// Maintenance schedules (cron, UTC). Flow and trigger jobs are sent by the API and by other jobs.
const schedules: Partial<Record<JobName, string>> = { 'sessions.purge': '*/15 * * * *' };

/** Starts pg-boss and every worker; the same function runs in `npm start` and in the standalone engine. */
export async function startEngine(deps: EngineDeps): Promise<Engine> {
  const boss = new PgBoss({ connectionString: deps.connectionString, schema: 'pgboss' });
  // Without a listener an error event would crash the process; pg-boss reconnects on its own.
  boss.on('error', (error) => deps.logger.error({ message: error.message }, 'pg-boss error'));
  await boss.start();
  for (const name of jobNames) await boss.createQueue(name);

  await boss.work('sessions.purge', async (batch) => {
    for (const job of batch) {
      jobs['sessions.purge'].parse(job.data ?? {});
      const purged = await purgeExpiredSessions(deps.prisma);
      deps.logger.info({ job: job.id, ...purged }, 'purged expired sessions');
    }
  });
  await boss.work('document.published', async (batch) => {
    for (const job of batch) recordPublishedVersion(deps.logger, jobs['document.published'].parse(job.data));
  });
  for (const [name, cron] of Object.entries(schedules)) await boss.schedule(name, cron);

  return {
    boss,
    // graceful: active jobs finish (or go back to the queue after the timeout) before stop resolves.
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
