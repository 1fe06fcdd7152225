// Baselines for P5 (engine throughput): durable no-op jobs drained from PostgreSQL by raw pg-boss, and by a
// raw `FOR UPDATE SKIP LOCKED` loop over a plain table. Jobs are inserted first (not timed); the drain is
// timed until every job is committed as completed.
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { serveRequests } from '../harness/child';

export interface DrainResult {
  jobs: number;
  ms: number;
  perSecond: number;
}

export interface PgBossConfig {
  batchSize: number;
  localConcurrency: number;
  burstWhenBatchFull: boolean;
}

// An event as a trigger would receive it: the record and what changed, a few hundred bytes.
const payload = (index: number) => ({
  event: 'record.created',
  eventId: `bench-${index}`,
  tableId: '3f1c9a52-7d64-4c1b-9a40-1f0e2b7c8d11',
  recordId: index,
  data: { amount: index % 5000, status: 'new', requester: 'user-42', note: 'Office chairs for the new team' },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Between `prepare…` (inserts, not timed) and `drain` (timed): the prepared queue's drain.
let prepared: (() => Promise<DrainResult>) | null = null;

async function drainPrepared(): Promise<DrainResult> {
  if (!prepared) throw new Error('prepare a queue first');
  const drain = prepared;
  prepared = null;
  return drain();
}

async function preparePgBoss({ url, jobs, config }: { url: string; jobs: number; config: PgBossConfig }) {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss_bench',
    max: config.localConcurrency + 2,
  });
  boss.on('error', (error) => console.error('pg-boss', error.message));
  await boss.start();
  const queue = `bench-${config.batchSize}-${config.localConcurrency}-${Date.now()}`;
  await boss.createQueue(queue);
  for (let start = 0; start < jobs; start += 1000) {
    const chunk = Array.from({ length: Math.min(1000, jobs - start) }, (_, index) => ({
      data: payload(start + index),
    }));
    await boss.insert(queue, chunk);
  }
  prepared = () => drainPgBoss(boss, { url, queue, jobs, config });
}

async function drainPgBoss(
  boss: PgBoss,
  { url, queue, jobs, config }: { url: string; queue: string; jobs: number; config: PgBossConfig },
): Promise<DrainResult> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const completed = async () =>
    Number(
      (
        await pool.query<{ count: string }>(
          `SELECT count(*) FROM pgboss_bench.job WHERE name = $1 AND state = 'completed'`,
          [queue],
        )
      ).rows[0]?.count ?? 0,
    );
  let handled = 0;
  const started = performance.now();
  await boss.work(
    queue,
    {
      batchSize: config.batchSize,
      localConcurrency: config.localConcurrency,
      burstWhenBatchFull: config.burstWhenBatchFull,
      pollingIntervalSeconds: 0.5,
    },
    async (batch) => {
      handled += batch.length;
    },
  );
  // Counting completed rows is a query of its own: only once every job was handed out, and not too often.
  while (handled < jobs) await sleep(5);
  while ((await completed()) < jobs) await sleep(25);
  const ms = performance.now() - started;
  await boss.stop({ graceful: true, timeout: 5000 });
  await pool.end();
  return { jobs, ms, perSecond: (jobs / ms) * 1000 } satisfies DrainResult;
}

async function prepareSkipLocked(options: {
  url: string;
  jobs: number;
  batchSize: number;
  concurrency: number;
}) {
  const { url, jobs, concurrency } = options;
  const pool = new pg.Pool({ connectionString: url, max: concurrency + 1 });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS bench_jobs (
      id bigserial PRIMARY KEY,
      queue text NOT NULL,
      data jsonb NOT NULL,
      state text NOT NULL DEFAULT 'created',
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      completed_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS bench_jobs_ready ON bench_jobs (queue, id) WHERE state = 'created';`);
  const queue = `raw-${Date.now()}`;
  await pool.query(
    `INSERT INTO bench_jobs (queue, data) SELECT $1, value FROM jsonb_array_elements($2::jsonb)`,
    [queue, JSON.stringify(Array.from({ length: jobs }, (_, index) => payload(index)))],
  );
  prepared = () => drainSkipLocked(pool, queue, options);
}

async function drainSkipLocked(
  pool: pg.Pool,
  queue: string,
  { jobs, batchSize, concurrency }: { jobs: number; batchSize: number; concurrency: number },
): Promise<DrainResult> {
  const started = performance.now();
  let done = 0;
  const loop = async () => {
    for (;;) {
      const claimed = await pool.query<{ id: string; data: unknown }>(
        `UPDATE bench_jobs SET state = 'active', started_at = now()
         WHERE id IN (SELECT id FROM bench_jobs WHERE queue = $1 AND state = 'created'
                      ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, data`,
        [queue, batchSize],
      );
      if (claimed.rows.length === 0) return;
      // the no-op action
      await pool.query(`UPDATE bench_jobs SET state = 'completed', completed_at = now() WHERE id = ANY($1)`, [
        claimed.rows.map((row) => row.id),
      ]);
      done += claimed.rows.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const ms = performance.now() - started;
  await pool.end();
  if (done !== jobs) throw new Error(`the raw loop completed ${done} of ${jobs} jobs`);
  return { jobs, ms, perSecond: (jobs / ms) * 1000 } satisfies DrainResult;
}

serveRequests({ preparePgBoss, prepareSkipLocked, drain: drainPrepared });
