import type { PrismaClient } from '@erp/prisma';
import { type JobName, jobNames, jobs } from '@erp/shared';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { type FlowRunner, startFlowRunner } from './flows/flow-runner';
import { fireSlaTimer } from './jobs/flow-sla.job';
import { purgeExpiredSessions } from './jobs/sessions-purge.job';

export interface EngineDeps {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
  /** The clock assignments and SLA times are counted with (tests move it; pg-boss timers stay real). */
  now?: () => Date;
  /** How often the flow runner looks for pending steps no notification announced. */
  flowPollMs?: number;
}

export interface Engine {
  boss: PgBoss;
  flows: FlowRunner;
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
  const now = deps.now ?? (() => new Date());
  await boss.work('flow.sla', async (batch) => {
    for (const job of batch)
      await fireSlaTimer({ prisma: deps.prisma, now }, jobs['flow.sla'].parse(job.data));
  });
  for (const [name, cron] of Object.entries(schedules)) await boss.schedule(name, cron);

  const flows = await startFlowRunner({
    connectionString: deps.connectionString,
    prisma: deps.prisma,
    logger: deps.logger,
    now,
    pollMs: deps.flowPollMs,
    // The timers are jobs of the transaction that creates the task: no task without its timers, nor the reverse.
    scheduleSla: async (db, task) => {
      const moments = [
        { moment: 'due' as const, at: task.dueAt },
        ...(task.remindAt ? [{ moment: 'reminder' as const, at: task.remindAt }] : []),
      ];
      for (const { moment, at } of moments) {
        await boss.send('flow.sla', jobs['flow.sla'].parse({ taskId: task.id, moment }), {
          startAfter: at,
          // Kept until well after it is due, however far ahead that is.
          retentionSeconds: Math.max(0, Math.ceil((at.getTime() - Date.now()) / 1000)) + 7 * 86_400,
          db: {
            executeSql: async (text: string, values: unknown[] = []) => ({
              rows: await db.$queryRawUnsafe<unknown[]>(text, ...values),
            }),
          },
        });
      }
    },
  });

  return {
    boss,
    flows,
    // graceful: active jobs finish (or go back to the queue after the timeout) before stop resolves.
    stop: async () => {
      await flows.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
