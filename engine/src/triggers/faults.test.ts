import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive } from '../flows/testing';
import { actionOf, startTestReceiver, testActionServices, triggerOf } from './testing';
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
  const hookId = crypto.randomUUID();
  await publishLive(
    prisma,
    make,
    developer,
    triggerOf({ type: 'webhook.received', hookId }, [
      actionOf('startFlow', { flowId, data: {} }, 0),
      actionOf('callWebhook', { url: `${receiver.url}/effect`, method: 'POST', headers: {}, body: '{}' }, 1),
    ]),
  );
  const events = 60;
  await prisma.event.createMany({
    data: Array.from({ length: events }, (_, n) => ({
      id: `webhook.received:${hookId}:${n}`,
      type: 'webhook.received',
      payload: { hookId, body: { n } },
    })),
  });

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
