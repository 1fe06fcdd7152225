import { emptyTable, type Table, type TableField } from '@erp/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import { bearer, type TestUser } from '../../testing/test-app';

// CSV import and export through the API: a preview that writes nothing, per-row errors, all-or-nothing or the
// good rows, hostile headers, and an export that imports back.

const blank = { description: '', required: false, unique: false };

describe('records CSV', () => {
  let k: PublishKit;
  let ada: TestUser;
  let table: string;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    const definition: Table = {
      ...emptyTable(),
      fields: [
        {
          ...blank,
          id: 'a',
          order: 'a0',
          key: 'code',
          name: 'Code',
          type: 'text',
          required: true,
          unique: true,
        },
        { ...blank, id: 'b', order: 'a1', key: 'amount', name: 'Amount', type: 'decimal', scale: 2 },
        { ...blank, id: 'c', order: 'a2', key: 'active', name: 'Active', type: 'boolean' },
        {
          ...blank,
          id: 'd',
          order: 'a3',
          key: 'tags',
          name: 'Tags',
          type: 'multiSelect',
          options: ['x', 'y'].map((value, index) => ({ id: value, order: `a${index}`, label: value, value })),
        },
      ] as TableField[],
    };
    table = await k.createDocument(ada, 'table', definition);
    await k.as(ada).send('post', `/api/documents/${table}/publish`).expect(201);
  });

  const upload = (mode: string, csv: string | Buffer) =>
    k
      .http()
      .post(`/api/tables/${table}/import`)
      .query({ mode })
      .set(bearer(ada.token))
      .set('Content-Type', 'text/csv')
      .send(csv);
  const count = async () =>
    (await k.as(ada).get(`/api/tables/${table}/records`, { limit: 500 }).expect(200)).body.items.length;

  const csv = [
    'Code,amount,ACTIVE,tags',
    'A1,12.50,yes,"x,y"',
    'A2,1.234,no,',
    ',3,true,x',
    'A4,4,maybe,z',
    'A5,5',
    'A1,6,false,',
    '"A7 ""quoted""",7.5,1,[]',
  ].join('\r\n');

  it('previews every row with its errors and writes nothing', async () => {
    const preview = await upload('preview', csv).expect(200);
    expect(preview.body).toMatchObject({ rows: 7, valid: 2, imported: 0, errorCount: 6 });
    expect(
      preview.body.errors.map((error: { row: number; key: string | null }) => [error.row, error.key]),
    ).toEqual([
      [3, 'amount'],
      [4, 'code'],
      [5, 'active'],
      [5, 'tags'],
      [6, null],
      [7, 'code'],
    ]);
    expect(preview.body.errors[4].message).toBe('Row 6 has 2 cells; the header has 4.');
    expect(await count()).toBe(0);
  });

  it('imports nothing when asked for all rows and one is bad, or only the good rows', async () => {
    const refused = await upload('all', csv).expect(422);
    expect(refused.body.error.details).toMatchObject({ rows: 7, imported: 0, errorCount: 6 });
    expect(await count()).toBe(0);
    const partial = await upload('valid', csv).expect(200);
    expect(partial.body).toMatchObject({ rows: 7, valid: 2, imported: 2 });
    const { body } = await k.as(ada).get(`/api/tables/${table}/records`, { sort: 'code' }).expect(200);
    expect(body.items.map((item: { values: object }) => item.values)).toEqual([
      { code: 'A1', amount: 12.5, active: true, tags: ['x', 'y'] },
      { code: 'A7 "quoted"', amount: 7.5, active: true, tags: [] },
    ]);
    // One event per record, written in the import's statement: the record exactly as the API reads it.
    const events = await k.prisma.event.findMany({
      where: { type: 'record.created', id: { contains: table } },
    });
    expect(events).toHaveLength(2);
    for (const record of body.items) {
      const event = events.find((candidate) => candidate.id === `record.created:${table}:${record.id}:1`);
      expect(event?.payload).toEqual({
        tableId: table,
        recordId: record.id,
        actorId: ada.user.id,
        old: null,
        new: record,
      });
    }
    // A1 exists now: importing it again is a per-row error, not a failure of the whole file.
    const again = await upload('preview', 'code\nA1\nB1\n').expect(200);
    expect(again.body).toMatchObject({
      valid: 1,
      errors: [{ row: 2, key: 'code', message: 'Another record has this value.' }],
    });
  });

  it('refuses hostile and unknown headers, bad encodings and empty files with a clear error', async () => {
    const hostile = await upload('preview', '"""; drop table users; --",__proto__,code\n1,2,3\n').expect(422);
    expect(hostile.body.error.message).toBe(
      'The table has no field for the columns “"; drop table users; --”, “__proto__”.',
    );
    await upload('preview', Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xc3, 0x28])).expect(415);
    await upload('preview', '').expect(400);
    await k
      .http()
      .post(`/api/tables/${table}/import`)
      .query({ mode: 'later' })
      .set(bearer(ada.token))
      .send('code\n')
      .expect(400);
  });

  it('exports CSV that imports back', async () => {
    const exported = await k
      .http()
      .get(`/api/tables/${table}/export`)
      .set(bearer(ada.token))
      .buffer(true)
      .expect(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = exported.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,code,amount,active,tags');
    expect(
      lines
        .slice(1)
        .map((line) => line.slice(37))
        .sort(),
    ).toEqual(['"A7 ""quoted""",7.5,true,[]', 'A1,12.5,true,"[""x"",""y""]"']);
    const renamed = exported.text.replaceAll('A1,', 'B1,').replaceAll('A7 ', 'B7 ');
    const back = await upload('all', renamed).expect(200);
    expect(back.body).toMatchObject({ rows: 2, imported: 2 });
    expect(await count()).toBe(4);
  });
});
