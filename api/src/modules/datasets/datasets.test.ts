import { columnIdent, qualifiedTable } from '@erp/prisma';
import {
  type Dataset,
  type DatasetAggregate,
  type DatasetGrouping,
  emptyDataset,
  emptyTable,
  type Table,
  type TableField,
} from '@erp/shared';
import { tableSample } from '@erp/shared/testing';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// Datasets on real published tables: every aggregate and grouping on every field type, joins along relations,
// filters with relative dates and parameters, row-level visibility, stale columns, the timeout, hostile input,
// and the cache, which answers until a record changes.

const blank = { description: '', required: false, unique: false, name: '' };
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const today = day();
const fortyDaysAgo = day(-40);
const timeoutMs = 2_000;

let counter = 0;
const grouping = (field: string, bucket?: DatasetGrouping['bucket']): DatasetGrouping => ({
  id: `g${++counter}`,
  order: 'a0',
  alias: `g${counter}`,
  field,
  ...(bucket ? { bucket } : {}),
});
const aggregate = (
  fn: DatasetAggregate['fn'],
  field?: string,
  alias = `m${++counter}`,
): DatasetAggregate => ({
  id: alias,
  order: 'a0',
  alias,
  fn,
  ...(field ? { field } : {}),
});

describe('datasets', () => {
  let k: PublishKit;
  let ada: TestUser;
  let emma: TestUser;
  let orders: string;
  let customers: string;
  let regions: string;
  let customerTable: Table;
  let ordersTable: Table;

  const createDataset = async (parts: Partial<Dataset>, tableId = orders) => {
    const id = await k.createDocument(ada, 'dataset', { ...emptyDataset(), tableId, ...parts });
    await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
    return id;
  };
  const results = (id: string, query: Record<string, string> = {}, user = ada) =>
    k.as(user).get(`/api/datasets/${id}/results`, query);
  const rowsOf = async (parts: Partial<Dataset>, query: Record<string, string> = {}) =>
    (await results(await createDataset(parts), query).expect(200)).body.rows as Record<string, unknown>[];

  beforeAll(async () => {
    k = await createPublishKit('in-process', { DATASET_TIMEOUT_MS: String(timeoutMs) });
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    emma = await k.createUser(['employee'], { name: 'Emma Employee' });
    const publishTable = async (table: Table) => {
      const id = await k.createDocument(ada, 'table', table);
      await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
      return id;
    };
    const text = (id: string, key: string): TableField => ({ ...blank, id, order: 'a0', key, type: 'text' });
    regions = await publishTable({ ...emptyTable(), fields: [text('r1', 'name')] });
    customerTable = {
      ...emptyTable(),
      fields: [
        text('c1', 'name'),
        { ...blank, id: 'c2', order: 'a1', key: 'rating', type: 'number' },
        {
          ...blank,
          id: 'c3',
          order: 'a2',
          key: 'region',
          type: 'link',
          targetTableId: regions,
          cardinality: 'one',
        },
      ] as TableField[],
    };
    customers = await publishTable(customerTable);
    ordersTable = {
      ...tableSample,
      fields: tableSample.fields.map((field) => {
        if (field.type === 'link') return { ...field, targetTableId: customers };
        if (field.type === 'multiSelect')
          return {
            ...field,
            options: [
              { id: 'l1', label: 'X', value: 'x', order: 'a0' },
              { id: 'l2', label: 'Y', value: 'y', order: 'a1' },
            ],
          };
        return field;
      }),
    };
    orders = await publishTable(ordersTable);
    const create = async (table: string, values: object) =>
      (await k.as(ada).send('post', `/api/tables/${table}/records`, { values }).expect(201)).body
        .id as string;
    const north = await create(regions, { name: 'North' });
    const south = await create(regions, { name: 'South' });
    const acme = await create(customers, { name: 'Acme', rating: 4, region: north });
    const globex = await create(customers, { name: 'Globex', rating: 2, region: south });
    await create(customers, { name: 'Initech' });
    await create(orders, {
      number: 'A-1',
      weight: 1,
      total: 10,
      paid: true,
      ordered: today,
      shipped: `${today}T10:00:00.000Z`,
      status: 'open',
      labels: ['x'],
      customer: acme,
      contact: 'a@example.com',
    });
    await create(orders, {
      number: 'A-2',
      weight: 2,
      total: 20.5,
      ordered: fortyDaysAgo,
      status: 'done',
      customer: acme,
      contact: 'a@example.com',
    });
    await create(orders, {
      number: 'A-3',
      weight: 3,
      total: 30,
      paid: true,
      ordered: '2025-01-15',
      shipped: '2025-01-16T08:00:00.000Z',
      status: 'done',
      labels: ['x', 'y'],
      customer: globex,
    });
    await create(orders, {
      number: 'A-4',
      weight: 4,
      total: 0.25,
      ordered: '2025-02-03',
      owner: emma.user.id,
    });
  });

  it('computes every aggregate on every field type it applies to', async () => {
    const aggregates = [
      aggregate('count', undefined, 'rows'),
      aggregate('count', 'main.shipped', 'shipped'),
      aggregate('count', 'main.labels', 'labelled'),
      aggregate('distinctCount', 'main.status', 'statuses'),
      aggregate('distinctCount', 'main.customer', 'buyers'),
      aggregate('distinctCount', 'main.paid', 'paidKinds'),
      aggregate('distinctCount', 'main.owner', 'owners'),
      aggregate('sum', 'main.weight', 'weightSum'),
      aggregate('avg', 'main.weight', 'weightAvg'),
      aggregate('min', 'main.weight', 'weightMin'),
      aggregate('max', 'main.weight', 'weightMax'),
      aggregate('median', 'main.weight', 'weightMedian'),
      aggregate('p90', 'main.weight', 'weightP90'),
      aggregate('p95', 'main.weight', 'weightP95'),
      aggregate('p99', 'main.weight', 'weightP99'),
      aggregate('sum', 'main.total', 'totalSum'),
      aggregate('avg', 'main.total', 'totalAvg'),
      aggregate('median', 'main.total', 'totalMedian'),
      aggregate('min', 'main.ordered', 'first'),
      aggregate('max', 'main.ordered', 'last'),
      aggregate('median', 'main.ordered', 'middle'),
      aggregate('min', 'main.shipped', 'firstShipped'),
      aggregate('max', 'main.number', 'lastNumber'),
      aggregate('min', 'main.contact', 'firstContact'),
    ];
    const [row] = await rowsOf({ aggregates });
    expect(row).toEqual({
      rows: 4,
      shipped: 2,
      labelled: 2,
      statuses: 2,
      buyers: 2,
      paidKinds: 2,
      owners: 2,
      weightSum: 10,
      weightAvg: 2.5,
      weightMin: 1,
      weightMax: 4,
      weightMedian: 2.5,
      weightP90: expect.closeTo(3.7, 9),
      weightP95: expect.closeTo(3.85, 9),
      weightP99: expect.closeTo(3.97, 9),
      totalSum: 60.75,
      totalAvg: 15.1875,
      totalMedian: 15.25,
      first: '2025-01-15',
      last: today,
      middle: '2025-02-03',
      firstShipped: '2025-01-16T08:00:00.000Z',
      lastNumber: 'A-4',
      firstContact: 'a@example.com',
    });
    const { body } = await results(
      await createDataset({ aggregates: aggregates.slice(0, 2), description: 'Two counts' }),
    ).expect(200);
    expect(body).toMatchObject({ name: 'A dataset', description: 'Two counts', version: 1, sections: [] });
    expect(body.columns[1]).toMatchObject({
      alias: 'shipped',
      role: 'aggregate',
      fn: 'count',
      type: 'number',
    });
  });

  it('refuses an aggregate that does not fit its field, naming it', async () => {
    const wrong = [aggregate('sum', 'main.number', 'bad'), aggregate('median', 'main.paid', 'worse')];
    const { body } = await results(await createDataset({ aggregates: wrong })).expect(422);
    expect(body.error.details.issues.map((issue: { path: string[] }) => issue.path)).toEqual([
      ['aggregates', 'bad', 'fn'],
      ['aggregates', 'worse', 'fn'],
    ]);
  });

  it('groups by every field type', async () => {
    const expected: Record<string, unknown[]> = {
      number: ['A-1', 'A-2', 'A-3', 'A-4'],
      weight: [1, 2, 3, 4],
      total: [0.25, 10, 20.5, 30],
      paid: [false, true],
      ordered: ['2025-01-15', '2025-02-03', fortyDaysAgo, today],
      shipped: ['2025-01-16T08:00:00.000Z', `${today}T10:00:00.000Z`, null],
      contact: ['a@example.com', null],
      status: ['done', 'open'],
      labels: [['x'], ['x', 'y'], null],
      owner: [ada.user.id, emma.user.id].sort(),
      notes: [null],
    };
    for (const field of ordersTable.fields) {
      const group = grouping(`main.${field.key}`);
      const rows = await rowsOf({ groupings: [group], aggregates: [aggregate('count', undefined, 'n')] });
      expect(
        rows.reduce((sum, row) => sum + Number(row.n), 0),
        field.key,
      ).toBe(4);
      const values = rows.map((row) => row[group.alias]);
      if (expected[field.key]) expect(values, field.key).toEqual(expected[field.key]);
      else expect(new Set(values).size, field.key).toBe(values.length);
    }
  });

  it('groups dates and date-times by day, week, month, quarter and year', async () => {
    const trunc = (iso: string, bucket: string) => {
      const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      const [y, m] = [date.getUTCFullYear(), date.getUTCMonth()];
      const at = (value: Date) => value.toISOString().slice(0, 10);
      if (bucket === 'day') return at(date);
      if (bucket === 'week') return at(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000));
      if (bucket === 'month') return at(new Date(Date.UTC(y, m, 1)));
      if (bucket === 'quarter') return at(new Date(Date.UTC(y, Math.floor(m / 3) * 3, 1)));
      return at(new Date(Date.UTC(y, 0, 1)));
    };
    for (const bucket of ['day', 'week', 'month', 'quarter', 'year'] as const) {
      const count = (dates: (string | null)[]) => {
        const counts = new Map<string | null, number>();
        for (const date of dates) {
          const key = date === null ? null : trunc(date, bucket);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return [...counts]
          .map(([key, n]) => ({ key, n }))
          .sort((a, b) => String(a.key).localeCompare(String(b.key)));
      };
      for (const [field, dates] of [
        ['main.ordered', [today, fortyDaysAgo, '2025-01-15', '2025-02-03']],
        ['main.shipped', [today, null, '2025-01-16', null]],
      ] as const) {
        const rows = await rowsOf({
          groupings: [{ ...grouping(field, bucket), alias: 'key' }],
          aggregates: [aggregate('count', undefined, 'n')],
        });
        const sorted = [...rows].sort((a, b) => String(a.key).localeCompare(String(b.key)));
        expect(sorted, `${field} by ${bucket}`).toEqual(count([...dates]));
      }
    }
  });

  it('joins along relations, left keeping rows without a related record, inner dropping them, and chains joins', async () => {
    const joins = (type: 'left' | 'inner') => [
      { id: 'j1', order: 'a0', alias: 'customer', relationFieldId: 'f13', type },
      {
        id: 'j2',
        order: 'a1',
        alias: 'region',
        fromJoinId: 'j1',
        relationFieldId: 'c3',
        type: 'left' as const,
      },
    ];
    const parts = (type: 'left' | 'inner') => ({
      joins: joins(type),
      groupings: [
        { ...grouping('customer.name'), alias: 'customer' },
        { ...grouping('region.name'), alias: 'region' },
      ],
      aggregates: [aggregate('sum', 'main.total', 'revenue'), aggregate('avg', 'customer.rating', 'rating')],
    });
    expect(await rowsOf(parts('left'))).toEqual([
      { customer: 'Acme', region: 'North', revenue: 30.5, rating: 4 },
      { customer: 'Globex', region: 'South', revenue: 30, rating: 2 },
      { customer: null, region: null, revenue: 0.25, rating: null },
    ]);
    expect(await rowsOf(parts('inner'))).toHaveLength(2);
  });

  it('filters with relative dates and parameters, sorts and limits', async () => {
    const count = [aggregate('count', undefined, 'n')];
    const filtered = async (right: string, operator: 'eq' | 'gte' | 'lt' = 'eq') =>
      (
        await rowsOf({
          aggregates: count,
          filter: { type: 'comparison', left: 'main.ordered', operator, right },
        })
      )[0]?.n;
    expect(await filtered('today')).toBe(1);
    expect(await filtered('thisMonth')).toBe(1);
    expect(await filtered('last7Days')).toBe(1);
    expect(await filtered('last90Days', 'gte')).toBe(2);
    expect(await filtered('last90Days', 'lt')).toBe(2);
    expect(await filtered('2025-02-01', 'lt')).toBe(1);

    const byStatus = await createDataset({
      groupings: [{ ...grouping('main.number'), alias: 'number' }],
      aggregates: [aggregate('sum', 'main.weight', 'weight')],
      filter: { type: 'comparison', left: 'main.status', operator: 'eq', right: '{{status}}' },
      sorts: [{ id: 's1', order: 'a0', columnId: 'weight', direction: 'desc' }],
      limit: 1,
    });
    const missing = await results(byStatus).expect(400);
    expect(missing.body.error.details.issues[0].path).toEqual(['param.status']);
    expect((await results(byStatus, { 'param.status': 'done' }).expect(200)).body).toMatchObject({
      rows: [{ number: 'A-3', weight: 3 }],
      truncated: false,
    });
    await results(byStatus, { status: 'done' }).expect(400);
  });

  it('treats hostile values as values and refuses hostile names', async () => {
    const hostile = ["'; DROP TABLE users; --", '%', '_', '\\', '{{', 'ｎａｍｅ', '\u0000'.slice(1)];
    const id = await createDataset({
      aggregates: [aggregate('count', undefined, 'n')],
      filter: { type: 'comparison', left: 'main.number', operator: 'contains', right: '{{q}}' },
    });
    for (const value of hostile) {
      const { body } = await results(id, { 'param.q': value }).expect(200);
      expect(body.rows, value).toEqual([{ n: value === '' ? 4 : 0 }]);
    }
    expect((await results(id, { 'param.q': '-' }).expect(200)).body.rows).toEqual([{ n: 4 }]);
    const typed = await createDataset({
      aggregates: [aggregate('count', undefined, 'n')],
      filter: { type: 'comparison', left: 'main.weight', operator: 'gt', right: '{{w}}' },
    });
    await results(typed, { 'param.w': '1; select 1' }).expect(422);
    await results(typed, { 'param.w': '1e400' }).expect(422);
    expect((await results(typed, { 'param.w': '2' }).expect(200)).body.rows).toEqual([{ n: 2 }]);
    await results(id, { 'param.__proto__': 'x', 'param.q': 'A' }).expect(200);
    await results(id, { 'param.a b': 'x' }).expect(400);
    const preview = await k
      .as(ada)
      .send('post', '/api/datasets/preview', {
        content: {
          ...emptyDataset(),
          tableId: orders,
          aggregates: [{ ...aggregate('count'), alias: '"; drop' }],
        },
      })
      .expect(422);
    expect(preview.body.error.details.issues[0].path).toEqual(['aggregates', 0, 'alias']);
    const users = await k.pool.query('SELECT count(*)::int AS n FROM users');
    expect(users.rows[0].n).toBeGreaterThan(0);
  });

  it('shows a dataset only to those who may read every table it reads', async () => {
    const own = await createDataset({ aggregates: [aggregate('count', undefined, 'n')] });
    expect((await results(own, {}, emma).expect(200)).body.rows).toEqual([{ n: 4 }]);
    const joined = await createDataset({
      joins: [{ id: 'j1', order: 'a0', alias: 'customer', relationFieldId: 'f13', type: 'left' }],
      groupings: [grouping('customer.name')],
      aggregates: [aggregate('count', undefined, 'n')],
    });
    const listed = async (user: TestUser) =>
      (await k.as(user).get('/api/portal/reports').expect(200)).body.items.map(
        (item: { documentId: string }) => item.documentId,
      );
    expect(await listed(emma)).toContain(own);
    expect(await listed(emma)).not.toContain(joined);
    expect(await listed(ada)).toEqual(expect.arrayContaining([own, joined]));
    const refused = await results(joined, {}, emma).expect(404);
    expect(refused.body.error.message).toBe('No published dataset has this id.');
    await k.as(emma).get(`/api/datasets/${joined}/export`).expect(404);
    await k.as(emma).send('post', '/api/datasets/preview', { content: emptyDataset() }).expect(403);
    await results(crypto.randomUUID()).expect(404);
    await results(orders).expect(404);
  });

  it('answers 422 with the path when a later table version dropped a column', async () => {
    const rating = aggregate('avg', 'customer.rating', 'rating');
    const id = await createDataset({
      joins: [{ id: 'j1', order: 'a0', alias: 'customer', relationFieldId: 'f13', type: 'left' }],
      groupings: [grouping('customer.name')],
      aggregates: [rating],
    });
    await results(id).expect(200);
    const dropped = {
      ...customerTable,
      fields: customerTable.fields.filter((field) => field.key !== 'rating'),
    };
    await k.as(ada).send('put', `/api/documents/${customers}/content`, { content: dropped }).expect(200);
    await k.as(ada).send('post', `/api/documents/${customers}/publish`).expect(201);
    const { body } = await results(id).expect(422);
    expect(body.error.details.issues).toEqual([
      {
        path: ['aggregates', rating.id, 'field'],
        message: 'customer.rating is not a column of the published tables.',
      },
    ]);
    await k
      .as(ada)
      .send('put', `/api/documents/${customers}/content`, { content: customerTable })
      .expect(200);
    await k.as(ada).send('post', `/api/documents/${customers}/publish`).expect(201);
  });

  it('answers from the live definition as it is now: a rename and a new version show on the next request', async () => {
    const id = await createDataset({ aggregates: [aggregate('count', undefined, 'n')] });
    expect((await results(id).expect(200)).body).toMatchObject({ version: 1, rows: [{ n: 4 }] });
    await k.as(ada).send('patch', `/api/documents/${id}`, { name: 'Renamed dataset' }).expect(200);
    expect((await results(id).expect(200)).body.name).toBe('Renamed dataset');
    const counted = {
      ...emptyDataset(),
      tableId: orders,
      aggregates: [aggregate('count', undefined, 'orders')],
    };
    await k.as(ada).send('put', `/api/documents/${id}/content`, { content: counted }).expect(200);
    await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
    expect((await results(id).expect(200)).body).toMatchObject({ version: 2, rows: [{ orders: 4 }] });
  });

  it('cancels a query that runs past the timeout with a clear message', async () => {
    const id = await createDataset({ aggregates: [aggregate('count', undefined, 'n')] });
    const locker = new pg.Client({ connectionString: k.databaseUrl });
    await locker.connect();
    try {
      await locker.query(`BEGIN; LOCK TABLE ${qualifiedTable(orders)} IN ACCESS EXCLUSIVE MODE`);
      const { body } = await results(id).expect(503);
      expect(body.error.message).toBe(
        `This dataset took longer than ${timeoutMs / 1000} s and was cancelled; filter it to fewer rows or group it more coarsely.`,
      );
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    await results(id).expect(200);
  });

  it('exports the rows as CSV and previews a draft', async () => {
    const id = await createDataset({
      groupings: [{ ...grouping('main.status'), alias: 'status' }],
      aggregates: [aggregate('count', undefined, 'n')],
    });
    const { body } = await results(id).expect(200);
    expect(body.columns[0]).toMatchObject({ alias: 'status', optionLabels: { open: 'Open', done: 'Done' } });
    expect(body.columns[1].optionLabels).toBeNull();
    const csv = await k.as(ada).get(`/api/datasets/${id}/export`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe('status,n\r\ndone,2\r\nopen,2\r\n');
    const preview = await k
      .as(ada)
      .send('post', '/api/datasets/preview', {
        content: { ...emptyDataset(), tableId: orders, aggregates: [aggregate('max', 'main.weight', 'top')] },
      })
      .expect(200);
    expect(preview.body).toMatchObject({ version: null, rows: [{ top: 4 }], truncated: false, sections: [] });
  });

  it('cuts the rows at the cap and says so', async () => {
    const table = qualifiedTable(orders);
    const number = quoteColumn('f01');
    await k.pool.query(
      `INSERT INTO ${table} (${number}, ${quoteColumn('f04')}) SELECT 'cap-' || n, 1 FROM generate_series(1, 10000) AS n`,
    );
    try {
      const id = await createDataset({
        groupings: [{ ...grouping('main.number'), alias: 'number' }],
        aggregates: [aggregate('count', undefined, 'n')],
      });
      const { body } = await results(id).expect(200);
      expect(body.rows).toHaveLength(10_000);
      expect(body.truncated).toBe(true);
      const limited = await createDataset({
        groupings: [{ ...grouping('main.number'), alias: 'number' }],
        aggregates: [aggregate('count', undefined, 'n')],
        limit: 3,
      });
      expect((await results(limited).expect(200)).body).toMatchObject({
        truncated: false,
        rows: { length: 3 },
      });
    } finally {
      await k.pool.query(`DELETE FROM ${table} WHERE ${number} LIKE 'cap-%'`);
    }
  });

  // Last: it writes rows behind the API's back.
  it('serves cached results until a record changes', async () => {
    const id = await createDataset({ aggregates: [aggregate('sum', 'main.weight', 'weight')] });
    const weight = quoteColumn('f03');
    const table = qualifiedTable(orders);
    const truth = async () =>
      (await k.pool.query(`SELECT sum(${weight})::float8 AS n FROM ${table} WHERE deleted_at IS NULL`))
        .rows[0].n;
    const answer = async () => (await results(id).expect(200)).body.rows[0].weight as number;
    // Rows written behind the API's back commit no event: once the cache hears changes, the answer stays.
    await expect
      .poll(async () => {
        const before = await answer();
        await k.pool.query(
          `INSERT INTO ${table} (id, ${weight}, ${quoteColumn('f04')}) VALUES ($1, 100, 1)`,
          [crypto.randomUUID()],
        );
        return (await answer()) === before;
      }, pollOptions)
      .toBe(true);
    expect(await answer()).not.toBe(await truth());
    // A record written through the API commits its event: the answer is computed again.
    await k
      .as(ada)
      .send('post', `/api/tables/${orders}/records`, { values: { number: 'A-9', weight: 5, total: 1 } })
      .expect(201);
    const expected = await truth();
    await expect.poll(answer, pollOptions).toBe(expected);
    await k.pool.query(`DELETE FROM ${table} WHERE ${weight} IN (5, 100)`);
  });
});

const quoteColumn = (fieldId: string) => `"${columnIdent(fieldId)}"`;
