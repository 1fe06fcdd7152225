import { createPrismaClient } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { actionOf, publishHookTrigger, startTestReceiver, testActionServices } from './testing';
import { startTriggerRunner } from './trigger-runner';

// Every backend of the trigger runner terminated under load (what a PostgreSQL restart does to it): the runner
// does not stop, reconnects (its LISTEN too), loses no action and does none twice.

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 2 });
const { user: developer } = await make.user(['developer']);
const receiver = await startTestReceiver();
// The runner's connections carry a name of their own, so the test can cut exactly those.
const runnerUrl = new URL(databaseUrl);
runnerUrl.searchParams.set('application_name', 'trigger-runner-under-test');
const pool = new pg.Pool({ connectionString: runnerUrl.toString(), max: 6 });
pool.on('error', () => {});
const runnerPrisma = createPrismaClient(pool);
const runner = await startTriggerRunner({
  connectionString: runnerUrl.toString(),
  prisma: runnerPrisma,
  logger: pino({ level: 'silent' }),
  pollMs: 100,
  services: testActionServices(),
});
afterAll(async () => {
  await runner.stop();
  await pool.end();
});

const terminateRunnerBackends = () =>
  prisma.$queryRaw<unknown[]>`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE application_name = 'trigger-runner-under-test'`;

it('keeps running through terminated backends and finishes every action once', {
  timeout: 120_000,
}, async () => {
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('callWebhook', { url: `${receiver.url}/restart`, method: 'POST', headers: {}, body: '{}' }),
  ]);
  const events = 300;
  await prisma.event.createMany({
    data: Array.from({ length: events }, (_, n) => ({
      id: `webhook.received:${hookId}:${n}`,
      type: 'webhook.received',
      payload: { hookId, body: { n } },
    })),
  });
  const done = () => prisma.triggerAction.count({ where: { status: 'done' } });
  for (const progress of [20, 120]) {
    await expect.poll(done, { timeout: 60_000, interval: 10 }).toBeGreaterThan(progress);
    expect((await terminateRunnerBackends()).length).toBeGreaterThan(0);
  }
  await expect.poll(done, { timeout: 60_000 }).toBe(events);
  expect(await prisma.triggerRun.count()).toBe(events);
  // Calls cut off by a terminated transaction were repeated under their key; each key took effect once.
  expect(receiver.effects.size).toBe(events);
  // Still at work after the cuts: a new event is picked up too.
  await prisma.event.create({
    data: { id: `webhook.received:${hookId}:after`, type: 'webhook.received', payload: { hookId, body: {} } },
  });
  await expect.poll(done, { timeout: 20_000 }).toBe(events + 1);
});
