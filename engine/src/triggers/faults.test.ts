import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive } from '../flows/testing';
import { actionOf, publishHookTrigger, startTestReceiver, testActionServices } from './testing';
import { startTriggerRunner } from './trigger-runner';

// kill -9 of engine processes at several points of an action (while the receiver holds the request, just as
// it answers, between actions): every own-data effect happens exactly once (it commits with the ledger row),
// and the receiver sees each idempotency key's effect once (a repeat carries the same key).

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
const { user: developer } = await make.user(['developer']);
const receiver = await startTestReceiver();
const repository = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

// Events of one hook in one commit, numbered in their body.
async function emitHookEvents(hookId: string, count: number): Promise<void> {
  await prisma.event.createMany({
    data: Array.from({ length: count }, (_, n) => ({
      id: `webhook.received:${hookId}:${n}`,
      type: 'webhook.received',
      payload: { hookId, body: { n } },
    })),
  });
}

function spawnEngine(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

it('kill -9 mid-action: each flow started once, each webhook key effective once', {
  timeout: 240_000,
}, async () => {
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
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('startFlow', { flowId, data: {} }, 0),
    actionOf('callWebhook', { url: `${receiver.url}/effect`, method: 'POST', headers: {}, body: '{}' }, 1),
  ]);
  const events = 60;
  await emitHookEvents(hookId, events);

  // Point 1: the receiver holds a request when the engine dies. Point 2: it dies as the answer leaves.
  // Point 3: it dies between batches of actions, at a moment chosen by progress rather than by a request. (The
  // flows start in the transaction that dispatches their events: a kill before its commit undoes them all.)
  const killPoints: ((child: ChildProcess) => Promise<void>)[] = [
    (child) =>
      new Promise((resolve) => {
        receiver.onRequest(() => {
          receiver.onRequest(null);
          child.kill('SIGKILL');
          resolve();
        });
      }),
    (child) =>
      new Promise((resolve) => {
        receiver.onRequest(() => {
          receiver.onRequest(null);
          setImmediate(() => {
            child.kill('SIGKILL');
            resolve();
          });
        });
      }),
    async (child) => {
      const webhooksDone = () =>
        prisma.triggerAction.count({ where: { type: 'callWebhook', status: 'done' } });
      const before = await webhooksDone();
      await expect.poll(webhooksDone, { timeout: 60_000, interval: 10 }).toBeGreaterThan(before);
      child.kill('SIGKILL');
    },
  ];
  for (const killAt of killPoints) {
    const child = spawnEngine();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await killAt(child);
    await exited;
  }
  const done = () => prisma.triggerAction.count({ where: { status: 'done' } });
  expect(await done()).toBeLessThan(events * 2);

  const runner = await startTriggerRunner({
    connectionString: databaseUrl,
    prisma,
    logger: pino({ level: 'silent' }),
    services: testActionServices(),
  });
  await expect.poll(done, { timeout: 60_000 }).toBe(events * 2);
  await runner.stop();

  expect(await prisma.flowInstance.count({ where: { documentId: flowId } })).toBe(events);
  expect(await prisma.triggerCause.count()).toBe(events);
  const keys = await prisma.triggerAction.findMany({
    where: { type: 'callWebhook' },
    select: { attempts: true },
  });
  expect(keys).toHaveLength(events);
  const calls = receiver.requests.filter((request) => request.url === '/effect');
  expect(receiver.effects.size).toBe(events);
  // The request held at the first kill was sent again under the same key: more requests than keys, never
  // more keys than actions.
  expect(new Set(calls.map((request) => request.headers['webhook-id'])).size).toBe(events);
  expect(calls.length).toBeGreaterThan(events);
});

it('kill -9 mid-batch of dispatch: every event one run, one mail, one done ledger row', {
  timeout: 240_000,
}, async () => {
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('sendEmail', {
      to: [{ type: 'email', address: 'a@example.com' }],
      subject: 'Order {{body.n}}',
      body: 'x',
    }),
  ]);
  // Enough for many dispatch batches: a kill lands inside one (runs, ledger rows and mails written, not
  // committed) or between two.
  const events = 6_000;
  await emitHookEvents(hookId, events);
  const runs = () =>
    prisma.triggerRun.count({ where: { eventId: { startsWith: `webhook.received:${hookId}:` } } });
  for (let kill = 0; kill < 2; kill++) {
    const child = spawnEngine();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const before = await runs();
    await expect.poll(runs, { timeout: 60_000, interval: 5 }).toBeGreaterThan(before);
    child.kill('SIGKILL');
    await exited;
  }
  expect(await runs()).toBeLessThan(events);

  const runner = await startTriggerRunner({
    connectionString: databaseUrl,
    prisma,
    logger: pino({ level: 'silent' }),
    services: testActionServices(),
  });
  await expect.poll(runs, { timeout: 60_000 }).toBe(events);
  await runner.stop();

  const rows = await prisma.$queryRaw<{ actions: bigint; done: bigint; once: bigint; mails: bigint }[]>`
    SELECT count(*) AS actions, count(*) FILTER (WHERE a.status = 'done') AS done,
           count(*) FILTER (WHERE a.attempts = 1) AS once, count(o.id) AS mails
    FROM trigger_runs r JOIN trigger_actions a ON a.run_id = r.id
    LEFT JOIN outbox_messages o ON o.idempotency_key = a.idempotency_key
    WHERE r.event_id LIKE ${`webhook.received:${hookId}:%`}`;
  expect(rows[0]).toEqual({
    actions: BigInt(events),
    done: BigInt(events),
    once: BigInt(events),
    mails: BigInt(events),
  });
  expect(await prisma.queuedEvent.count()).toBe(0);
});
