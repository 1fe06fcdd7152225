import { applyPendingSteps, completeTask } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import { AppError, type FlowNode } from '@erp/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from '../engine';
import {
  approvalForm,
  complete as completeNow,
  edges,
  flowOf,
  node,
  pendingStart,
  publishLive,
  settled,
  start as startNow,
  testRuntime,
} from './testing';

// The engine runs published flows against a real PostgreSQL and pg-boss, assigning against a fixture org:
// Head (top) ← Member (reports to Head through the position tree; holds the company role).

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 8 });
const validFrom = new Date('2025-01-01T00:00:00Z');
let clock = new Date();
let engine: Engine;
const org = await make.org(validFrom);
const { user: developer } = await make.user(['developer']);
const { user: outsider } = await make.user(['employee']);
const emptyRole = await make.orgRole();
const formId = await publishLive(prisma, make, developer, approvalForm());
const requester = org.member.user.id;
const head = org.head.user.id;
// Commands apply their steps at the test's clock, as the engine does for the steps left to it.
const runtime = testRuntime(() => clock);
const start = (prisma_: typeof prisma, documentId: string, requesterId: string, data = {}) =>
  startNow(prisma_, documentId, requesterId, data, runtime);
const complete = (prisma_: typeof prisma, taskId: string, completedBy: string, data = {}) =>
  completeNow(prisma_, taskId, completedBy, data, runtime);

// Only notifications wake it within a test's time: the poll is a net for lost ones.
const startTestEngine = () =>
  startEngine({
    connectionString: databaseUrl,
    prisma,
    logger: pino({ level: 'silent' }),
    now: () => clock,
    flowPollMs: 600_000,
  });

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(() => engine?.stop());

/** start → one level with this assignment → end. */
async function oneLevel(assignment: Parameters<typeof node.level>[2]) {
  const flow = flowOf(
    [node.start(), node.level('a', formId, assignment), node.end()],
    edges(['start>a', 'a>end']),
  );
  return publishLive(prisma, make, developer, flow);
}

async function firstTask(assignment: Parameters<typeof node.level>[2], data = {}) {
  const { instanceId } = await start(prisma, await oneLevel(assignment), requester, data);
  const instance = await settled(prisma, instanceId);
  const [task] = instance.tasks;
  if (!task) throw new Error('no task was created');
  return { instance, task };
}

describe('assignment, resolved against the org as of the moment the task is created', () => {
  it('[A1] person: the task is theirs', async () => {
    const { task } = await firstTask({ type: 'person', userId: head });
    expect(task).toMatchObject({
      assigneeId: head,
      candidateIds: [],
      unassignedReason: null,
      status: 'open',
    });
  });

  it('[A2] role with one holder gets it; a role with several holders is a shared queue', async () => {
    expect((await firstTask({ type: 'role', orgRoleId: org.orgRole.id })).task.assigneeId).toBe(requester);
    await make.assignOrgRole(outsider.id, org.orgRole.id, { validFrom });
    const { task } = await firstTask({ type: 'role', orgRoleId: org.orgRole.id });
    expect(task.assigneeId).toBeNull();
    expect(task.candidateIds).toEqual([requester, outsider.id].sort());
    await prisma.orgRoleAssignment.deleteMany({ where: { userId: outsider.id } });
  });

  it('[A2] position: its holder', async () => {
    const { task } = await firstTask({ type: 'position', positionId: org.head.position.id });
    expect(task.assigneeId).toBe(head);
  });

  it('[A3] field value: the user the start data names', async () => {
    const { task } = await firstTask({ type: 'fieldValue', fieldKey: 'approver' }, { approver: head });
    expect(task.assigneeId).toBe(head);
  });

  it('[A4] manager of the requester, 1 level up; 2 levels up is nobody, with the reason', async () => {
    expect((await firstTask({ type: 'managerOfRequester' })).task.assigneeId).toBe(head);
    const { task } = await firstTask({ type: 'managerOfRequester', levelsUp: 2 });
    expect(task).toMatchObject({
      assigneeId: null,
      unassignedReason: 'The requester has no manager 2 levels up.',
    });
  });

  it('[A5] manager of the previous assignee: whoever completed the level before', async () => {
    const flow = flowOf(
      [
        node.start(),
        node.level('a', formId, { type: 'person', userId: requester }),
        node.level('b', formId, { type: 'managerOfPreviousAssignee' }),
        node.end(),
      ],
      edges(['start>a', 'a>b', 'b>end']),
    );
    const { instanceId } = await start(prisma, await publishLive(prisma, make, developer, flow), requester);
    const [first] = (await settled(prisma, instanceId)).tasks;
    await complete(prisma, first?.id ?? '', requester, { note: 'done' });
    const second = (await settled(prisma, instanceId)).tasks.find((task) => task.nodeId === 'b');
    expect(second?.assigneeId).toBe(head);
  });

  it('[A7] nobody (an empty role, no manager, a time before anyone held the seat): the unassigned queue', async () => {
    expect((await firstTask({ type: 'role', orgRoleId: emptyRole.id })).task.unassignedReason).toBe(
      'Nobody holds this role.',
    );
    clock = new Date('2024-06-01T00:00:00Z');
    try {
      const { task } = await firstTask({ type: 'managerOfRequester' });
      expect(task).toMatchObject({ assigneeId: null, unassignedReason: 'The requester has no manager.' });
    } finally {
      clock = new Date();
    }
  });
});

describe('advancing', () => {
  it('decides by the submitted data, keeps it under the level, and completes; completing twice is 409', async () => {
    const flow = flowOf(
      [
        node.start(),
        node.level('ask', formId, { type: 'managerOfRequester' }),
        node.decision('d'),
        node.level('finance', formId, { type: 'person', userId: outsider.id }),
        node.end('approved'),
        node.end('rejected'),
      ],
      edges(['start>ask', 'ask>d', 'd>finance', 'd>rejected', 'finance>approved'], {
        'd-finance': {
          condition: { type: 'comparison', left: 'decision', operator: 'eq', right: 'approve' },
        },
        'd-rejected': { isDefault: true },
      }),
    );
    const documentId = await publishLive(prisma, make, developer, flow);
    const approved = await start(prisma, documentId, requester);
    const rejected = await start(prisma, documentId, requester);
    for (const [{ instanceId }, decision] of [
      [approved, 'approve'],
      [rejected, 'reject'],
    ] as const) {
      const [ask] = (await settled(prisma, instanceId)).tasks;
      await complete(prisma, ask?.id ?? '', head, { decision });
      await expect(complete(prisma, ask?.id ?? '', head, { decision })).rejects.toMatchObject({
        code: 'conflict',
      });
    }
    const yes = await settled(prisma, approved.instanceId);
    expect(yes.tasks.map((task) => [task.nodeId, task.status])).toEqual([
      ['ask', 'completed'],
      ['finance', 'open'],
    ]);
    expect(yes.state).toMatchObject({ levels: { ask: { decision: 'approve' } } });
    const no = await settled(prisma, rejected.instanceId);
    expect(no).toMatchObject({ status: 'completed', state: { endNodeId: 'rejected' } });
    expect(
      await prisma.event.findUnique({ where: { id: `flow.completed:${rejected.instanceId}` } }),
    ).not.toBeNull();
    // Each completion's task.completed event carries its answers; the one that ends its flow (written with
    // the step in one statement) comes before flow.completed.
    for (const { instanceId } of [approved, rejected]) {
      const [ask] = (await settled(prisma, instanceId)).tasks;
      const event = await prisma.event.findUniqueOrThrow({ where: { id: `task.completed:${ask?.id}` } });
      expect(event.payload).toMatchObject({ taskId: ask?.id, instanceId, completedBy: head });
    }
    const [ending] = (await settled(prisma, rejected.instanceId)).tasks;
    const order = await prisma.event.findMany({
      where: { id: { in: [`task.completed:${ending?.id}`, `flow.completed:${rejected.instanceId}`] } },
      orderBy: { seq: 'asc' },
    });
    expect(order.map((event) => event.type)).toEqual(['task.completed', 'flow.completed']);
    expect(order[0]?.payload).toMatchObject({ data: { decision: 'reject' } });
  });

  it('refuses data the published form does not accept, and changes nothing', async () => {
    const { task } = await firstTask({ type: 'person', userId: head });
    await expect(complete(prisma, task.id, head, { decision: 'maybe' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { decision: expect.any(String) } },
    });
    await expect(complete(prisma, task.id, head, { unknown: 1 })).rejects.toBeInstanceOf(AppError);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');
  });

  it.each([
    [{ mode: 'all' } as const, 3, 0],
    [{ mode: 'any' } as const, 1, 2],
    [{ mode: 'nOfM', n: 2 } as const, 2, 1],
  ])(
    'parallel split, join %o: fires after %i completions and cancels %i open tasks',
    async (join, needed, cancelled) => {
      const level = (id: string) => node.level(id, formId, { type: 'person', userId: head });
      const flow = flowOf(
        [node.start(), node.split('p'), level('a'), level('b'), level('c'), node.join('j', join), node.end()],
        edges(['start>p', 'p>a', 'p>b', 'p>c', 'a>j', 'b>j', 'c>j', 'j>end']),
      );
      const { instanceId } = await start(prisma, await publishLive(prisma, make, developer, flow), requester);
      const tasks = (await settled(prisma, instanceId)).tasks;
      expect(tasks).toHaveLength(3);
      for (const task of tasks.slice(0, needed)) {
        await complete(prisma, task.id, head);
        await settled(prisma, instanceId);
      }
      const done = await settled(prisma, instanceId);
      expect(done.status).toBe('completed');
      expect(done.tasks.filter((task) => task.status === 'cancelled')).toHaveLength(cancelled);
    },
  );

  it('pins an instance to the version live at its start: publishing v2 changes nothing for it', async () => {
    const documentId = await oneLevel({ type: 'person', userId: head });
    const v1 = await start(prisma, documentId, requester);
    await oneLevelAgain(documentId);
    const v2 = await start(prisma, documentId, requester);
    expect([v1.versionNumber, v2.versionNumber]).toEqual([1, 2]);
    const [task] = (await settled(prisma, v1.instanceId)).tasks;
    expect(task?.assigneeId).toBe(head);
    expect((await settled(prisma, v2.instanceId)).tasks[0]?.assigneeId).toBe(outsider.id);
    await complete(prisma, task?.id ?? '', head);
    expect((await settled(prisma, v1.instanceId)).status).toBe('completed');
  });

  it('a step that throws fails its instance with the reason; other instances carry on', async () => {
    const unpublishedForm = (await make.document('taskForm', developer)).id;
    const broken = flowOf(
      [node.start(), node.level('a', unpublishedForm, { type: 'person', userId: head }), node.end()],
      edges(['start>a', 'a>end']),
    );
    const failing = await start(prisma, await publishLive(prisma, make, developer, broken), requester);
    const healthy = await firstTask({ type: 'person', userId: head });
    const failed = await settled(prisma, failing.instanceId);
    expect(failed).toMatchObject({
      status: 'failed',
      failure: 'The form of the level Level a is not published.',
    });
    expect(failed.tasks).toEqual([]);
    expect(failed.steps[0]).toMatchObject({ status: 'failed' });
    expect(healthy.instance.status).toBe('running');
  });

  it('completing a task and advancing are one transaction: the next level exists at commit, a rollback leaves nothing', async () => {
    await engine.flows.stop();
    try {
      const flow = flowOf(
        [
          node.start(),
          node.level('a', formId, { type: 'person', userId: head }),
          node.level('b', formId, { type: 'person', userId: outsider.id }),
          node.end(),
        ],
        edges(['start>a', 'a>b', 'b>end']),
      );
      const { instanceId } = await start(prisma, await publishLive(prisma, make, developer, flow), requester);
      const [first] = await prisma.task.findMany({ where: { instanceId } });
      const failure = new Error('the request failed after completing');
      await expect(
        prisma.$transaction(async (db) => {
          await completeTask(db, runtime, { taskId: first?.id ?? '', completedBy: head, data: {} });
          throw failure;
        }),
      ).rejects.toBe(failure);
      const untouched = await prisma.flowInstance.findUniqueOrThrow({
        where: { id: instanceId },
        include: { tasks: true, steps: true },
      });
      expect(untouched.tasks.map((task) => [task.nodeId, task.status])).toEqual([['a', 'open']]);
      expect(untouched.steps).toHaveLength(1);

      await complete(prisma, first?.id ?? '', head, { note: 'ok' });
      // No engine runs: what the commit holds is the whole advance.
      const advanced = await prisma.flowInstance.findUniqueOrThrow({
        where: { id: instanceId },
        include: { tasks: { orderBy: { createdAt: 'asc' } }, steps: { orderBy: { seq: 'asc' } } },
      });
      expect(advanced.tasks.map((task) => [task.nodeId, task.status])).toEqual([
        ['a', 'completed'],
        ['b', 'open'],
      ]);
      expect(advanced.steps.map((step) => step.status)).toEqual(['done', 'done']);
      expect(advanced.state).toMatchObject({ levels: { a: { note: 'ok' } } });
    } finally {
      await engine.stop();
      engine = await startTestEngine();
    }
  });

  const headLevel = (id: string) => node.level(id, formId, { type: 'person', userId: head });
  // A split into levels a and b (the head's) and `c`, joined (all) before the end; `chain` connects them.
  const splitOfThree = (c: FlowNode, chain: string[]) =>
    flowOf(
      [
        node.start(),
        node.split('p'),
        headLevel('a'),
        headLevel('b'),
        c,
        node.join('j', { mode: 'all' }),
        node.end(),
      ],
      edges(chain),
    );

  it('a completion behind a pending step that fails its instance stays: the task completed, its event written', async () => {
    await engine.flows.stop();
    try {
      const unpublishedForm = (await make.document('taskForm', developer)).id;
      const flow = splitOfThree(node.level('c', unpublishedForm, { type: 'person', userId: head }), [
        'start>p',
        'p>a',
        'p>b',
        'a>c',
        'c>j',
        'b>j',
        'j>end',
      ]);
      const { instanceId } = await start(prisma, await publishLive(prisma, make, developer, flow), requester);
      const tasks = await prisma.task.findMany({ where: { instanceId } });
      const [a, b] = ['a', 'b'].map((id) => tasks.find((task) => task.nodeId === id));
      // a's completion left pending (no engine runs): applying it creates c, whose form is not published.
      const event = { type: 'taskCompleted', taskId: a?.key ?? '', completedBy: head, data: {} };
      await prisma.flowStep.create({
        data: {
          id: `${instanceId}:completed:${a?.key}`,
          instanceId,
          event,
          actorId: head,
          status: 'pending',
        },
      });
      await complete(prisma, b?.id ?? '', head, { note: 'done' });
      const after = await prisma.flowInstance.findUniqueOrThrow({
        where: { id: instanceId },
        include: { tasks: true },
      });
      expect(after.status).toBe('failed');
      expect(after.tasks.find((task) => task.id === b?.id)).toMatchObject({
        status: 'completed',
        data: { note: 'done' },
      });
      expect(await prisma.event.findUnique({ where: { id: `task.completed:${b?.id}` } })).not.toBeNull();
    } finally {
      await engine.stop();
      engine = await startTestEngine();
    }
  });

  it('parallel branches completed at the same moment: every completion lands, the join fires once', async () => {
    const flow = splitOfThree(headLevel('c'), ['start>p', 'p>a', 'p>b', 'p>c', 'a>j', 'b>j', 'c>j', 'j>end']);
    const documentId = await publishLive(prisma, make, developer, flow);
    const started = await Promise.all(Array.from({ length: 3 }, () => start(prisma, documentId, requester)));
    const tasks = await prisma.task.findMany({
      where: { instanceId: { in: started.map((one) => one.instanceId) } },
    });
    expect(tasks).toHaveLength(9);
    await Promise.all(tasks.map((task) => complete(prisma, task.id, head)));
    const done = await prisma.flowInstance.findMany({
      where: { id: { in: started.map((one) => one.instanceId) } },
    });
    expect(done.map((instance) => instance.status)).toEqual(['completed', 'completed', 'completed']);
    expect(
      await prisma.event.count({
        where: { type: 'flow.completed', id: { in: done.map((i) => `flow.completed:${i.id}`) } },
      }),
    ).toBe(3);
  });

  it('the engine applies a step left pending once, however many wake-ups race for it', async () => {
    await engine.flows.stop();
    try {
      const documentId = await oneLevel({ type: 'person', userId: head });
      const instanceId = await pendingStart(prisma, documentId, requester);
      const applied = await Promise.all(
        Array.from({ length: 5 }, () =>
          prisma.$transaction((db) => applyPendingSteps(db, runtime, instanceId)),
        ),
      );
      expect(applied.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(await prisma.task.count({ where: { instanceId } })).toBe(1);
      expect(
        await prisma.event.count({ where: { payload: { path: ['instanceId'], equals: instanceId } } }),
      ).toBe(2);
    } finally {
      await engine.stop();
      engine = await startTestEngine();
    }
  });

  it('a pending step wakes the engine by notification: applied without waiting for the poll', async () => {
    const documentId = await oneLevel({ type: 'person', userId: head });
    const instanceId = await pendingStart(prisma, documentId, requester);
    const instance = await settled(prisma, instanceId);
    expect(instance.tasks).toHaveLength(1);
    expect(instance.steps[0]).toMatchObject({ id: `${instanceId}:start`, status: 'done' });
  });
});

async function oneLevelAgain(documentId: string) {
  const flow = flowOf(
    [node.start(), node.level('a', formId, { type: 'person', userId: outsider.id }), node.end()],
    edges(['start>a', 'a>end']),
  );
  await publishLive(prisma, make, developer, flow, documentId);
}
