import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { type Engine, startEngine } from '../engine';
import { approvalForm, edges, flowOf, node, publishLive, settled, start } from '../flows/testing';

// SLA timers are pg-boss jobs scheduled for the exact reminder and due times. The engine's clock is set three
// days back, so a one-day SLA is already past in real time: the timers fire at once instead of in hours.

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
const org = await make.org();
const { user: developer } = await make.user(['developer']);
const clock = new Date(Date.now() - 3 * 86_400_000);
let engine: Engine | undefined;
afterAll(() => engine?.stop());

it('[SLA1] schedules the reminder and the due timer at their exact times; overdue escalates to the manager, once', async () => {
  engine = await startEngine({
    connectionString: databaseUrl,
    prisma,
    logger: pino({ level: 'silent' }),
    now: () => clock,
  });
  const formId = await publishLive(prisma, make, developer, approvalForm());
  const sla = { due: 'P1D', reminderBefore: 'PT2H', escalation: 'reassignToManager' } as const;
  const flow = flowOf(
    [node.start(), node.level('a', formId, { type: 'person', userId: org.member.user.id }, sla), node.end()],
    edges(['start>a', 'a>end']),
  );
  const { instanceId } = await start(
    prisma,
    await publishLive(prisma, make, developer, flow),
    org.head.user.id,
    {},
    engine.runtime,
  );
  const [task] = (await settled(prisma, instanceId)).tasks;
  if (!task) throw new Error('no task');
  const dueAt = new Date(clock.getTime() + 86_400_000);
  expect(task.dueAt).toEqual(dueAt);
  expect(task.remindAt).toEqual(new Date(dueAt.getTime() - 2 * 3_600_000));

  const timers = await prisma.$queryRaw<{ start_after: Date; data: { moment: string } }[]>`
    SELECT start_after, data FROM pgboss.job WHERE name = 'flow.sla' AND data->>'taskId' = ${task.id}`;
  expect(Object.fromEntries(timers.map((timer) => [timer.data.moment, timer.start_after.getTime()]))).toEqual(
    {
      due: dueAt.getTime(),
      reminder: task.remindAt?.getTime(),
    },
  );

  await expect
    .poll(
      () =>
        prisma.flowStep.count({ where: { instanceId, status: 'done', NOT: { id: { endsWith: ':start' } } } }),
      {
        timeout: 20_000,
      },
    )
    .toBe(2);
  const reassigned = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
  expect(reassigned.assigneeId).toBe(org.head.user.id);
  const overdue = await prisma.event.findUniqueOrThrow({ where: { id: `task.overdue:${task.id}` } });
  expect(overdue.payload).toMatchObject({
    reassignedTo: org.head.user.id,
    notify: [org.member.user.id, org.head.user.id],
  });
  expect(await prisma.event.count({ where: { id: `task.due_soon:${task.id}` } })).toBe(1);

  // A timer that fires again (at-least-once delivery) finds its step and does nothing.
  const again = await engine.boss.send('flow.sla', { taskId: task.id, moment: 'due' });
  await expect
    .poll(async () => (again ? (await engine?.boss.getJobById('flow.sla', again))?.state : null), {
      timeout: 15_000,
    })
    .toBe('completed');
  expect(await prisma.flowStep.count({ where: { instanceId } })).toBe(3);
  expect(await prisma.event.count({ where: { type: 'task.overdue' } })).toBe(1);
});
