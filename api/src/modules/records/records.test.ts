import { emptyTable, type Table, type TableField } from '@erp/shared';
import { tableSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// The records API on real published tables: every field type round-trips, writes are validated against the
// live version, updates are optimistic, deletes soft, every change an event with old and new values.

const blank = { description: '', required: false, unique: false };
const hostile = ['"; drop table users; --', '__proto__', 'select', 'x'.repeat(300), 'ｎａｍｅ', ''];

describe('records API', () => {
  let k: PublishKit;
  let ada: TestUser;
  let emma: TestUser;
  let customers: string;
  let orders: string;
  let customer: { id: string };
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    emma = await k.createUser(['employee'], { name: 'Emma Employee' });
    const customerTable: Table = {
      ...emptyTable(),
      fields: [
        {
          ...blank,
          id: 'c1',
          order: 'a0',
          key: 'name',
          name: 'Name',
          type: 'text',
          required: true,
          unique: true,
        },
        { ...blank, id: 'c2', order: 'a1', key: 'rating', name: 'Rating', type: 'number' },
      ] as TableField[],
    };
    customers = await k.createDocument(ada, 'table', customerTable);
    await k.as(ada).send('post', `/api/documents/${customers}/publish`).expect(201);
    const orderTable = {
      ...tableSample,
      fields: tableSample.fields.map((field) =>
        field.type === 'link' ? { ...field, targetTableId: customers } : field,
      ),
    };
    orders = await k.createDocument(ada, 'table', orderTable);
    await k.as(ada).send('post', `/api/documents/${orders}/publish`).expect(201);
    customer = (
      await k
        .as(ada)
        .send('post', `/api/tables/${customers}/records`, { values: { name: 'Acme' } })
        .expect(201)
    ).body;
  });

  const records = (table: string) => `/api/tables/${table}/records`;
  const create = (values: object, user = ada) => k.as(user).send('post', records(customers), { values });

  it('round-trips a value of every field type, filling defaults', async () => {
    // A file field names an upload of the writer's (files.test.ts has the attaching rules).
    const invoice = await k
      .http()
      .post('/api/files')
      .query({ name: 'invoice.pdf' })
      .set('Authorization', `Bearer ${ada.token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('%PDF-1.4\ninvoice\n'))
      .expect(201);
    const values = {
      number: 'A-1',
      notes: 'Line one\nline two ✓',
      weight: 12.75,
      total: 99.95,
      paid: true,
      ordered: '2026-12-02',
      shipped: '2026-12-02T10:30:00.000Z',
      contact: 'ada@example.com',
      tracking: 'https://track.example.com/1',
      phone: '+49 30 1234',
      status: 'done',
      labels: [],
      owner: emma.user.id,
      customer: customer.id,
      invoice: [invoice.body.id],
    };
    const created = await k.as(ada).send('post', records(orders), { values }).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ version: 1, createdBy: ada.user.id, deletedAt: null, values });
    const read = await k
      .as(ada)
      .get(`${records(orders)}/${created.body.id}`)
      .expect(200);
    expect(read.body.values).toEqual(created.body.values);

    const defaults = await k
      .as(ada)
      .send('post', records(orders), { values: { number: 'A-2', total: 1 } })
      .expect(201);
    expect(defaults.body.values).toMatchObject({
      weight: 0,
      paid: false,
      ordered: new Date().toISOString().slice(0, 10),
      status: 'open',
      owner: ada.user.id,
      tracking: 'https://track.example.com',
      notes: null,
    });
  });

  it('refuses values that do not fit, naming the field, and writes nothing', async () => {
    const before = await k.as(ada).get(records(orders)).expect(200);
    const bad = await k
      .as(ada)
      .send('post', records(orders), {
        values: {
          number: 'A-3',
          total: 1.234,
          paid: 'yes',
          status: 'lost',
          nope: 1,
          customer: crypto.randomUUID(),
        },
      })
      .expect(422);
    expect(
      bad.body.error.details.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort(),
    ).toEqual(['values.nope', 'values.paid', 'values.status', 'values.total']);
    const required = await k
      .as(ada)
      .send('post', records(orders), { values: { number: 'A-4', total: null } })
      .expect(422);
    expect(required.body.error.details.issues).toEqual([
      { path: ['values', 'total'], message: 'total is required.' },
    ]);
    const link = await k
      .as(ada)
      .send('post', records(orders), { values: { number: 'A-5', total: 1, customer: crypto.randomUUID() } })
      .expect(422);
    expect(link.body.error.details.issues[0].path).toEqual(['values', 'customer']);
    const duplicate = await create({ name: 'Acme' }).expect(409);
    expect(duplicate.body.error.message).toBe('Another record has this Name.');
    const after = await k.as(ada).get(records(orders)).expect(200);
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('updates with If-Match, answering 409 when the record changed since it was read', async () => {
    const { body: record } = await create({ name: 'Globex', rating: 3 }).expect(201);
    const path = `${records(customers)}/${record.id}`;
    const updated = await k
      .as(ada)
      .send('patch', path, { values: { rating: 4 } })
      .set('If-Match', '"1"')
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, values: { name: 'Globex', rating: 4 } });
    const stale = await k
      .as(ada)
      .send('patch', path, { values: { rating: 5 } })
      .set('If-Match', '"1"')
      .expect(409);
    expect(stale.body.error.details).toEqual({ version: 2 });
    await k
      .as(ada)
      .send('patch', path, { values: { rating: 5 } })
      .set('If-Match', 'soon')
      .expect(400);
    expect((await k.as(ada).get(path).expect(200)).body.values.rating).toBe(4);
  });

  it('deletes softly and restores, each change an event with old and new values and an audit entry', async () => {
    const { body: record } = await create({ name: 'Initech' }).expect(201);
    const path = `${records(customers)}/${record.id}`;
    await k
      .as(ada)
      .send('patch', path, { values: { rating: 1 } })
      .expect(200);
    await k
      .http()
      .delete(path)
      .set({ Authorization: `Bearer ${ada.token}` })
      .expect(200);
    const listed = await k.as(ada).get(records(customers), { 'filter[name][eq]': 'Initech' }).expect(200);
    expect(listed.body.items).toEqual([]);
    const deleted = await k.as(ada).get(records(customers), { deleted: 'only' }).expect(200);
    expect(deleted.body.items.map((item: { id: string }) => item.id)).toEqual([record.id]);
    await k
      .as(ada)
      .send('patch', path, { values: { rating: 2 } })
      .expect(404);
    await k.as(ada).send('post', `${path}/restore`).expect(200);
    const events = await k.prisma.event.findMany({
      where: { id: { contains: record.id } },
      orderBy: { seq: 'asc' },
    });
    const payloads = events.map(
      (event) =>
        event.payload as {
          old: { values: object } | null;
          new: { version: number; values: object; deletedAt: string | null };
        },
    );
    expect(events.map((event) => event.type)).toEqual([
      'record.created',
      'record.updated',
      'record.deleted',
      'record.updated',
    ]);
    expect(payloads[1]).toMatchObject({
      old: { values: { rating: null } },
      new: { version: 2, values: { rating: 1 } },
    });
    expect(payloads[2]?.new.deletedAt).not.toBeNull();
    expect(payloads[3]?.new.deletedAt).toBeNull();
    const audit = await k.prisma.auditEntry.findMany({
      where: { targetId: record.id },
      orderBy: { id: 'asc' },
    });
    const history = await k.as(ada).get(`${path}/history`).expect(200);
    expect(
      history.body.items.map((item: { type: string; version: number }) => [item.type, item.version]),
    ).toEqual([
      ['record.updated', 4],
      ['record.deleted', 3],
      ['record.updated', 2],
      ['record.created', 1],
    ]);
    expect(history.body.items[2]).toMatchObject({
      actorId: ada.user.id,
      changes: [{ key: 'rating', before: null, after: 1 }],
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      'record.created',
      'record.updated',
      'record.deleted',
      'record.restored',
    ]);
  });

  it('filters with typed operators, sorts by several keys and pages with a cursor', async () => {
    const table = await k.createDocument(ada, 'table', {
      ...emptyTable(),
      fields: [
        { ...blank, id: 'p1', order: 'a0', key: 'name', name: 'Name', type: 'text' },
        { ...blank, id: 'p2', order: 'a1', key: 'price', name: 'Price', type: 'decimal', scale: 2 },
        {
          ...blank,
          id: 'p3',
          order: 'a2',
          key: 'tags',
          name: 'Tags',
          type: 'multiSelect',
          options: ['red', 'blue'].map((value, index) => ({
            id: value,
            order: `a${index}`,
            label: value,
            value,
          })),
        },
      ],
    });
    await k.as(ada).send('post', `/api/documents/${table}/publish`).expect(201);
    const rows = [
      ['apple', 1.5, ['red']],
      ['banana', null, []],
      ['cherry', 3, ['red', 'blue']],
      ['date', 1.5, ['blue']],
      ['50% off', 0.5, []],
    ] as const;
    for (const [name, price, tags] of rows)
      await k.as(ada).send('post', records(table), { values: { name, price, tags } }).expect(201);
    const names = async (query: Record<string, string | number>) =>
      (await k.as(ada).get(records(table), query).expect(200)).body.items.map(
        (item: { values: { name: string } }) => item.values.name,
      );
    expect(await names({ 'filter[price][gte]': '1.5', sort: 'name' })).toEqual(['apple', 'cherry', 'date']);
    expect(await names({ 'filter[price][isEmpty]': 'true' })).toEqual(['banana']);
    expect(await names({ 'filter[tags][eq]': 'red', sort: '-name' })).toEqual(['cherry', 'apple']);
    expect(await names({ 'filter[name][in]': 'date,apple', sort: 'name' })).toEqual(['apple', 'date']);
    expect(await names({ 'filter[name][contains]': '%' })).toEqual(['50% off']);
    expect(await names({ 'filter[name][ne]': 'apple', 'filter[price][lt]': '2', sort: 'name' })).toEqual([
      '50% off',
      'date',
    ]);
    expect(await names({ q: 'AN' })).toEqual(['banana']);
    // Price descending puts the empty price first; name breaks the tie of the two 1.5s.
    const sorted = ['banana', 'cherry', 'apple', 'date', '50% off'];
    expect(await names({ sort: '-price,name' })).toEqual(sorted);
    const pageThrough = async (sort: string) => {
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { sort, limit: 2, ...(cursor ? { cursor } : {}) };
        const page = await k.as(ada).get(records(table), query).expect(200);
        paged.push(...page.body.items.map((item: { values: { name: string } }) => item.values.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      return paged;
    };
    expect(await pageThrough('-price,name')).toEqual(sorted);
    // Keys without nulls page by a row comparison (the index's start position): newest first, then oldest.
    const created = rows.map(([name]) => name);
    expect(await pageThrough('-createdAt')).toEqual([...created].reverse());
    expect(await pageThrough('createdAt')).toEqual(created);
  });

  it('treats hostile keys, operators, values and cursors as input errors, never as SQL', async () => {
    for (const name of hostile) {
      const key = `filter[${name}][eq]`;
      const answer = await k.as(ada).get(records(customers), { [key]: 'x' });
      expect(answer.status, name).toBe(400);
      await k
        .as(ada)
        .get(records(customers), { sort: name === '' ? ',' : `-${name}` })
        .expect(name === '' ? 200 : 400);
      const write = await create({ [name]: 'x', name: `ok ${name.slice(0, 10)}` });
      // The request schema refuses __proto__ and keys too long to be keys; the table refuses the others.
      expect(write.status, name).toBe(name === '__proto__' || name.length > 64 ? 400 : 422);
    }
    await k.as(ada).get(records(customers), { 'filter[name][drop]': 'x' }).expect(400);
    await k.as(ada).get(records(customers), { 'filter[name][eq]': '' }).expect(400);
    await k.as(ada).get(records(customers), { 'filter[rating][gt]': 'many' }).expect(400);
    await k.as(ada).get(records(customers), { tableName: 'users' }).expect(400);
    await k
      .as(ada)
      .get(records(customers), { cursor: Buffer.from('["x"]').toString('base64url') })
      .expect(400);
    const literal = await k
      .as(ada)
      .get(records(customers), { 'filter[name][eq]': hostile[0] as string })
      .expect(200);
    expect(literal.body.items).toEqual([]);
    const stored = await create({ name: hostile[0] }).expect(201);
    expect(stored.body.values.name).toBe(hostile[0]);
    const users = await k.pool.query(`SELECT count(*)::int AS count FROM users`);
    expect(users.rows[0].count).toBeGreaterThan(0);
  });

  it('lets each role read and write only what the table grants', async () => {
    // The sample grants employees reading; the customers table does not.
    await k.as(emma).get(records(orders)).expect(200);
    await k
      .as(emma)
      .send('post', records(orders), { values: { number: 'E-1', total: 1 } })
      .expect(403);
    await k.as(emma).get(records(customers)).expect(404);
    await k.as(ada).get(records(crypto.randomUUID())).expect(404);
  });
});
