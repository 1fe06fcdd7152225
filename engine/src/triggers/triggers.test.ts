import {
  createPrismaClient,
  createSecretBox,
  findLiveTable,
  qualifiedTable,
  type RecordRow,
  recordSelectList,
  retryDeadLetter,
  storeSecret,
  toTableRecord,
  verifyWebhookSignature,
} from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import { type Table, tableSchemaVersion } from '@erp/shared';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive, start } from '../flows/testing';
import {
  actionOf,
  emitEvent,
  publishHookTrigger,
  startTestReceiver,
  testActionServices,
  triggerOf,
  waitForRun,
} from './testing';
import { startTriggerRunner, type TriggerRunner } from './trigger-runner';

// The trigger engine against a real PostgreSQL and a real HTTP receiver on loopback: events become runs once,
// actions run in order with their idempotency keys, failures back off into dead letters.

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
const { user: developer } = await make.user(['developer']);
const receiver = await startTestReceiver();
const secrets = createSecretBox('a test key of thirty-two characters or more');
const runners: TriggerRunner[] = [];
afterAll(async () => {
  for (const runner of runners) await runner.stop();
});

async function startRunner() {
  const runner = await startTriggerRunner({
    connectionString: databaseUrl,
    prisma,
    logger: pino({ level: 'silent' }),
    pollMs: 100,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    services: testActionServices({ secrets }),
  });
  runners.push(runner);
  return runner;
}

const runner = await startRunner();
let eventCounter = 0;
const nextEventId = (type: string) => `${type}:test-${++eventCounter}`;

beforeEach(() => {
  receiver.respondWith(200);
  receiver.onRequest(null);
});

describe('events → runs', () => {
  it('a matching event makes one run whose email lands in the outbox, rendered and escaped', async () => {
    const flowId = crypto.randomUUID();
    const documentId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf(
        { type: 'flow.completed', flowId },
        [
          actionOf('sendEmail', {
            to: [{ type: 'email', address: 'finance@example.com' }],
            subject: 'Order {{data.number}} for {{data.amount}}',
            body: 'Customer: {{data.customer}}',
          }),
        ],
        { type: 'comparison', left: 'data.amount', operator: 'gt', right: 1000 },
      ),
    );
    const eventId = nextEventId('flow.completed');
    await emitEvent(prisma, eventId, 'flow.completed', {
      flowId,
      data: { number: 'A-7', amount: 1500, customer: '<script>x</script>' },
    });
    const run = await waitForRun(prisma, eventId);
    expect(run).toMatchObject({ outcome: 'completed', documentId, depth: 1 });
    expect(run.evaluation).toMatchObject({ result: true, actual: 1500 });
    expect(run.actions).toHaveLength(1);
    expect(run.actions[0]).toMatchObject({ status: 'done', attempts: 1 });
    const mail = await prisma.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: run.actions[0]?.idempotencyKey },
    });
    expect(mail).toMatchObject({ subject: 'Order A-7 for 1500', to: ['finance@example.com'], sentAt: null });
    expect(mail.html).toBe('<p>Customer: &#60;script&#62;x&#60;/script&#62;</p>');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@erp-builder\.invalid>$/);
  });

  it('a condition that does not hold makes a skipped run with the value it read, and no action', async () => {
    await publishLive(
      prisma,
      make,
      developer,
      triggerOf(
        { type: 'webhook.received', hookId: '8d1f0e4a-2f59-4a3e-9d7e-3b7c1f6a0001' },
        [actionOf('callWebhook', { url: receiver.url, method: 'POST', headers: {}, body: '{}' })],
        { type: 'comparison', left: 'body.amount', operator: 'gt', right: 1000 },
      ),
    );
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', {
      hookId: '8d1f0e4a-2f59-4a3e-9d7e-3b7c1f6a0001',
      body: {},
    });
    const run = await waitForRun(prisma, eventId);
    expect(run.outcome).toBe('skipped');
    expect(run.actions).toEqual([]);
    // A missing value is never a match.
    expect(run.evaluation).toMatchObject({ result: false });
    expect(run.evaluation).not.toHaveProperty('actual');
  });

  it('the same event dispatched twice is one run; a rolled-back event makes none', async () => {
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('callWebhook', { url: `${receiver.url}/dup`, method: 'POST', headers: {}, body: '{}' }),
    ]);
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', { hookId, body: {} });
    await waitForRun(prisma, eventId);
    // Delivered again (a dispatcher that crashed after its work, a replayed outbox): still one run, one call.
    const { seq } = await prisma.event.findUniqueOrThrow({ where: { id: eventId } });
    await prisma.queuedEvent.create({ data: { seq } });
    const rolledBack = nextEventId('webhook.received');
    await prisma
      .$transaction(async (db) => {
        await db.event.create({ data: { id: rolledBack, type: 'webhook.received', payload: { hookId } } });
        throw new Error('rollback');
      })
      .catch(() => {});
    const later = nextEventId('webhook.received');
    await emitEvent(prisma, later, 'webhook.received', { hookId, body: {} });
    await waitForRun(prisma, later);
    await expect.poll(() => prisma.queuedEvent.count()).toBe(0);
    expect(await prisma.triggerRun.count({ where: { eventId } })).toBe(1);
    expect(await prisma.triggerRun.count({ where: { eventId: rolledBack } })).toBe(0);
    expect(receiver.requests.filter((request) => request.url === '/dup')).toHaveLength(2);
  });
});

describe('events nobody listens to', () => {
  it('a flow event no live trigger listens to is not queued; one a trigger listens to makes its run', async () => {
    const flowId = await publishLive(
      prisma,
      make,
      developer,
      flowOf([node.start(), node.end()], edges(['start>end'])),
    );
    const triggerId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'flow.completed', flowId }, [
        actionOf('sendEmail', {
          to: [{ type: 'email', address: 'a@example.com' }],
          subject: 'Done',
          body: '',
        }),
      ]),
    );
    // No trigger listens to flow.started (yet, in this file): the statement that writes it queues nothing.
    const { instanceId } = await start(prisma, flowId, developer.id);
    const started = await prisma.event.findUniqueOrThrow({ where: { id: `flow.started:${instanceId}` } });
    expect(await prisma.queuedEvent.count({ where: { seq: started.seq } })).toBe(0);
    // flow.completed waits in the dispatcher's queue, and is made into the trigger's run.
    const run = await waitForRun(prisma, `flow.completed:${instanceId}`);
    expect(run).toMatchObject({ documentId: triggerId, outcome: 'completed' });
  });

  it('events nobody listens to announce a change but ask no dispatcher for work', async () => {
    const listener = new pg.Client({ connectionString: databaseUrl });
    await listener.connect();
    const payloads: (string | undefined)[] = [];
    listener.on('notification', (message) => payloads.push(message.payload));
    await listener.query('LISTEN erp_events');
    try {
      // A level, not the end: a trigger of this file listens to flow.completed, none to what a start writes.
      const formId = await publishLive(prisma, make, developer, approvalForm());
      const level = node.level('a', formId, { type: 'person', userId: developer.id });
      const flowId = await publishLive(
        prisma,
        make,
        developer,
        flowOf([node.start(), level, node.end()], edges(['start>a', 'a>end'])),
      );
      await start(prisma, flowId, developer.id);
      await expect.poll(() => payloads).toEqual(['events.unqueued']);
      // One a live trigger listens to (of another flow: it is queued, and makes no run).
      await emitEvent(prisma, nextEventId('flow.completed'), 'flow.completed', {
        flowId: crypto.randomUUID(),
      });
      await expect.poll(() => payloads).toEqual(['events.unqueued', 'events']);
    } finally {
      await listener.end();
    }
  });

  it('an event of another writer that no live trigger listens to is not queued and makes no run', async () => {
    const eventId = nextEventId('task.assigned');
    const { seq } = await emitEvent(prisma, eventId, 'task.assigned', {
      taskId: crypto.randomUUID(),
      assigneeIds: [],
    });
    expect(await prisma.queuedEvent.count({ where: { seq } })).toBe(0);
    await runner.idle();
    expect(await prisma.triggerRun.count({ where: { eventId } })).toBe(0);
  });
});

describe('actions', () => {
  it('runs actions in order; a webhook carries the key, a Standard Webhooks signature and the rendered body', async () => {
    const hookId = crypto.randomUUID();
    const secret = await storeSecret(prisma, secrets, 'receiver key', 'whsec_c2VjcmV0LXNpZ25pbmcta2V5');
    await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'webhook.received', hookId }, [
        actionOf(
          'callWebhook',
          {
            url: `${receiver.url}/first`,
            method: 'POST',
            headers: { 'X-Order': '{{body.order}}' },
            body: '{"note": "{{body.note}}"}',
            secretRef: secret.id,
          },
          0,
        ),
        actionOf('callWebhook', { url: `${receiver.url}/second`, method: 'GET', headers: {}, body: '' }, 1),
      ]),
    );
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', {
      hookId,
      body: { order: 'A-1', note: 'he said "hi", }' },
    });
    const run = await waitForRun(prisma, eventId);
    expect(run.outcome).toBe('completed');
    const first = receiver.requests.find((request) => request.url === '/first');
    const second = receiver.requests.find((request) => request.url === '/second');
    if (!first || !second) throw new Error('the receiver did not get both calls');
    expect(receiver.requests.indexOf(first)).toBeLessThan(receiver.requests.indexOf(second));
    // A value cannot close the JSON string it is placed in.
    expect(JSON.parse(first.body)).toEqual({ note: 'he said "hi", }' });
    expect(first.headers['x-order']).toBe('A-1');
    const id = String(first.headers['webhook-id']);
    expect(first.headers['idempotency-key']).toBe(id);
    expect(
      verifyWebhookSignature(
        'whsec_c2VjcmV0LXNpZ25pbmcta2V5',
        {
          id,
          timestamp: Number(first.headers['webhook-timestamp']),
          signature: String(first.headers['webhook-signature']),
        },
        first.body,
      ),
    ).toBe(true);
    expect(second.headers['webhook-signature']).toBeUndefined();
  });

  it('a receiver failing every time: retries with backoff, then a dead letter; a retry uses the same key', async () => {
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('callWebhook', { url: `${receiver.url}/flaky`, method: 'POST', headers: {}, body: '{}' }),
    ]);
    receiver.respondWith(503);
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', { hookId, body: {} });
    const run = await waitForRun(prisma, eventId);
    expect(run.outcome).toBe('failed');
    expect(run.actions[0]).toMatchObject({
      status: 'dead',
      attempts: 3,
      error: 'The receiver answered 503.',
    });
    const calls = () => receiver.requests.filter((request) => request.url === '/flaky');
    expect(calls()).toHaveLength(3);

    receiver.respondWith(200);
    await prisma.$transaction((db) => retryDeadLetter(db, run.actions[0]?.id ?? ''));
    await expect
      .poll(async () => (await waitForRun(prisma, eventId)).outcome, { timeout: 20_000 })
      .toBe('completed');
    expect(calls()).toHaveLength(4);
    expect(new Set(calls().map((request) => request.headers['webhook-id'])).size).toBe(1);
  });

  it('a subject that a value would split with CRLF is refused: dead at once, nothing in the outbox', async () => {
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('sendEmail', {
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'Hello {{body.name}}',
        body: 'x',
      }),
    ]);
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', {
      hookId,
      body: { name: 'Eve\r\nBcc: everyone@example.com' },
    });
    const run = await waitForRun(prisma, eventId);
    expect(run.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(run.actions[0]?.error).toContain('CRLF');
    expect(
      await prisma.outboxMessage.count({ where: { idempotencyKey: run.actions[0]?.idempotencyKey } }),
    ).toBe(0);
  });

  it('one refused mail in a batch of events: the others are kept once each, and only it is dead', async () => {
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('sendEmail', {
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'Order {{body.name}}',
        body: 'x',
      }),
    ]);
    // One commit, so the dispatcher takes the events in one batch: runs, ledger rows and mails in its statements.
    const ids = Array.from({ length: 20 }, () => nextEventId('webhook.received'));
    const names = ids.map((_, n) => (n === 7 ? 'Eve\r\nBcc: everyone@example.com' : `A-${n}`));
    await prisma.event.createMany({
      data: ids.map((id, n) => ({
        id,
        type: 'webhook.received',
        payload: { hookId, body: { name: names[n] } },
      })),
    });
    const runs = await Promise.all(ids.map((id) => waitForRun(prisma, id)));
    expect(runs.map((run) => run.outcome)).toEqual(ids.map((_, n) => (n === 7 ? 'failed' : 'completed')));
    expect(runs[7]?.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
    const mails = await prisma.outboxMessage.findMany({
      where: { idempotencyKey: { in: runs.map((run) => run.actions[0]?.idempotencyKey ?? '') } },
    });
    expect(mails.map((mail) => mail.subject).sort()).toEqual(
      names
        .filter((_, n) => n !== 7)
        .map((name) => `Order ${name}`)
        .sort(),
    );
    for (const [n, run] of runs.entries()) {
      if (n !== 7) expect(run.actions[0]).toMatchObject({ status: 'done', attempts: 1 });
      // What the trigger saw is its event's payload, read by the dispatcher where it lies.
      expect(run.context).toEqual({ hookId, body: { name: names[n] } });
    }
  });
});

describe('record actions', () => {
  const blankField = { description: '', required: false, unique: false };
  const table: Table = {
    kind: 'table',
    schemaVersion: tableSchemaVersion,
    description: '',
    displayFieldId: 'f1',
    access: { read: ['developer'], write: ['developer'] },
    fields: [
      { ...blankField, id: 'f1', order: 'a0', key: 'name', name: 'Name', type: 'text', required: true },
      { ...blankField, id: 'f2', order: 'a1', key: 'amount', name: 'Amount', type: 'number' },
      { ...blankField, id: 'f3', order: 'a2', key: 'status', name: 'Status', type: 'text', default: 'new' },
    ],
  };
  let tableId = '';
  beforeAll(async () => {
    tableId = await publishLive(prisma, make, developer, table);
  });
  const readRecords = async () => {
    const live = await findLiveTable(prisma, tableId);
    const rows = await prisma.$queryRawUnsafe<RecordRow[]>(
      `SELECT ${recordSelectList(live.table)} FROM ${qualifiedTable(tableId)} ORDER BY created_at`,
    );
    return rows.map(toTableRecord);
  };
  const hookRun = async (action: Parameters<typeof actionOf>, body: Record<string, unknown>) => {
    const hookId = await publishHookTrigger(prisma, make, developer, [actionOf(...action)]);
    const eventId = nextEventId('webhook.received');
    await emitEvent(prisma, eventId, 'webhook.received', { hookId, body });
    return waitForRun(prisma, eventId);
  };

  it('create writes one record from the event, by the trigger author, with its record.created event', async () => {
    const run = await hookRun(
      [
        'createRecord',
        {
          tableId,
          values: {
            name: { type: 'path', path: 'body.customer' },
            amount: { type: 'path', path: 'body.total' },
          },
        },
      ],
      { customer: 'Acme', total: 1200 },
    );
    expect(run.actions[0]).toMatchObject({ status: 'done' });
    const records = await readRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      values: { name: 'Acme', amount: 1200, status: 'new' },
      createdBy: developer.id,
    });
    expect(run.actions[0]?.result).toEqual({ recordId: records[0]?.id, version: 1 });
    expect(
      await prisma.event.count({
        where: { type: 'record.created', payload: { path: ['recordId'], equals: records[0]?.id } },
      }),
    ).toBe(1);
  });

  it('update changes the record the event names; a missing id or a refused value dead-letters and writes nothing', async () => {
    const [record] = await readRecords();
    const update = (body: Record<string, unknown>, amount: unknown = { type: 'path', path: 'body.total' }) =>
      hookRun(
        [
          'updateRecord',
          {
            tableId,
            recordId: { type: 'path', path: 'body.recordId' },
            values: { amount, status: { type: 'value', value: 'paid' } },
          },
        ],
        body,
      );
    const done = await update({ recordId: record?.id, total: 1300 });
    expect(done.actions[0]).toMatchObject({ status: 'done', result: { recordId: record?.id, version: 2 } });
    expect((await readRecords())[0]?.values).toMatchObject({ amount: 1300, status: 'paid' });

    const noId = await update({ total: 5 });
    expect(noId.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(noId.actions[0]?.error).toBe(
      'The event has no record id at body.recordId: no record was changed.',
    );

    const refused = await update({ recordId: record?.id, total: 'a lot' });
    expect(refused.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(refused.actions[0]?.error).toMatch(/not valid|number/i);
    expect((await readRecords()).map((row) => row.values.amount)).toEqual([1300]);
  });
});

describe('chains', () => {
  it('a trigger that starts the flow it listens to (A→A) stops at the depth limit, marked on the run', async () => {
    const formId = await publishLive(prisma, make, developer, approvalForm());
    const flowId = await publishLive(
      prisma,
      make,
      developer,
      flowOf(
        [node.start(), node.level('a', formId, { type: 'person', userId: developer.id }), node.end()],
        edges(['start>a', 'a>end']),
      ),
    );
    const triggerId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'flow.started', flowId }, [actionOf('startFlow', { flowId, data: {} })]),
    );
    await start(prisma, flowId, developer.id);
    await expect
      .poll(() => prisma.triggerRun.count({ where: { documentId: triggerId, outcome: 'depthLimited' } }), {
        timeout: 30_000,
      })
      .toBe(1);
    const runs = await prisma.triggerRun.findMany({
      where: { documentId: triggerId },
      orderBy: { depth: 'asc' },
    });
    expect(runs.map((run) => run.depth)).toEqual([1, 2, 3, 4, 5, 6]);
    // Each run's context is its event's payload with the flow its instance belongs to added.
    for (const run of runs) expect(run.context).toMatchObject({ instanceId: expect.any(String), flowId });
    expect(runs.at(-1)).toMatchObject({ outcome: 'depthLimited' });
    expect(runs.at(-1)?.error).toMatch(/limit is 5/);
    // The first instance, then one per run within the limit; the sixth run started nothing.
    expect(await prisma.flowInstance.count({ where: { documentId: flowId } })).toBe(1 + 5);
  });
});

it('another process sees the same queue: two runners never run one action twice', async () => {
  const second = createPrismaClient(databaseUrl, { max: 3 });
  const other = await startTriggerRunner({
    connectionString: databaseUrl,
    prisma: second,
    logger: pino({ level: 'silent' }),
    services: testActionServices({ secrets }),
  });
  runners.push(other);
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('callWebhook', { url: `${receiver.url}/shared`, method: 'POST', headers: {}, body: '{}' }),
  ]);
  const ids = Array.from({ length: 100 }, () => nextEventId('webhook.received'));
  await prisma.event.createMany({
    data: ids.map((id) => ({ id, type: 'webhook.received', payload: { hookId, body: {} } })),
  });
  await expect
    .poll(() => prisma.triggerAction.count({ where: { run: { eventId: { in: ids } }, status: 'done' } }), {
      timeout: 30_000,
    })
    .toBe(100);
  const calls = receiver.requests.filter((request) => request.url === '/shared');
  expect(calls).toHaveLength(100);
  expect(new Set(calls.map((request) => request.headers['webhook-id'])).size).toBe(100);
  await other.stop();
  await second.$disconnect();
  void runner;
});
