import { type Engine, startEngine } from '@erp/engine';
import { approvalForm, edges, flowOf, node, publishLive } from '@erp/engine/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../http/session';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';
import { visibleTaskWhere } from './task-access';

// The flow and portal routes against the real engine: who sees and may do what (404 outside one's part),
// claim races, completing twice, validation against the published form, the timeline in words.

const t: TestApp = await createTestApp();
const org = await t.make.org();
const requester = org.member;
const manager = org.head;
const outsider = await t.make.user(['employee'], { name: 'Olga Outsider' });
const admin = await t.make.user(['admin']);
const developer = await t.make.user(['developer']);
const clerks = [await t.make.user(['employee']), await t.make.user(['employee'])];
const clerkRole = await t.make.orgRole('Clerks');
for (const clerk of clerks)
  await t.make.assignOrgRole(clerk.user.id, clerkRole.id, { validFrom: new Date('2025-01-01') });

const formId = await publishLive(t.prisma, t.make, developer.user, approvalForm());
// start → the manager approves → the clerks' queue → end
const flowId = await publishLive(
  t.prisma,
  t.make,
  developer.user,
  flowOf(
    [
      node.start(),
      node.level('approve', formId, { type: 'managerOfRequester' }),
      node.level('book', formId, { type: 'role', orgRoleId: clerkRole.id }),
      node.end(),
    ],
    edges(['start>approve', 'approve>book', 'book>end']),
  ),
);

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({
    connectionString: t.databaseUrl,
    prisma: t.prisma,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(() => engine?.stop());

const as = (account: { token: string }) => ({
  get: (path: string) => t.http().get(path).set(bearer(account.token)),
  post: (path: string, body: object = {}) => t.http().post(path).set(bearer(account.token)).send(body),
  put: (path: string, body: object) => t.http().put(path).set(bearer(account.token)).send(body),
});

async function openTask(account: { token: string }, instanceId: string, scope = 'all') {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await as(account).get(`/api/portal/tasks?scope=${scope}`).expect(200);
        id = response.body.items.find((task: { instanceId: string }) => task.instanceId === instanceId)?.id;
        return id;
      },
      { timeout: 15_000 },
    )
    .toBeDefined();
  return id as string;
}

describe('flows in the portal', () => {
  it('starts the live version; an unknown or unpublished flow is 404', async () => {
    const started = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    expect(started.body.version).toBe(1);
    const draft = await t.make.document('flow', developer.user);
    await as(requester).post(`/api/flows/${draft.id}/instances`, { data: {} }).expect(404);
    const flows = await as(outsider).get('/api/portal/flows').expect(200);
    expect(flows.body.items.map((flow: { documentId: string }) => flow.documentId)).toContain(flowId);
    expect(flows.body.items.map((flow: { documentId: string }) => flow.documentId)).not.toContain(draft.id);
  });

  it('an automatic flow runs to its end as it starts: completed, its step done, flow.started before flow.completed', async () => {
    const automatic = await publishLive(
      t.prisma,
      t.make,
      developer.user,
      flowOf([node.start(), node.decision('check'), node.end()], edges(['start>check', 'check>end'])),
    );
    const { body } = await as(requester)
      .post(`/api/flows/${automatic}/instances`, { data: { note: 'x' } })
      .expect(201);
    const instance = await t.prisma.flowInstance.findUniqueOrThrow({
      where: { id: body.id },
      include: { steps: true },
    });
    expect(instance).toMatchObject({ status: 'completed', failure: null, state: { endNodeId: 'end' } });
    expect(instance.finishedAt).not.toBeNull();
    expect(instance.steps.map((step) => [step.id, step.status])).toEqual([[`${body.id}:start`, 'done']]);
    const events = await t.prisma.event.findMany({
      where: { id: { in: [`flow.started:${body.id}`, `flow.completed:${body.id}`] } },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((event) => event.type)).toEqual(['flow.started', 'flow.completed']);
    expect(events[1]?.payload).toMatchObject({ instanceId: body.id, documentId: automatic, version: 1 });
    const view = await as(requester).get(`/api/instances/${body.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'completed', current: [] });
  });

  it('[ST1] only the people a flow names may start it (roles, departments with the ones below): the others neither see it nor start it', async () => {
    const subDepartment = await t.make.department('Payables', org.department.id);
    const payables = await t.make.user(['employee'], { name: 'Pia Payables' });
    await t.make.assignPosition(payables.user.id, (await t.make.position(subDepartment.id)).id, {
      validFrom: new Date('2025-01-01'),
    });
    const start = node.start();
    const restricted = await publishLive(
      t.prisma,
      t.make,
      developer.user,
      flowOf(
        [
          {
            ...start,
            type: 'start',
            startedBy: { orgRoleIds: [clerkRole.id], positionIds: [], departmentIds: [org.department.id] },
          },
          node.level('approve', formId, { type: 'managerOfRequester' }),
          node.end(),
        ],
        edges(['start>approve', 'approve>end']),
      ),
    );
    const startable = async (account: { token: string }) =>
      (await as(account).get('/api/portal/flows').expect(200)).body.items.map(
        (flow: { documentId: string }) => flow.documentId,
      );
    for (const allowed of [clerks[0], payables, requester] as { token: string }[]) {
      expect(await startable(allowed)).toContain(restricted);
      await as(allowed).post(`/api/flows/${restricted}/instances`, { data: {} }).expect(201);
    }
    expect(await startable(outsider)).not.toContain(restricted);
    expect(await startable(outsider)).toContain(flowId);
    const refused = await as(outsider).post(`/api/flows/${restricted}/instances`, { data: {} }).expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(await t.prisma.flowInstance.count({ where: { documentId: restricted } })).toBe(3);
  });

  it("nobody sees a task or instance they are not part of: 404 on every route, even the requester's task view", async () => {
    const { body } = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    const taskId = await openTask(manager, body.id);
    for (const account of [outsider, requester, clerks[0] as (typeof clerks)[0]]) {
      await as(account).get(`/api/portal/tasks/${taskId}`).expect(404);
      await as(account).post(`/api/portal/tasks/${taskId}/claim`).expect(404);
      await as(account).post(`/api/portal/tasks/${taskId}/unclaim`).expect(404);
      await as(account).post(`/api/portal/tasks/${taskId}/complete`, { data: {} }).expect(404);
      await as(account).put(`/api/portal/tasks/${taskId}/draft`, { data: {} }).expect(404);
      await as(account).post(`/api/portal/tasks/${taskId}/comments`, { body: 'hi' }).expect(404);
      const inbox = await as(account).get('/api/portal/tasks').expect(200);
      expect(inbox.body.items.map((task: { id: string }) => task.id)).not.toContain(taskId);
    }
    await as(outsider).get(`/api/instances/${body.id}`).expect(404);
    await as(requester).get(`/api/instances/${body.id}`).expect(200);
    await as(manager).get(`/api/instances/${body.id}`).expect(200);
    await as(admin).get(`/api/instances/${body.id}`).expect(200);
    const mine = await as(requester).get('/api/portal/instances').expect(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(body.id);
    const theirs = await as(outsider).get('/api/portal/instances').expect(200);
    expect(theirs.body.items).toEqual([]);
  });

  it('completes through the published form: bad data is 422 and changes nothing, twice is 409', async () => {
    const { body } = await as(requester)
      .post(`/api/flows/${flowId}/instances`, { data: { note: 'from the start', other: 1 } })
      .expect(201);
    const taskId = await openTask(manager, body.id, 'mine');
    // The form starts from the instance's answers under its own field keys.
    const opened = (await as(manager).get(`/api/portal/tasks/${taskId}`).expect(200)).body;
    expect(opened.prefill).toEqual({ note: 'from the start' });
    // Every level sees what the requester asked with.
    expect(opened.earlier).toEqual([
      {
        id: 'request',
        nodeId: 'start',
        name: 'The request',
        data: { note: 'from the start', other: 1 },
        form: null,
      },
    ]);
    const refused = await as(manager).post(`/api/portal/tasks/${taskId}/complete`, {
      data: { decision: 'maybe' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields.decision).toBeDefined();
    await as(manager)
      .put(`/api/portal/tasks/${taskId}/draft`, { data: { note: 'thinking' } })
      .expect(200);
    expect((await as(manager).get(`/api/portal/tasks/${taskId}`).expect(200)).body.draft).toEqual({
      note: 'thinking',
    });
    await as(manager).post(`/api/portal/tasks/${taskId}/comments`, { body: 'Looks fine.' }).expect(201);
    await as(manager)
      .post(`/api/portal/tasks/${taskId}/complete`, { data: { decision: 'approve' } })
      .expect(204);
    await as(manager)
      .post(`/api/portal/tasks/${taskId}/complete`, { data: { decision: 'approve' } })
      .expect(409);

    // The clerks' queue: of two claims racing, exactly one wins.
    const [first, second] = clerks as [(typeof clerks)[0], (typeof clerks)[0]];
    const queued = await openTask(first, body.id, 'queue');
    // A later level reads the approval through the form it was given in (labels and options, not keys).
    const later = (await as(first).get(`/api/portal/tasks/${queued}`).expect(200)).body;
    expect(later.earlier.map((level: { name: string }) => level.name)).toEqual([
      'The request',
      'Level approve',
    ]);
    expect(later.earlier[1].data).toEqual({ decision: 'approve' });
    expect(later.earlier[1].form.fields.map((field: { key: string }) => field.key)).toContain('decision');
    // The requester reads the same submissions in the instance's view.
    const asRequested = (await as(requester).get(`/api/instances/${body.id}`).expect(200)).body;
    expect(asRequested.submissions).toEqual(later.earlier);
    const claims = await Promise.all(
      [first, second].map((clerk) => as(clerk).post(`/api/portal/tasks/${queued}/claim`)),
    );
    expect(claims.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = claims[0]?.status === 200 ? first : second;
    const loser = winner === first ? second : first;
    await as(loser).post(`/api/portal/tasks/${queued}/complete`, { data: {} }).expect(409);
    await as(winner).post(`/api/portal/tasks/${queued}/unclaim`).expect(200);
    await as(loser).post(`/api/portal/tasks/${queued}/claim`).expect(200);
    await as(loser)
      .post(`/api/portal/tasks/${queued}/complete`, { data: { note: 'booked' } })
      .expect(204);

    await expect
      .poll(async () => (await as(requester).get(`/api/instances/${body.id}`)).body.status, {
        timeout: 15_000,
      })
      .toBe('completed');
    const view = await as(requester).get(`/api/instances/${body.id}`).expect(200);
    const lines = view.body.timeline.map((entry: { text: string }) => entry.text);
    expect(lines).toContain(`Started by ${requester.user.name}`);
    expect(lines).toContain(`Level approve: assigned to ${manager.user.name}`);
    expect(lines).toContain(`Level approve completed by ${manager.user.name}`);
    expect(lines).toContain('Level book: in a shared queue of 2 people');
    expect(view.body.flow.version).toBe(1);
  });

  it('sends a task back to the level before, with a reason, where the flow allows it; the SLA timers of the new task are set', async () => {
    const sla = { due: 'P2D' } as const;
    const reviewFlowId = await publishLive(
      t.prisma,
      t.make,
      developer.user,
      flowOf(
        [
          node.start(),
          node.level('ask', formId, { type: 'person', userId: requester.user.id }, sla),
          node.level('review', formId, { type: 'managerOfRequester' }, undefined, { allowSendBack: true }),
          node.end(),
        ],
        edges(['start>ask', 'ask>review', 'review>end']),
      ),
    );
    const { body } = await as(requester)
      .post(`/api/flows/${reviewFlowId}/instances`, { data: {} })
      .expect(201);
    const ask = await openTask(requester, body.id, 'mine');
    expect((await as(requester).get(`/api/portal/tasks/${ask}`)).body.canSendBack).toBe(false);
    await as(requester).post(`/api/portal/tasks/${ask}/send-back`, { reason: 'no' }).expect(409);
    await as(requester)
      .post(`/api/portal/tasks/${ask}/complete`, { data: { note: 'first try' } })
      .expect(204);
    // Completed and advanced in one transaction: the next level is there when the response arrives.
    const review = (await as(manager).get('/api/portal/tasks?scope=mine').expect(200)).body.items.find(
      (task: { instanceId: string }) => task.instanceId === body.id,
    )?.id as string;
    expect((await as(manager).get(`/api/portal/tasks/${review}`)).body.canSendBack).toBe(true);
    await as(outsider).post(`/api/portal/tasks/${review}/send-back`, { reason: 'x' }).expect(404);
    expect((await as(manager).post(`/api/portal/tasks/${review}/send-back`, { reason: ' ' })).status).toBe(
      400,
    );
    await as(manager)
      .post(`/api/portal/tasks/${review}/send-back`, { reason: 'Attach the receipt, please.' })
      .expect(200);
    await as(manager).post(`/api/portal/tasks/${review}/send-back`, { reason: 'again' }).expect(409);

    const again = (await as(requester).get('/api/portal/tasks?scope=mine').expect(200)).body.items.find(
      (task: { instanceId: string; id: string }) => task.instanceId === body.id && task.id !== ask,
    )?.id as string;
    const detail = (await as(requester).get(`/api/portal/tasks/${again}`).expect(200)).body;
    expect(detail).toMatchObject({
      name: 'Level ask',
      prefill: { note: 'first try' },
      sentBack: { by: { id: manager.user.id }, reason: 'Attach the receipt, please.' },
      canComplete: true,
    });
    const timers = await t.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM pgboss.job WHERE name = 'flow.sla' AND data->>'taskId' = ${again}`;
    expect(timers).toHaveLength(1);
    const view = await as(requester).get(`/api/instances/${body.id}`).expect(200);
    expect(view.body.timeline.map((entry: { text: string }) => entry.text)).toContain(
      `Level review sent back by ${manager.user.name}: “Attach the receipt, please.”`,
    );
  });

  it('the event stream tells of a new task at once and ends when its session signs out', async () => {
    const { collabUrl } = await t.listen();
    const origin = collabUrl.replace('ws:', 'http:').replace('/collab', '');
    const session = await t.createUser(['employee']);
    const response = await fetch(`${origin}/api/portal/events`, {
      headers: { accept: 'text/event-stream', ...bearer(session.token) },
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    // Reads until `text` has arrived; the stream's end is `null`.
    const until = async (text: string) => {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) return null;
        received += new TextDecoder().decode(value);
      }
      return received;
    };
    await until('retry:');
    await as(outsider).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    const reassigned = await t.prisma.task.findFirstOrThrow({
      where: { instance: { requesterId: outsider.user.id }, status: 'open' },
    });
    await as(admin).post(`/api/tasks/${reassigned.id}/reassign`, { userId: session.user.id }).expect(200);
    expect(await until('event: tasks')).not.toBeNull();
    await as(session).post('/api/auth/logout').expect(204);
    expect(await until('event: signedOut')).not.toBeNull();
    expect((await reader.read()).done).toBe(true);
    // The reassignment's event id counts the task's assignments (the outsider has no manager: the task was
    // created unassigned), never the clock.
    const assigned = await t.prisma.event.findMany({
      where: { type: 'task.assigned', payload: { path: ['taskId'], equals: reassigned.id } },
    });
    expect(assigned.map((event) => event.id)).toEqual([`task.assigned:${reassigned.id}:1`]);
  });

  it('a completion that waited for the instance behind a writer sees the steps that writer left pending (here a cancel): 409', async () => {
    const { body } = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    const taskId = await openTask(manager, body.id, 'mine');
    // A writer holds the instance and leaves a step pending, as an admin's retry does (updating the row).
    const writer = new pg.Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT id FROM flow_instances WHERE id = $1 FOR NO KEY UPDATE', [body.id]);
      await writer.query(
        `INSERT INTO flow_steps (id, instance_id, event, actor_id, status) VALUES ($1, $2, '{"type":"cancel"}', $3, 'pending')`,
        [`${body.id}:cancel`, body.id, admin.user.id],
      );
      await writer.query('UPDATE flow_instances SET updated_at = now() WHERE id = $1', [body.id]);
      const completing = as(manager)
        .post(`/api/portal/tasks/${taskId}/complete`, { data: { decision: 'approve' } })
        .then((result) => result.status);
      // The completion waits for the instance, its snapshot taken before the writer commits.
      await expect
        .poll(async () => {
          const [row] = await t.prisma.$queryRawUnsafe<{ count: number }[]>(
            `SELECT count(*)::int AS count FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%FOR NO KEY UPDATE OF i%'`,
          );
          return row?.count;
        })
        .toBe(1);
      await writer.query('COMMIT');
      // It applies the cancel before its own step, which the cancelled instance refuses: 409, nothing kept.
      expect(await completing).toBe(409);
    } finally {
      await writer.end();
    }
    // The cancel, left pending by that rollback, is the engine's to apply.
    await expect
      .poll(async () => (await t.prisma.flowInstance.findUniqueOrThrow({ where: { id: body.id } })).status, {
        timeout: 15_000,
      })
      .toBe('cancelled');
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('cancelled');
  });

  it('admins reassign and cancel (audited); the new assignee sees the task', async () => {
    const { body } = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    const taskId = await openTask(manager, body.id);
    await as(admin).post(`/api/tasks/${taskId}/reassign`, { userId: outsider.user.id }).expect(200);
    await as(outsider).get(`/api/portal/tasks/${taskId}`).expect(200);
    await as(manager).get(`/api/portal/tasks/${taskId}`).expect(404);
    await as(admin).post(`/api/instances/${body.id}/cancel`).expect(200);
    await expect
      .poll(async () => (await t.prisma.flowInstance.findUniqueOrThrow({ where: { id: body.id } })).status, {
        timeout: 15_000,
      })
      .toBe('cancelled');
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('cancelled');
    const audit = await t.prisma.auditEntry.findMany({ where: { targetId: { in: [taskId, body.id] } } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['instance.cancel', 'task.reassign']);
  });

  it("the inbox counts each person's open tasks, queue and overdue ones exactly as its lists select them", async () => {
    const { body } = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
    const taskId = await openTask(manager, body.id, 'mine');
    await as(manager)
      .post(`/api/portal/tasks/${taskId}/complete`, { data: { decision: 'approve' } })
      .expect(204);
    await openTask(clerks[0] as (typeof clerks)[0], body.id, 'queue');
    // Every open task overdue: some the manager's, some in the clerks' queue, some nobody may see but admins.
    await t.prisma.task.updateMany({
      where: { status: 'open' },
      data: { dueAt: new Date(Date.now() - 60_000) },
    });
    for (const account of [manager, clerks[0] as (typeof clerks)[0], requester, outsider, admin]) {
      const user = { ...account.user, sessionId: '' };
      const open = (where: object) => t.prisma.task.count({ where: { AND: [where, { status: 'open' }] } });
      const expected = {
        mine: await open({ assigneeId: user.id }),
        queue: await open({ assigneeId: null, candidateIds: { has: user.id } }),
        overdue: await open({ AND: [visibleTaskWhere(user), { dueAt: { lt: new Date() } }] }),
      };
      const { counts } = (await as(account).get('/api/portal/tasks').expect(200)).body;
      expect(counts).toEqual(expected);
    }
    const clerkCounts = (
      await as(clerks[0] as (typeof clerks)[0])
        .get('/api/portal/tasks')
        .expect(200)
    ).body.counts;
    expect(clerkCounts.queue).toBeGreaterThan(0);
    expect(clerkCounts.overdue).toBeGreaterThan(0);
    const adminCounts = (await as(admin).get('/api/portal/tasks').expect(200)).body.counts;
    expect(adminCounts.overdue).toBeGreaterThan(clerkCounts.overdue);
  });
  it('every inbox filter and page selects exactly the tasks its definition selects, in order', async () => {
    // More tasks: the manager's to approve, one booked by the clerks' queue, due dates past, shared and none.
    for (let n = 0; n < 5; n++) {
      const { body } = await as(requester).post(`/api/flows/${flowId}/instances`, { data: {} }).expect(201);
      const taskId = await openTask(manager, body.id, 'mine');
      if (n === 0) {
        await as(manager)
          .post(`/api/portal/tasks/${taskId}/complete`, { data: { decision: 'approve' } })
          .expect(204);
      }
    }
    const tasks = await t.prisma.task.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
    const dueDates = [null, new Date('2020-01-01T00:00:00Z'), new Date('2099-01-01T00:00:00Z')];
    for (const [index, task] of tasks.entries()) {
      await t.prisma.task.update({ where: { id: task.id }, data: { dueAt: dueDates[index % 3] } });
    }
    const now = new Date();
    // The inbox's definition in Prisma's terms (each scope within what the person may see).
    const scopes = (user: SessionUser) => ({
      all: visibleTaskWhere(user),
      mine: { assigneeId: user.id },
      queue: { assigneeId: null, candidateIds: { has: user.id } },
      unassigned: user.roles.includes('admin')
        ? { assigneeId: null, candidateIds: { isEmpty: true } }
        : { id: { in: [] } },
    });
    const search = (q: string) => {
      const text = { contains: q.replace(/[\\%_]/g, (char) => `\\${char}`), mode: 'insensitive' as const };
      return {
        OR: [
          { name: text },
          { instance: { document: { name: text } } },
          { instance: { requester: { name: text } } },
        ],
      };
    };
    const queries: {
      scope: 'all' | 'mine' | 'queue' | 'unassigned';
      status: 'open' | 'completed';
      extra?: Record<string, string>;
    }[] = [];
    for (const scope of ['all', 'mine', 'queue', 'unassigned'] as const) {
      for (const status of ['open', 'completed'] as const) queries.push({ scope, status });
    }
    queries.push(
      { scope: 'all', status: 'open', extra: { overdue: 'true' } },
      { scope: 'all', status: 'open', extra: { flow: flowId } },
      { scope: 'all', status: 'open', extra: { q: 'LEVEL APP' } },
      { scope: 'all', status: 'open', extra: { q: requester.user.name.slice(2, 8) } },
      { scope: 'all', status: 'open', extra: { q: '%' } },
    );
    let longest = 0;
    for (const account of [manager, clerks[0] as (typeof clerks)[0], requester, outsider, admin]) {
      const user = { ...account.user, sessionId: '' };
      for (const { scope, status, extra = {} } of queries) {
        const where = {
          AND: [
            scopes(user)[scope],
            { status },
            extra.flow ? { instance: { documentId: extra.flow } } : {},
            extra.overdue ? { dueAt: { lt: now } } : {},
            extra.q ? search(extra.q) : {},
          ],
        };
        const expected = await t.prisma.task.findMany({
          where,
          orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
          select: { id: true },
        });
        // Two at a time, through every cursor kind (a due date, a tie on it, no due date).
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: URLSearchParams = new URLSearchParams({
            scope,
            status,
            limit: '2',
            ...extra,
            ...(cursor ? { cursor } : {}),
          });
          const page: { items: { id: string }[]; nextCursor: string | null } = (
            await as(account).get(`/api/portal/tasks?${query}`).expect(200)
          ).body;
          seen.push(...page.items.map((task) => task.id));
          cursor = page.nextCursor;
        } while (cursor);
        longest = Math.max(longest, seen.length);
        expect({ scope, status, ...extra, ids: seen }).toEqual({
          scope,
          status,
          ...extra,
          ids: expected.map((task) => task.id),
        });
      }
    }
    // The comparison walked real pages: some lists ran over several.
    expect(longest).toBeGreaterThan(4);
  });
});
