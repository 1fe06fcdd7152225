import { columnIdent, qualifiedTable } from '@erp/prisma';
import { emptyTable, type Table, type TableField } from '@erp/shared';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// A publish that fills many rows does it before the publish transaction, in batches of their own, with its
// progress readable at GET /api/tables/:id/migration, while the table stays readable; a failed publish leaves
// the table as the live version had it.

const blank = { description: '', required: false, unique: false };
const field = (props: Partial<TableField> & Pick<TableField, 'id' | 'key' | 'type'>): TableField =>
  ({ order: `a${props.id}`, name: props.key, ...blank, ...props }) as TableField;
const title = field({ id: '1', key: 'title', type: 'text' });
const status = field({ id: '2', key: 'status', type: 'text', name: 'Status' });
const required = { ...status, required: true, default: 'new' } as TableField;
const added = field({ id: '3', key: 'priority', type: 'text', required: true, default: 'normal' } as never);

// Each test seeds thousands of rows and publishes twice or thrice: more than the default on a loaded machine.
describe('a publish that fills a million rows keeps its table readable', { timeout: 90_000 }, () => {
  let k: PublishKit;
  let ada: TestUser;
  let locker: pg.PoolClient;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    locker = await k.pool.connect();
  });
  afterAll(() => locker.release());

  const tableOf = (fields: TableField[]): Table => ({ ...emptyTable(), fields });
  const setDraft = (id: string, table: Table) =>
    k.as(ada).send('put', `/api/documents/${id}/content`, { content: table }).expect(200);
  const publish = (id: string) => k.as(ada).send('post', `/api/documents/${id}/publish`, { message: '' });
  const progressOf = async (id: string) =>
    (await k.as(ada).get(`/api/tables/${id}/migration`).expect(200)).body.progress;
  const column = (fieldId: string) => `"${columnIdent(fieldId)}"`;
  // `rows` rows, every third with a status, the others without.
  const publishedWithRows = async (rows: number) => {
    const id = await k.createDocument(ada, 'table', tableOf([title, status]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} (${column('1')}, ${column('2')})
       SELECT 'Row ' || n, CASE WHEN n % 3 = 0 THEN 'done' END FROM generate_series(1, $1) AS n`,
      [rows],
    );
    return id;
  };
  const statuses = async (id: string) =>
    (
      await k.pool.query<{ status: string | null }>(
        `SELECT ${column('2')} AS status FROM ${qualifiedTable(id)} ORDER BY id`,
      )
    ).rows.map((row) => row.status);
  const nullable = async (id: string, fieldId: string) =>
    (
      await k.pool.query<{ is_nullable: string }>(
        `SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'user_data' AND table_name = $1 AND column_name = $2`,
        [`t_${id.replaceAll('-', '')}`, columnIdent(fieldId)],
      )
    ).rows[0]?.is_nullable;
  const helperTables = async (id: string) =>
    (
      await k.pool.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'user_data' AND table_name LIKE $1`,
        [`t_${id.replaceAll('-', '')}_%`],
      )
    ).rowCount;

  it('fills an existing field made required in batches, reporting progress, while reads go on', async () => {
    const id = await publishedWithRows(30_000);
    // The last row by id is held by another transaction: the backfill's third batch of 10,000 waits for it.
    await locker.query('BEGIN');
    await locker.query(
      `SELECT id FROM ${qualifiedTable(id)} WHERE ${column('2')} IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    );
    await setDraft(id, tableOf([title, required]));
    const publishing = publish(id).then((response) => response);
    await expect
      .poll(() => progressOf(id), pollOptions)
      .toMatchObject({ status: 'running', done: 20_000, total: 30_000, fieldName: 'Status' });
    // The table reads while its backfill runs: through the API, and a full count.
    const page = await k.as(ada).get(`/api/tables/${id}/records`, { limit: 5 }).expect(200);
    expect(page.body.items).toHaveLength(5);
    const count = await k.pool.query(`SELECT count(*)::int AS total FROM ${qualifiedTable(id)}`);
    expect(count.rows[0].total).toBe(30_000);
    await locker.query('COMMIT');
    expect((await publishing).status).toBe(201);
    expect((await statuses(id)).filter((value) => value === null)).toEqual([]);
    expect((await statuses(id)).filter((value) => value === 'done')).toHaveLength(10_000);
    expect(await nullable(id, '2')).toBe('NO');
    expect(await helperTables(id)).toBe(0);
    expect(await progressOf(id)).toMatchObject({ status: 'done', done: 30_000, total: 30_000 });
  });

  it('adds a new required field with a default without a rewrite, the check validated beside reads', async () => {
    const id = await publishedWithRows(3_000);
    await setDraft(id, tableOf([title, status, added]));
    const fileOf = async () =>
      (await k.pool.query(`SELECT pg_relation_filenode($1::regclass) AS file`, [qualifiedTable(id)])).rows[0]
        .file;
    const file = await fileOf();
    await publish(id).expect(201);
    // The same file: no row was rewritten.
    expect(await fileOf()).toBe(file);
    const values = await k.pool.query(`SELECT DISTINCT ${column('3')} AS value FROM ${qualifiedTable(id)}`);
    expect(values.rows).toEqual([{ value: 'normal' }]);
    expect(await nullable(id, '3')).toBe('NO');
    // Neither the stored default nor the check outlive the publish: records get defaults from the definition.
    const leftovers = await k.pool.query(
      `SELECT (SELECT count(*)::int FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c') AS checks,
              (SELECT count(*)::int FROM pg_attrdef WHERE adrelid = $1::regclass AND adnum =
                 (SELECT attnum FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2)) AS defaults`,
      [qualifiedTable(id), columnIdent('3')],
    );
    expect(leftovers.rows[0]).toEqual({ checks: 0, defaults: 0 });
    expect(await progressOf(id)).toMatchObject({ status: 'done', done: 3_000, total: 3_000 });
  });

  it('a publish that fails after its backfill leaves the table, its version and its rows as they were', async () => {
    const id = await publishedWithRows(1_000);
    const before = await statuses(id);
    await setDraft(id, tableOf([title, required, added]));
    // The version row cannot be written: the publish transaction fails after the backfill did its work.
    await k.pool.query(`
      CREATE FUNCTION refuse_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'no new versions'; END $$;
      CREATE TRIGGER refuse_version BEFORE INSERT ON document_versions FOR EACH ROW EXECUTE FUNCTION refuse_version();`);
    try {
      await publish(id).expect(500);
    } finally {
      await k.pool.query('DROP TRIGGER refuse_version ON document_versions; DROP FUNCTION refuse_version();');
    }
    expect(await statuses(id)).toEqual(before);
    expect(await nullable(id, '2')).toBe('YES');
    expect(await nullable(id, '3')).toBeUndefined();
    expect(await helperTables(id)).toBe(0);
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(1);
    expect((await k.prisma.userTable.findUniqueOrThrow({ where: { documentId: id } })).version).toBe(1);
    expect(await progressOf(id)).toMatchObject({ status: 'failed', error: expect.any(String) });
    const page = await k.as(ada).get(`/api/tables/${id}/records`, { limit: 5 }).expect(200);
    expect(page.body.items).toHaveLength(5);
    // Publishing again once the cause is gone works.
    await publish(id).expect(201);
    expect((await statuses(id)).filter((value) => value === null)).toEqual([]);
  });
});
