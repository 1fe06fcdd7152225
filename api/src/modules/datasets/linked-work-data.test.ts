import { edges, flowOf, node, start } from '@erp/engine/testing';
import {
  type Dataset,
  emptyDataset,
  emptyTable,
  formDataSourceId,
  type Table,
  type TableField,
  type TaskForm,
} from '@erp/shared';
import { linkFieldSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregate, grouping } from '../../testing/dataset-parts';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// A task form's link field end to end on a real installation: publishing the form wants its table live (422
// with the path), completing a task wants a live record of that table (422 on the field), and a dataset over
// the form's answers joins each answer to the record it links to — grouped by the record's columns, hostile
// names and values kept as labels and parameters, and each reader seeing only the work they took part in.

const blank = { description: '', required: false, unique: false };
const answer = { helpText: '', required: true };
const regions = ['North', 'South'].map((label, index) => ({
  id: `o${index}`,
  order: `a${index}`,
  label,
  value: label.toLowerCase(),
}));
const hostileName = `"; DROP TABLE users; -- ｎａｍｅ`;
const hostileValue = "'; DROP TABLE tasks; --";

describe('a task form’s link to a table, and datasets over both', () => {
  let k: PublishKit;
  let ada: TestUser;
  let root: TestUser;
  let outsider: TestUser;
  let finance: Awaited<ReturnType<PublishKit['make']['org']>>;
  let sales: Awaited<ReturnType<PublishKit['make']['org']>>;
  let suppliers: string;
  let formId: string;
  let flowId: string;
  const records = new Map<string, string>();

  // Org members carry a session token like the test users the kit makes.
  const as = (who: { token: string }) => k.as(who as TestUser);
  const publish = async (id: string) => k.as(ada).send('post', `/api/documents/${id}/publish`);
  const supplierTable = (read: Table['access']['read']): Table => ({
    ...emptyTable(),
    displayFieldId: 's1',
    access: { read, write: ['developer'] },
    fields: [
      { ...blank, id: 's1', order: 'a0', key: 'name', name: hostileName, type: 'text' },
      { ...blank, id: 's2', order: 'a1', key: 'region', name: 'Region', type: 'select', options: regions },
    ] as TableField[],
  });
  const purchaseForm = (tableId: string): TaskForm => ({
    kind: 'taskForm',
    schemaVersion: 3,
    title: 'Purchase',
    description: { type: 'doc', content: [] },
    fields: [
      {
        ...linkFieldSample,
        ...answer,
        id: 'supplier-field',
        order: 'a0',
        key: 'supplier',
        label: 'Supplier',
        targetTableId: tableId,
      },
      { ...answer, id: 'amount', order: 'a1', key: 'amount', label: 'Amount', type: 'number' },
    ],
  });

  // An instance a member of `org` started; its approval (by the head) completed through the portal's API.
  async function purchase(org: typeof finance, data: Record<string, unknown>) {
    const { instanceId } = await start(k.prisma, flowId, org.member.user.id);
    const task = await k.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } });
    return as(org.head).send('post', `/api/portal/tasks/${task.id}/complete`, { data });
  }

  const supplierJoin = {
    id: 'j1',
    order: 'a0',
    alias: 'supplier',
    relationFieldId: 'v_supplier-field',
    type: 'left' as const,
  };
  const createDataset = async (parts: Partial<Dataset>) => {
    const id = await k.createDocument(ada, 'dataset', {
      ...emptyDataset(),
      tableId: formDataSourceId(formId),
      ...parts,
    });
    const published = await publish(id);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return id;
  };
  const rowsFor = async (id: string, user: { token: string }, query: Record<string, string> = {}) =>
    (await as(user).get(`/api/datasets/${id}/results`, query).expect(200)).body.rows as Record<
      string,
      unknown
    >[];

  beforeAll(async () => {
    k = await createPublishKit('in-process');
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    root = await k.createUser(['admin'], { name: 'Root Admin' });
    outsider = await k.createUser(['employee'], { name: 'Olga Outsider' });
    finance = await k.make.org();
    sales = await k.make.org();
    suppliers = await k.createDocument(ada, 'table', supplierTable(['developer', 'employee']));
    formId = await k.createDocument(ada, 'taskForm', purchaseForm(suppliers));
  });

  it('publishes a form only once the table its link points at is live, naming the field', async () => {
    const refused = await publish(formId);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.issues).toEqual([
      {
        path: ['fields', 'supplier-field', 'targetTableId'],
        message: 'No published table has this id.',
        documentId: formId,
      },
    ]);
    expect(await k.prisma.documentVersion.count({ where: { documentId: formId } })).toBe(0);
    expect((await publish(suppliers)).status).toBe(201);
    expect((await publish(formId)).status).toBe(201);
    const levels = [node.start(), node.level('approve', formId, { type: 'managerOfRequester' }), node.end()];
    flowId = await k.createDocument(ada, 'flow', flowOf(levels, edges(['start>approve', 'approve>end'])));
    expect((await publish(flowId)).status).toBe(201);
    for (const [name, region] of [
      ['Acme', 'north'],
      [hostileValue, 'south'],
      ['Gone', 'north'],
    ] as const) {
      const created = await k
        .as(ada)
        .send('post', `/api/tables/${suppliers}/records`, { values: { name, region } })
        .expect(201);
      records.set(name, created.body.id);
    }
    await k
      .as(ada)
      .send('delete', `/api/tables/${suppliers}/records/${records.get('Gone')}`)
      .expect(200);
  });

  it('completes a task only with a live record of the linked table, refusing others on the field', async () => {
    const refusals = [
      crypto.randomUUID(),
      records.get('Gone'),
      hostileValue,
      [records.get('Acme')],
      // A record of another table is not one of this one.
      (
        await k.prisma.userTable
          .findFirstOrThrow({ where: { documentId: { not: suppliers } } })
          .catch(() => null)
      )?.documentId ?? crypto.randomUUID(),
    ];
    for (const supplier of refusals) {
      const response = await purchase(finance, { supplier, amount: 5 });
      expect(response.status, String(supplier)).toBe(422);
      expect(Object.keys(response.body.error.details.fields)).toEqual(['supplier']);
    }
    // Nothing was completed by the refusals.
    expect(await k.prisma.task.count({ where: { status: 'completed' } })).toBe(0);
    // A draft is checked the same way.
    const open = await k.prisma.task.findFirstOrThrow({ where: { status: 'open' } });
    const holder = [finance, sales].find((org) => org.head.user.id === open.assigneeId) ?? finance;
    const draft = await as(holder.head).send('put', `/api/portal/tasks/${open.id}/draft`, {
      data: { supplier: records.get('Gone') },
    });
    expect(draft.status).toBe(422);
    // The ones people finish: finance buys from Acme twice, sales from the hostile-named supplier once.
    for (const [org, supplier, amount] of [
      [finance, 'Acme', 120],
      [finance, 'Acme', 80],
      [sales, hostileValue, 300],
    ] as const) {
      const done = await purchase(org, { supplier: records.get(supplier), amount });
      expect(done.status, JSON.stringify(done.body)).toBe(204);
    }
  });

  it('joins the answers to the linked records: grouped by the record’s columns, visible per participant', async () => {
    const byRegion = await createDataset({
      joins: [supplierJoin],
      groupings: [grouping('supplier.region')],
      aggregates: [aggregate('count', 'purchases'), aggregate('sum', 'spend', 'main.amount')],
    });
    expect(await rowsFor(byRegion, root)).toEqual([
      { region: 'north', purchases: 2, spend: 200 },
      { region: 'south', purchases: 1, spend: 300 },
    ]);
    // Who took part: the finance requester and approver see their two, sales theirs, an outsider none.
    expect(await rowsFor(byRegion, finance.member)).toEqual([{ region: 'north', purchases: 2, spend: 200 }]);
    expect(await rowsFor(byRegion, finance.head)).toEqual([{ region: 'north', purchases: 2, spend: 200 }]);
    expect(await rowsFor(byRegion, sales.member)).toEqual([{ region: 'south', purchases: 1, spend: 300 }]);
    expect(await rowsFor(byRegion, outsider)).toEqual([]);
    const { body } = await k.as(root).get(`/api/datasets/${byRegion}/results`).expect(200);
    expect(body.columns[0].optionLabels).toEqual({ north: 'North', south: 'South' });

    // Instances by supplier name, through a second join to each answer's instance; a hostile value is a label
    // and, as a parameter, matches only itself.
    const byName = await createDataset({
      joins: [
        supplierJoin,
        { id: 'j2', order: 'a1', alias: 'instance', relationFieldId: 'instance', type: 'inner' },
      ],
      filter: { type: 'comparison', left: 'supplier.name', operator: 'eq', right: '{{name}}' },
      groupings: [grouping('supplier.name'), grouping('instance.department')],
      aggregates: [aggregate('distinctCount', 'instances', 'main.instance')],
    });
    expect(await rowsFor(byName, root, { 'param.name': hostileValue })).toEqual([
      { name: hostileValue, department: sales.department.name, instances: 1 },
    ]);
    expect(await rowsFor(byName, root, { 'param.name': 'Acme' })).toEqual([
      { name: 'Acme', department: finance.department.name, instances: 2 },
    ]);
    expect(await rowsFor(byName, finance.member, { 'param.name': hostileValue })).toEqual([]);
    expect(await k.prisma.task.count()).toBeGreaterThan(0);
    expect(await k.pool.query('SELECT count(*)::int AS n FROM users')).toMatchObject({
      rows: [{ n: expect.any(Number) }],
    });
  });

  it('shows a dataset over the answers only to those who may read the linked table', async () => {
    const byRegion = await createDataset({
      joins: [supplierJoin],
      groupings: [grouping('supplier.region')],
      aggregates: [aggregate('count', 'purchases')],
    });
    expect(await rowsFor(byRegion, finance.member)).toHaveLength(1);
    // The table no longer lets employees read it: the report is gone for them, never a partial one.
    const { id: _id, ...live } = await k
      .as(ada)
      .get(`/api/documents/${suppliers}/export`)
      .expect(200)
      .then((response) => ({ id: suppliers, ...response.body }));
    await k
      .as(ada)
      .send('put', `/api/documents/${suppliers}/content`, {
        content: { ...live, access: { read: ['developer'], write: ['developer'] } },
      })
      .expect(200);
    expect((await publish(suppliers)).status).toBe(201);
    const refused = await as(finance.member).get(`/api/datasets/${byRegion}/results`).expect(404);
    expect(refused.body.error.message).toBe('No published dataset has this id.');
    // The record picker's source is refused alike: the table and its records are not theirs to read.
    await as(finance.member).get(`/api/tables/${suppliers}`).expect(404);
    await as(finance.member).get(`/api/tables/${suppliers}/records`).expect(404);
    expect(await rowsFor(byRegion, ada)).toEqual([]);
    expect(await rowsFor(byRegion, root)).toHaveLength(2);
  });
});
