import { approvalForm, edges, flowOf, node, publishLive } from '@erp/engine/testing';
import {
  type Dataset,
  type DatasetSection,
  datasetSourceSchema,
  emptyDataset,
  formDataSourceId,
  systemSourceIds,
} from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { aggregate, grouping } from '../../testing/dataset-parts';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';

// Flow instances, tasks and a form's answers as dataset sources, on rows written as the engine writes them:
// groupings and measures over their fields, joins from tasks to their instance (the requester's department),
// who sees which rows (participants only, unless admin or granted by the dataset's roles), a number compared
// with the period before, hostile values, and the cache hearing a task change.

const t: TestApp = await createTestApp();
const finance = await t.make.org();
const sales = await t.make.org();
const outsider = await t.make.user(['employee'], { name: 'Olga Outsider' });
const admin = await t.make.user(['admin']);
const developer = await t.make.user(['developer']);
// publishLive stores any kind's content as the live version; a dataset needs nothing else.
const publish = (content: object) =>
  publishLive(t.prisma, t.make, developer.user, content as Parameters<typeof publishLive>[3]);
const formId = await publish(approvalForm());
const levels = [node.start(), node.level('approve', formId, { type: 'managerOfRequester' }), node.end()];
const flowId = await publish(flowOf(levels, edges(['start>approve', 'approve>end'])));
const flowVersion = await t.prisma.documentVersion.findFirstOrThrow({ where: { documentId: flowId } });

const hour = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * hour);

// An instance a member of `org` started and its approval task for the head, as the engine leaves them.
async function approval(
  org: typeof finance,
  options: {
    startedHoursAgo: number;
    hours: number | null;
    status?: 'completed' | 'cancelled';
    dueHoursAfterStart?: number;
    data?: object;
  },
) {
  const requesterId = org.member.user.id;
  const assigneeId = org.head.user.id;
  const started = ago(options.startedHoursAgo);
  const finished = options.hours === null ? null : new Date(started.getTime() + options.hours * hour);
  const status = options.hours === null ? 'running' : (options.status ?? 'completed');
  const instance = await t.prisma.flowInstance.create({
    data: {
      documentId: flowId,
      versionId: flowVersion.id,
      versionNumber: flowVersion.number,
      status,
      requesterId,
      createdAt: started,
      finishedAt: finished,
    },
  });
  await t.prisma.task.create({
    data: {
      instanceId: instance.id,
      key: 'approve',
      nodeId: 'approve',
      name: 'Approve',
      taskFormId: formId,
      formVersionNumber: 1,
      status: status === 'running' ? 'open' : status,
      assigneeId,
      createdAt: started,
      dueAt:
        options.dueHoursAfterStart === undefined
          ? null
          : new Date(started.getTime() + options.dueHoursAfterStart * hour),
      completedAt: status === 'completed' ? finished : null,
      completedById: status === 'completed' ? assigneeId : null,
      data: status === 'completed' ? (options.data ?? {}) : undefined,
    },
  });
  return instance.id;
}

// Finance: 2 hours, past its 1-hour SLA. Sales: one running (due tomorrow), one done in 4 hours; an old
// cancelled one in finance, nine days ago.
await approval(finance, {
  startedHoursAgo: 3,
  hours: 2,
  dueHoursAfterStart: 1,
  data: { decision: 'approve' },
});
await approval(sales, { startedHoursAgo: 5, hours: null, dueHoursAfterStart: 29 });
await approval(sales, {
  startedHoursAgo: 6,
  hours: 4,
  data: { decision: 'reject', note: "'; DROP TABLE tasks; --" },
});
await approval(finance, { startedHoursAgo: 9 * 24, hours: 1, status: 'cancelled' });

const publishDataset = (parts: Partial<Dataset>) => publish({ ...emptyDataset(), ...parts });
const results = (id: string, user: { token: string }, query: Record<string, string> = {}) =>
  t.http().get(`/api/datasets/${id}/results`).query(query).set(bearer(user.token));
const rowsFor = async (id: string, user: { token: string }) =>
  (await results(id, user).expect(200)).body.rows as Record<string, unknown>[];

// "Average approval time per department": tasks joined to their instance, grouped by its department.
const perDepartment: Partial<Dataset> = {
  tableId: systemSourceIds.tasks,
  joins: [{ id: 'j1', order: 'a0', alias: 'instance', relationFieldId: 'instance', type: 'inner' }],
  filter: { type: 'comparison', left: 'main.status', operator: 'eq', right: 'completed' },
  groupings: [grouping('instance.department')],
  aggregates: [aggregate('avg', 'avg_hours', 'main.durationHours'), aggregate('count', 'tasks')],
};

describe('work data as dataset sources', () => {
  it('averages approval time per department through the join from tasks to their instance', async () => {
    const id = await publishDataset(perDepartment);
    expect(await rowsFor(id, admin)).toEqual(
      [
        { department: finance.department.name, avg_hours: 2, tasks: 1 },
        { department: sales.department.name, avg_hours: 4, tasks: 1 },
      ].sort((a, b) => a.department.localeCompare(b.department)),
    );
  });

  it('shows each reader only the instances they took part in; admins and granted roles see all', async () => {
    const id = await publishDataset(perDepartment);
    // The requester and the approver of the finance instance; the sales approver; someone with no part.
    expect(await rowsFor(id, finance.member)).toEqual([
      { department: finance.department.name, avg_hours: 2, tasks: 1 },
    ]);
    expect(await rowsFor(id, finance.head)).toEqual([
      { department: finance.department.name, avg_hours: 2, tasks: 1 },
    ]);
    expect(await rowsFor(id, sales.head)).toEqual([
      { department: sales.department.name, avg_hours: 4, tasks: 1 },
    ]);
    expect(await rowsFor(id, outsider)).toEqual([]);
    expect(await rowsFor(id, developer)).toEqual([]);
    expect(await rowsFor(id, admin)).toHaveLength(2);
    // Granted to employees: every instance, for anyone holding that role.
    const granted = await publishDataset({ ...perDepartment, allFlowDataRoles: ['employee'] });
    expect(await rowsFor(granted, outsider)).toHaveLength(2);
    expect(await rowsFor(granted, developer)).toEqual([]);
    // Every employee sees the report in the list; its rows are what differs.
    const list = await t.http().get('/api/portal/reports').set(bearer(outsider.token)).expect(200);
    expect(list.body.items.map((item: { documentId: string }) => item.documentId)).toContain(id);
  });

  it('groups instances by status and measures their durations (running ones have none)', async () => {
    const id = await publishDataset({
      tableId: systemSourceIds.flowInstances,
      groupings: [grouping('main.status')],
      aggregates: [aggregate('count', 'instances'), aggregate('max', 'longest', 'main.durationHours')],
      sorts: [{ id: 's1', order: 'a0', columnId: 'instances', direction: 'desc' }],
    });
    const body = (await results(id, admin).expect(200)).body;
    expect(body.rows).toEqual([
      { status: 'completed', instances: 2, longest: 4 },
      { status: 'cancelled', instances: 1, longest: 1 },
      { status: 'running', instances: 1, longest: null },
    ]);
    expect(body.columns[0].optionLabels).toMatchObject({ running: 'Running', completed: 'Completed' });
  });

  it('counts SLA breaches: completed after the due time or still open past it', async () => {
    const id = await publishDataset({
      tableId: systemSourceIds.tasks,
      groupings: [grouping('main.slaBreached')],
      aggregates: [aggregate('count', 'tasks')],
    });
    expect(await rowsFor(id, admin)).toEqual([
      { slaBreached: false, tasks: 3 },
      { slaBreached: true, tasks: 1 },
    ]);
  });

  it("reads a form's answers by field, with option labels, for completed tasks only", async () => {
    const id = await publishDataset({
      tableId: formDataSourceId(formId),
      groupings: [grouping('main.decision')],
      aggregates: [aggregate('count', 'answers'), aggregate('avg', 'avg_hours', 'main.durationHours')],
    });
    const body = (await results(id, admin).expect(200)).body;
    expect(body.rows).toEqual([
      { decision: 'approve', answers: 1, avg_hours: 2 },
      { decision: 'reject', answers: 1, avg_hours: 4 },
    ]);
    expect(body.columns[0].optionLabels).toEqual({ approve: 'Approve', reject: 'Reject' });
    expect(await rowsFor(id, sales.member)).toEqual([{ decision: 'reject', answers: 1, avg_hours: 4 }]);
  });

  it('hostile values stay values: a parameter that looks like SQL matches the answer that holds it', async () => {
    const id = await publishDataset({
      tableId: formDataSourceId(formId),
      filter: { type: 'comparison', left: 'main.note', operator: 'eq', right: '{{note}}' },
      aggregates: [aggregate('count', 'answers')],
    });
    const hostile = "'; DROP TABLE tasks; --";
    const body = (await results(id, admin, { 'param.note': hostile }).expect(200)).body;
    expect(body.rows).toEqual([{ answers: 1 }]);
    expect(await t.prisma.task.count()).toBe(4);
    // A source that is not one, or a form that is not published, is refused with its path.
    const preview = (content: object) =>
      t.http().post('/api/datasets/preview').set(bearer(developer.token)).send({ content });
    const evil = await preview({ ...emptyDataset(), tableId: 'system.users; --' }).expect(422);
    expect(evil.body.error.details.issues[0].path).toEqual(['tableId']);
    const missing = await preview({
      ...emptyDataset(),
      tableId: formDataSourceId('00000000-0000-4000-8000-000000000000'),
      aggregates: [aggregate('count', 'n')],
    }).expect(422);
    expect(missing.body.error.details.issues[0].path).toEqual(['tableId']);
  });

  it('compares a number with the period before: the relative dates moved back one period', async () => {
    const section: DatasetSection = {
      id: 'kpi',
      order: 'a0',
      title: 'Approvals',
      description: '',
      chart: { type: 'number', measureIds: ['tasks'], compare: true },
      width: 'third',
    };
    const id = await publishDataset({
      tableId: systemSourceIds.tasks,
      filter: { type: 'comparison', left: 'main.createdAt', operator: 'eq', right: 'last7Days' },
      aggregates: [aggregate('count', 'tasks')],
      sections: [section],
    });
    const body = (await results(id, admin).expect(200)).body;
    expect(body.rows).toEqual([{ tasks: 3 }]);
    expect(body.previous).toEqual({ label: 'the 7 days before', rows: [{ tasks: 1 }] });
    expect(body.sections[0].width).toBe('third');
    // Without a relative date there is no period before.
    const plain = await publishDataset({
      tableId: systemSourceIds.tasks,
      aggregates: [aggregate('count', 'tasks')],
      sections: [section],
    });
    expect((await results(plain, admin).expect(200)).body.previous).toBeNull();
  });

  it('lists the work data for the builder: instances, tasks and each published form’s answers', async () => {
    const list = await t.http().get('/api/datasets/sources').set(bearer(developer.token)).expect(200);
    // The builder parses the answer with the shared schema (their links point at work data, not tables).
    expect(datasetSourceSchema.array().safeParse(list.body.items).success).toBe(true);
    const byId = new Map(list.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(systemSourceIds.tasks)).toMatchObject({ name: 'Tasks' });
    expect(byId.get(formDataSourceId(formId))).toMatchObject({ name: expect.stringContaining('Answers') });
    const answers = byId.get(formDataSourceId(formId)) as { table: { fields: { key: string }[] } };
    expect(answers.table.fields.map((field) => field.key)).toEqual(
      expect.arrayContaining(['decision', 'note', 'approver', 'completedAt', 'instance']),
    );
    // Employees build nothing.
    await t.http().get('/api/datasets/sources').set(bearer(outsider.token)).expect(403);
  });

  it('a task change reaches a cached result (the tasks table notifies)', async () => {
    const id = await publishDataset({
      tableId: systemSourceIds.tasks,
      aggregates: [aggregate('count', 'tasks')],
    });
    expect(await rowsFor(id, sales.member)).toEqual([{ tasks: 2 }]);
    expect(await rowsFor(id, sales.member)).toEqual([{ tasks: 2 }]);
    await approval(sales, { startedHoursAgo: 1, hours: null });
    await expect.poll(async () => rowsFor(id, sales.member), { timeout: 10_000 }).toEqual([{ tasks: 3 }]);
  });
});
