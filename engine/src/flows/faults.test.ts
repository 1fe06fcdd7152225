import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { type Engine, startEngine } from '../engine';
import { approvalForm, edges, flowOf, node, pendingStart, publishLive } from './testing';

// kill -9 of an engine process while it applies steps left to it (pending): nothing is lost and nothing
// happens twice, because a step is marked done in the transaction that applies it (a killed transaction rolls
// back whole).

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
const org = await make.org();
const { user: developer } = await make.user(['developer']);
const repository = fileURLToPath(new URL('../../..', import.meta.url));
let child: ChildProcess | undefined;
let engine: Engine | undefined;
afterAll(async () => {
  child?.kill('SIGKILL');
  await engine?.stop();
});

it('kill -9 mid-step: another engine finishes every step, each exactly once', {
  timeout: 180_000,
}, async () => {
  const formId = await publishLive(prisma, make, developer, approvalForm());
  const flow = flowOf(
    [node.start(), node.level('a', formId, { type: 'managerOfRequester' }), node.end()],
    edges(['start>a', 'a>end']),
  );
  const documentId = await publishLive(prisma, make, developer, flow);
  const instances = 300;
  for (let n = 0; n < instances; n += 1) await pendingStart(prisma, documentId, org.member.user.id);

  child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
    cwd: repository,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const done = () => prisma.flowStep.count({ where: { status: 'done' } });
  await expect.poll(done, { timeout: 120_000, interval: 20 }).toBeGreaterThan(0);
  child.kill('SIGKILL');
  const atKill = await done();
  expect(atKill).toBeLessThan(instances);

  engine = await startEngine({ connectionString: databaseUrl, prisma, logger: pino({ level: 'silent' }) });
  await expect.poll(done, { timeout: 60_000 }).toBe(instances);
  expect(await prisma.task.count()).toBe(instances);
  const perInstance = await prisma.task.groupBy({ by: ['instanceId'], _count: true });
  expect(perInstance.every((group) => group._count === 1)).toBe(true);
  expect(await prisma.event.count({ where: { type: 'task.assigned' } })).toBe(instances);
  expect(await prisma.event.count({ where: { type: 'flow.level_entered' } })).toBe(instances);
});
