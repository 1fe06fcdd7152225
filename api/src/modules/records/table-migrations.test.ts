import { columnIdent, qualifiedTable } from '@erp/prisma';
import { emptyTable, type Table, type TableField } from '@erp/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// Publishing a table migrates its PostgreSQL table in the publish transaction; the preview shows the same plan
// and what it finds in the rows, and a migration that would lose data is refused with nothing changed.

const blank = { description: '', required: false, unique: false };
const hostile = '"; drop table users; --';
const field = (props: Partial<TableField> & Pick<TableField, 'id' | 'key' | 'type'>): TableField =>
  ({ order: `a${props.id}`, name: props.key, ...blank, ...props }) as TableField;

describe('publishing a table migrates its PostgreSQL table', () => {
  let k: PublishKit;
  let ada: TestUser;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
  });

  const tableOf = (fields: TableField[]): Table => ({ ...emptyTable(), fields });
  const setDraft = (id: string, table: Table) =>
    k.as(ada).send('put', `/api/documents/${id}/content`, { content: table }).expect(200);
  const preview = async (id: string) =>
    (await k.as(ada).get(`/api/documents/${id}/publish/preview`).expect(200)).body.migration;
  const publish = (id: string) => k.as(ada).send('post', `/api/documents/${id}/publish`, { message: '' });
  const columns = async (id: string) =>
    (
      await k.pool.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = 'user_data' AND table_name = $1 ORDER BY ordinal_position`,
        [`t_${id.replaceAll('-', '')}`],
      )
    ).rows;
  const insert = async (id: string, fieldId: string, values: unknown[]) => {
    const ids: string[] = [];
    for (const value of values) {
      const { rows } = await k.pool.query<{ id: string }>(
        `INSERT INTO ${qualifiedTable(id)} ("${columnIdent(fieldId)}") VALUES ($1) RETURNING id`,
        [value],
      );
      ids.push(rows[0]?.id ?? '');
    }
    return ids;
  };
  const valuesOf = async (id: string, fieldId: string) =>
    (
      await k.pool.query(
        `SELECT "${columnIdent(fieldId)}" AS value FROM ${qualifiedTable(id)} ORDER BY created_at, id`,
      )
    ).rows.map((row) => row.value);

  it('creates the table on the first publish, columns named by stable id whatever the names say', async () => {
    const id = await k.createDocument(
      ada,
      'table',
      tableOf([field({ id: '1', key: 'title', type: 'text', name: hostile })]),
    );
    const first = await preview(id);
    expect(first).toMatchObject({ fromVersion: null, checks: [], blocked: false });
    expect(first.steps.map((step: { kind: string }) => step.kind)).toEqual(['createTable', 'addColumn']);
    expect(first.steps[1].description).toBe(`Add the field “${hostile}” (text).`);
    await publish(id).expect(201);
    expect((await columns(id)).map((column) => column.column_name)).toEqual([
      'id',
      'version',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
      'deleted_at',
      columnIdent('1'),
    ]);
    const users = await k.pool.query(`SELECT to_regclass('public.users') AS users`);
    expect(users.rows[0].users).toBe('users');
  });

  it('refuses a required field without a default while rows lack it, then fills them with the default', async () => {
    const title = field({ id: '1', key: 'title', type: 'text' });
    const id = await k.createDocument(ada, 'table', tableOf([title]));
    await publish(id).expect(201);
    await insert(id, '1', ['a', 'b', 'c']);
    const status = field({ id: '2', key: 'status', type: 'text', name: 'Status', required: true });
    await setDraft(id, tableOf([title, status]));
    const refused = await preview(id);
    expect(refused.blocked).toBe(true);
    expect(refused.checks).toEqual([
      expect.objectContaining({
        kind: 'missingValues',
        fieldId: '2',
        count: 3,
        message:
          '3 rows have no value for the required field “Status”: give it a default, or fill them in first.',
      }),
    ]);
    const answer = await publish(id).expect(422);
    expect(answer.body.error.details.checks[0]).toMatchObject({ kind: 'missingValues', count: 3 });
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(1);
    expect((await columns(id)).some((column) => column.column_name === columnIdent('2'))).toBe(false);

    await setDraft(id, tableOf([title, { ...status, default: 'new' } as TableField]));
    const allowed = await preview(id);
    expect(allowed).toMatchObject({ fromVersion: 1, blocked: false, checks: [] });
    expect(allowed.steps.map((step: { kind: string }) => step.kind)).toEqual(['addColumn', 'setRequired']);
    await publish(id).expect(201);
    expect(await valuesOf(id, '2')).toEqual(['new', 'new', 'new']);
    const column = (await columns(id)).find((candidate) => candidate.column_name === columnIdent('2'));
    expect(column?.is_nullable).toBe('NO');
  });

  it('casts a type change safely and names the rows whose values cannot be cast', async () => {
    const amount = field({ id: '1', key: 'amount', type: 'text', name: 'Amount' });
    const id = await k.createDocument(ada, 'table', tableOf([amount]));
    await publish(id).expect(201);
    const rows = await insert(id, '1', ['12.5', ' 7 ', 'twelve', null, '1e999']);
    await setDraft(id, tableOf([{ ...amount, type: 'number' } as TableField]));
    const refused = await preview(id);
    expect(refused.checks).toEqual([
      expect.objectContaining({
        kind: 'castFailures',
        count: 2,
        recordIds: [rows[2], rows[4]],
        message: '2 values of “Amount” cannot become number: fix them, or add a new field instead.',
      }),
    ]);
    await publish(id).expect(422);
    expect(await valuesOf(id, '1')).toEqual(['12.5', ' 7 ', 'twelve', null, '1e999']);
    await k.pool.query(
      `UPDATE ${qualifiedTable(id)} SET "${columnIdent('1')}" = NULL WHERE id = ANY($1::uuid[])`,
      [[rows[2], rows[4]]],
    );
    expect((await preview(id)).checks).toEqual([]);
    await publish(id).expect(201);
    expect(await valuesOf(id, '1')).toEqual([12.5, 7, null, null, null]);
  });

  it('refuses options that rows still hold and duplicates under a new unique constraint', async () => {
    const options = [
      { id: 'o1', order: 'a0', label: 'Open', value: 'open' },
      { id: 'o2', order: 'a1', label: 'Done', value: 'done' },
    ];
    const status = field({ id: '1', key: 'status', type: 'select', options } as TableField);
    const code = field({ id: '2', key: 'code', type: 'text', name: 'Code' });
    const id = await k.createDocument(ada, 'table', tableOf([status, code]));
    await publish(id).expect(201);
    await insert(id, '1', ['open', 'done', 'done']);
    await setDraft(
      id,
      tableOf([{ ...status, options: options.slice(0, 1) } as TableField, { ...code, unique: true }]),
    );
    const refused = await preview(id);
    expect(refused.checks.map((check: { kind: string; count: number }) => [check.kind, check.count])).toEqual(
      [['castFailures', 2]],
    );
    await k.pool.query(`UPDATE ${qualifiedTable(id)} SET "${columnIdent('2')}" = 'same'`);
    const both = await preview(id);
    expect(both.checks.map((check: { kind: string; count: number }) => [check.kind, check.count])).toEqual([
      ['castFailures', 2],
      ['duplicates', 3],
    ]);
    await publish(id).expect(422);
    await setDraft(id, tableOf([status, { ...code, unique: true }]));
    await k.pool.query(`UPDATE ${qualifiedTable(id)} SET "${columnIdent('2')}" = id::text`);
    await publish(id).expect(201);
    const duplicate = k.pool.query(`UPDATE ${qualifiedTable(id)} SET "${columnIdent('2')}" = 'again'`);
    await expect(duplicate).rejects.toThrow(/unique/);
  });

  it('renames a key without touching the column and drops softly, keeping the values', async () => {
    const name = field({ id: '1', key: 'name', type: 'text' });
    const note = field({ id: '2', key: 'note', type: 'text', required: true, default: 'x' } as TableField);
    const id = await k.createDocument(ada, 'table', tableOf([name, note]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} ("${columnIdent('1')}", "${columnIdent('2')}") VALUES ('kept', 'x')`,
    );
    await expect(insert(id, '1', ['no note'])).rejects.toThrow(/not-null/);
    await setDraft(id, tableOf([{ ...name, key: 'fullName' }]));
    const plan = await preview(id);
    expect(plan.steps.map((step: { kind: string; sql: string[] }) => [step.kind, step.sql.length])).toEqual([
      ['dropColumn', 4],
      ['renameField', 0],
    ]);
    await publish(id).expect(201);
    const names = (await columns(id)).map((column) => column.column_name);
    expect(names).toContain(`${columnIdent('2')}_d2`);
    expect(names).not.toContain(columnIdent('2'));
    expect(await valuesOf(id, '1')).toEqual(['kept']);
    // The dropped column no longer refuses rows without it.
    await insert(id, '1', ['another']);

    // An admin sees what was kept and purges it for good; nobody else may.
    const dropped = `${columnIdent('2')}_d2`;
    const admin = await k.createUser(['admin'], { name: 'Pat Purger' });
    await k.as(ada).get(`/api/tables/${id}/dropped-columns`).expect(403);
    const listed = await k.as(admin).get(`/api/tables/${id}/dropped-columns`).expect(200);
    expect(listed.body.items).toEqual([
      {
        column: dropped,
        droppedInVersion: 2,
        field: { id: '2', key: 'note', name: 'note' },
        rowsWithValue: 1,
      },
    ]);
    await k.as(ada).send('delete', `/api/tables/${id}/dropped-columns/${dropped}`).expect(403);
    await k
      .as(admin)
      .send('delete', `/api/tables/${id}/dropped-columns/${columnIdent('1')}`)
      .expect(400);
    await k.as(admin).send('delete', `/api/tables/${id}/dropped-columns/${dropped}`).expect(204);
    expect((await columns(id)).map((column) => column.column_name)).not.toContain(dropped);
    expect(await valuesOf(id, '1')).toEqual(['kept', 'another']);
    await k.as(admin).send('delete', `/api/tables/${id}/dropped-columns/${dropped}`).expect(404);
    expect((await k.as(admin).get(`/api/tables/${id}/dropped-columns`).expect(200)).body.items).toEqual([]);
    expect(await k.prisma.auditEntry.count({ where: { targetId: id, action: 'table.column_purged' } })).toBe(
      1,
    );
  });
});
