// P5/P6 "ours": the engine's trigger runner in its own process, on the migrated application database. A live
// trigger on `webhook.received` whose one action keeps a mail in the outbox (the cheapest durable action: one
// row in the ledger's transaction). Events are inserted as the API inserts them; the runner turns them into
// runs and actions.
import { createHash } from 'node:crypto';
import { createOutboundClient, startTriggerRunner } from '@erp/engine';
import { createPrismaClient, type PrismaClient } from '@erp/prisma';
import pg from 'pg';
import { pino } from 'pino';
import { serveRequests } from '../harness/child';
import type { DrainResult } from './queue-worker';

const hookId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const trigger = {
  kind: 'trigger',
  schemaVersion: 1,
  name: 'Bench',
  description: '',
  enabled: true,
  event: { type: 'webhook.received', hookId },
  actions: [
    {
      id: 'a1',
      order: 'a0',
      enabled: true,
      type: 'sendEmail',
      to: [{ type: 'email', address: 'bench@example.com' }],
      subject: 'Order {{body.recordId}}',
      body: 'Amount {{body.data.amount}}',
    },
  ],
};

// The same few hundred bytes as the pg-boss and SKIP LOCKED baselines carry.
const payload = (index: number) => ({
  hookId,
  body: {
    event: 'record.created',
    eventId: `bench-${index}`,
    tableId: '3f1c9a52-7d64-4c1b-9a40-1f0e2b7c8d11',
    recordId: index,
    data: {
      amount: index % 5000,
      status: 'new',
      requester: 'user-42',
      note: 'Office chairs for the new team',
    },
  },
});

let prisma: PrismaClient | null = null;
let pool: pg.Pool | null = null;
let round = 0;

async function setUp({ url }: { url: string }) {
  prisma = createPrismaClient(url, { max: 6 });
  pool = new pg.Pool({ connectionString: url, max: 2 });
  // P5 and P6 of one run share the database: the trigger of an earlier set-up would double every event's work.
  await prisma.document.updateMany({
    where: { kind: 'trigger', name: 'Bench', archivedAt: null },
    data: { archivedAt: new Date() },
  });
  const author = await prisma.user.create({
    data: {
      email: `bench-${Date.now()}@example.com`,
      name: 'Bench',
      passwordHash: 'none',
      roles: ['developer'],
    },
  });
  const document = await prisma.document.create({
    data: { kind: 'trigger', name: 'Bench', createdById: author.id, updatedById: author.id },
  });
  await prisma.documentVersion.create({
    data: {
      documentId: document.id,
      number: 1,
      status: 'live',
      content: trigger,
      contentHash: createHash('sha256').update(JSON.stringify(trigger)).digest('hex'),
      stateVector: new Uint8Array(),
      authorId: author.id,
    },
  });
}

function startRunner(db: PrismaClient, url: string) {
  return startTriggerRunner({
    connectionString: url,
    prisma: db,
    logger: pino({ level: 'silent' }),
    services: {
      mailer: null,
      mailFrom: 'Bench <bench@example.com>',
      outbound: createOutboundClient({ allowedHosts: [] }),
      secrets: null,
      integrations: null,
      reports: null,
      // The bench's actions start no flows: no SLA timers to schedule.
      flows: { now: () => new Date(), scheduleSla: async () => {} },
    },
  });
}

// Polled every 10 ms until the runner is through: two probes (no event queued for dispatch, no action due or
// waiting), so the harness costs the database next to nothing. Counting the ledger each time
// took more of PostgreSQL than the runner's work as the ledger grew, and slowed what it measured.
async function waitUntilDrained(expected: number): Promise<void> {
  if (!pool) throw new Error('set up first');
  for (;;) {
    const { rows } = await pool.query<{ drained: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM event_queue)
         AND NOT EXISTS (SELECT 1 FROM trigger_actions WHERE status IN ('pending', 'waiting')) AS drained`,
    );
    if (rows[0]?.drained) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const { rows } = await pool.query<{ count: string }>(
    `SELECT count(*) FROM trigger_actions WHERE status = 'done'`,
  );
  const done = Number(rows[0]?.count ?? 0);
  if (done !== expected) throw new Error(`the runner finished with ${done} of ${expected} actions done`);
}

/** P5: `jobs` events inserted while no runner listens (not timed), then drained by a runner (timed). */
async function drainEvents({ url, jobs }: { url: string; jobs: number }): Promise<DrainResult> {
  if (!prisma || !pool) throw new Error('set up first');
  round += 1;
  await pool.query('TRUNCATE trigger_actions, trigger_runs, outbox_attachments, outbox_messages');
  const rows = Array.from({ length: jobs }, (_, index) => ({
    id: `bench:${round}:${index}`,
    ...payload(index),
  }));
  for (let start = 0; start < rows.length; start += 1000) {
    await pool.query(
      `INSERT INTO events (id, type, payload)
       SELECT value->>'id', 'webhook.received', value - 'id' FROM jsonb_array_elements($1::jsonb)`,
      [JSON.stringify(rows.slice(start, start + 1000))],
    );
  }
  const started = performance.now();
  const drainer = await startRunner(prisma, url);
  await waitUntilDrained(jobs);
  const ms = performance.now() - started;
  await drainer.stop();
  return { jobs, ms, perSecond: (jobs / ms) * 1000 };
}

/** P6: the runner listens; events are committed one by one at `perSecond`; latency = action start − commit. */
async function measureLatency({
  url,
  events,
  perSecond,
}: {
  url: string;
  events: number;
  perSecond: number;
}) {
  if (!prisma || !pool) throw new Error('set up first');
  round += 1;
  await pool.query('TRUNCATE trigger_actions, trigger_runs, outbox_attachments, outbox_messages');
  const listening = await startRunner(prisma, url);
  const interval = 1000 / perSecond;
  const begin = performance.now();
  for (let index = 0; index < events; index++) {
    const due = begin + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await pool.query(`INSERT INTO events (id, type, payload) VALUES ($1, 'webhook.received', $2)`, [
      `latency:${round}:${index}`,
      JSON.stringify(payload(index)),
    ]);
  }
  await waitUntilDrained(events);
  await listening.stop();
  // Both clocks are the database's: the event's commit (its insert's now()) and the action's transaction start.
  const latencies = await pool.query<{ ms: number }>(
    `SELECT extract(epoch FROM (o.created_at - e.created_at)) * 1000 AS ms
     FROM trigger_actions a JOIN trigger_runs r ON r.id = a.run_id JOIN events e ON e.id = r.event_id
     JOIN outbox_messages o ON o.idempotency_key = a.idempotency_key`,
  );
  return latencies.rows.map((row) => Number(row.ms));
}

/** The baseline: a bare NOTIFY → LISTEN round trip between two connections, at the same rate. */
async function measureNotify({ url, events, perSecond }: { url: string; events: number; perSecond: number }) {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  await listener.query('LISTEN bench_round_trip');
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  listener.on('notification', (message) => {
    const at = sent.get(message.payload ?? '');
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  const interval = 1000 / perSecond;
  const begin = performance.now();
  for (let index = 0; index < events; index++) {
    const wait = begin + index * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.set(String(index), performance.now());
    await sender.query(`SELECT pg_notify('bench_round_trip', $1)`, [String(index)]);
  }
  while (latencies.length < events) await new Promise((resolve) => setTimeout(resolve, 10));
  await Promise.all([listener.end(), sender.end()]);
  return latencies;
}

serveRequests({ setUp, drainEvents, measureLatency, measureNotify });
