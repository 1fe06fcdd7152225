import { emptyTable, type Table, type TableField } from '@erp/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import { bearer, type TestUser } from '../../testing/test-app';

// Files in table records: writing a record attaches the files it names (the writer's own uploads, within the
// field's rules); then whoever may read the table may read them, and nobody else.

describe('files in table records', () => {
  let k: PublishKit;
  let ada: TestUser;
  let rita: TestUser;
  let emma: TestUser;
  let contracts: string;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    rita = await k.createUser(['reviewer'], { name: 'Rita Reviewer' });
    emma = await k.createUser(['employee'], { name: 'Emma Employee' });
    const table: Table = {
      ...emptyTable(),
      fields: [
        {
          id: 'f1',
          order: 'a0',
          key: 'scans',
          name: 'Scans',
          description: '',
          required: false,
          unique: false,
          type: 'file',
          validation: { allowedTypes: ['application/pdf'], maxFiles: 1 },
        },
      ] as TableField[],
    };
    contracts = await k.createDocument(ada, 'table', table);
    await k.as(ada).send('post', `/api/documents/${contracts}/publish`).expect(201);
  });

  const upload = async (user: TestUser, name: string, text: string) =>
    (
      await k
        .http()
        .post('/api/files')
        .query({ name })
        .set(bearer(user.token))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(text))
        .expect(201)
    ).body.id as string;
  const pdf = (user: TestUser, name = 'scan.pdf') => upload(user, name, '%PDF-1.4\nscan\n');
  const records = () => `/api/tables/${contracts}/records`;

  it('attaches the writer’s upload to the record; table readers read it, others get 404', async () => {
    const scan = await pdf(ada);
    const record = await k
      .as(ada)
      .send('post', records(), { values: { scans: [scan] } })
      .expect(201);
    const stored = await k.prisma.storedFile.findUniqueOrThrow({ where: { id: scan } });
    expect({ tableId: stored.tableId, recordId: stored.recordId }).toEqual({
      tableId: contracts,
      recordId: record.body.id,
    });
    await k.as(rita).get(`/api/files/${scan}/meta`).expect(200);
    await k.as(emma).get(`/api/files/${scan}/meta`).expect(404);
    // Writing the record again with the same file keeps it; naming it on another record is refused.
    await k
      .as(ada)
      .send('patch', `${records()}/${record.body.id}`, { values: { scans: [scan] } })
      .expect(200);
    const other = await k
      .as(ada)
      .send('post', records(), { values: { scans: [scan] } })
      .expect(422);
    expect(other.body.error.details.issues).toEqual([
      { path: ['values', 'scans'], message: expect.stringMatching(/not uploaded by you/) },
    ]);
  });

  it('refuses someone else’s upload and a wrong type with 422 naming the field; nothing is written', async () => {
    const before = (await k.as(ada).get(records()).expect(200)).body.items.length;
    const theirs = await pdf(emma);
    const text = await upload(ada, 'notes.txt', 'plain text');
    for (const [id, message] of [
      [theirs, /not uploaded by you/],
      [text, /not one of the allowed types/],
    ] as const) {
      const response = await k
        .as(ada)
        .send('post', records(), { values: { scans: [id] } })
        .expect(422);
      expect(response.body.error.details.issues[0]).toEqual({
        path: ['values', 'scans'],
        message: expect.stringMatching(message),
      });
    }
    expect((await k.as(ada).get(records()).expect(200)).body.items.length).toBe(before);
    expect(
      await k.prisma.storedFile.count({ where: { id: { in: [theirs, text] }, attachedAt: { not: null } } }),
    ).toBe(0);
  });
});
