import { type SqlRunner, sqlOf } from '@erp/prisma';
import { type JobName, type JobPayload, jobNames, jobs } from '@erp/shared';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

/** Sends engine jobs inside the caller's transaction (Prisma's or plain `Sql`), so a job exists exactly when the change that made it commits. */
export interface JobQueue {
  send<Name extends JobName>(
    tx: SqlRunner,
    name: Name,
    payload: JobPayload<Name>,
    options?: { startAfter?: Date; retentionSeconds?: number },
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A pg-boss client that only sends (no workers, no maintenance: the engine does both), started on first use so
 * an api that never publishes never touches the pg-boss schema. `boss` reuses the engine's client in one process.
 */
export function createJobQueue(
  options: { connectionString: string; logger: Logger } | { boss: PgBoss },
): JobQueue {
  let starting: Promise<PgBoss> | null = null;
  const start = async (): Promise<PgBoss> => {
    if ('boss' in options) return options.boss;
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    boss.on('error', (error) => options.logger.error({ message: error.message }, 'pg-boss error'));
    await boss.start();
    for (const name of jobNames) await boss.createQueue(name);
    return boss;
  };
  return {
    async send(tx, name, payload, options = {}) {
      starting ??= start();
      const boss = await starting;
      const data = jobs[name].parse(payload);
      const sql = sqlOf(tx);
      await boss.send(name, data, {
        ...options,
        db: {
          executeSql: async (text: string, values: unknown[] = []) => ({
            rows: await sql.query(text, values),
          }),
        },
      });
    },
    async stop() {
      if (!starting || 'boss' in options) return;
      await (await starting).stop({ graceful: false, close: true });
    },
  };
}
