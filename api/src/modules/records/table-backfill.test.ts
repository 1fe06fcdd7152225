import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { columnIdent, prepareTableMigration, qualifiedTable } from '@erp/prisma';
import { emptyTable, type Table, type TableField } from '@erp/shared';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import { bearer, type TestUser } from '../../testing/test-app';

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

const amount = field({ id: '4', key: 'amount', type: 'text', name: 'Amount' });
const publishWith = (kit: PublishKit, user: TestUser, id: string) =>
  kit.as(user).send('post', `/api/documents/${id}/publish`, { message: '' });

// A published table of 100 amounts as text, its change into numbers prepared as a publish does before its
// transaction (the shadow column filled): what is left is the swap, which needs ACCESS EXCLUSIVE.
async function preparedRetype(kit: PublishKit, user: TestUser): Promise<string> {
  const id = await kit.createDocument(user, 'table', { ...emptyTable(), fields: [title, amount] });
  await publishWith(kit, user, id).expect(201);
  await kit.pool.query(
    `INSERT INTO ${qualifiedTable(id)} ("${columnIdent('4')}") SELECT n::text FROM generate_series(1, 100) AS n`,
  );
  const target = { ...emptyTable(), fields: [title, { ...amount, type: 'number' } as TableField] };
  await kit.as(user).send('put', `/api/documents/${id}/content`, { content: target }).expect(200);
  await prepareTableMigration(kit.prisma, { documentId: id, table: target, actorId: user.user.id });
  return id;
}

// The tries of a swap seen waiting for ACCESS EXCLUSIVE on the table: each is a transaction of its own.
async function seeSwapTries(kit: PublishKit, id: string, tries: Set<string>): Promise<number> {
  const { rows } = await kit.pool.query<{ virtualtransaction: string }>(
    `SELECT virtualtransaction FROM pg_locks WHERE relation = $1::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`,
    [qualifiedTable(id)],
  );
  for (const row of rows) tries.add(row.virtualtransaction);
  return tries.size;
}

const amountColumnType = async (kit: PublishKit, id: string) =>
  (
    await kit.pool.query(
      `SELECT pg_typeof("${columnIdent('4')}")::text AS type FROM ${qualifiedTable(id)} LIMIT 1`,
    )
  ).rows[0]?.type;

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

  // Once the shadow column of a type change is there (adding it waits for every transaction on the table), the
  // last row by id is held by another transaction: the fill's third batch of 10,000 waits for it. A type change
  // rewriting the table in the publish transaction would wait for that lock with every reader queued behind it.
  const holdLastRowOnceShadowed = async (id: string, fieldId: string) => {
    await expect
      .poll(
        async () =>
          (
            await k.pool.query(
              `SELECT 1 FROM information_schema.columns WHERE table_schema = 'user_data' AND table_name = $1 AND column_name = $2`,
              [`t_${id.replaceAll('-', '')}`, `${columnIdent(fieldId)}_n`],
            )
          ).rowCount,
        { timeout: 20_000, interval: 5 },
      )
      .toBe(1);
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM ${qualifiedTable(id)} ORDER BY id DESC LIMIT 1 FOR UPDATE`);
  };

  it('changes a type in a shadow column filled in batches, rows written meanwhile cast, reads never waiting', async () => {
    const id = await k.createDocument(ada, 'table', tableOf([title, amount]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} (${column('1')}, ${column('4')})
       SELECT 'Row ' || n, CASE WHEN n % 2 = 0 THEN (n / 2.0)::text END FROM generate_series(1, 30000) AS n`,
    );
    const [edited] = (
      await k.pool.query<{ id: string }>(
        `SELECT id FROM ${qualifiedTable(id)} WHERE ${column('4')} IS NULL ORDER BY id LIMIT 1 OFFSET 7000`,
      )
    ).rows;
    await setDraft(id, tableOf([title, { ...amount, type: 'decimal', scale: 1 } as TableField]));
    // Readers that give up on any lock wait longer than 300 ms, through the publish to its end.
    let publishing = true;
    const reads = { sql: 0, api: 0, failures: [] as string[], shapes: new Set<string>() };
    const reader = await k.pool.connect();
    await reader.query(`SET lock_timeout = '300ms'; SET statement_timeout = '5s'`);
    const readAll = async () => {
      while (publishing) {
        try {
          await reader.query(`SELECT count(*) FROM ${qualifiedTable(id)}`);
          reads.sql += 1;
        } catch (error) {
          reads.failures.push(String(error));
        }
        const page = await k.as(ada).get(`/api/tables/${id}/records`, { limit: 20 });
        if (page.status !== 200) reads.failures.push(`API ${page.status}`);
        else {
          reads.api += 1;
          // One version's values per answer: text before the swap, numbers after.
          const types = new Set(
            page.body.items.flatMap((item: { values: { amount: unknown } }) =>
              item.values.amount === null ? [] : [typeof item.values.amount],
            ),
          );
          reads.shapes.add([...types].sort().join('+'));
        }
      }
    };
    const publishingDone = publish(id).then((response) => {
      publishing = false;
      return response;
    });
    const reading = readAll();
    await holdLastRowOnceShadowed(id, '4');
    await expect
      .poll(() => progressOf(id), pollOptions)
      .toMatchObject({ status: 'running', done: 20_000, total: 30_000, fieldName: 'Amount' });
    // Written meanwhile through the live (text) version: a new record and a changed one.
    const created = await k
      .as(ada)
      .send('post', `/api/tables/${id}/records`, { values: { title: 'New', amount: ' 41.5 ' } })
      .expect(201);
    await k
      .as(ada)
      .send('patch', `/api/tables/${id}/records/${edited?.id}`, { values: { amount: '7' } })
      .expect(200);
    await expect.poll(() => reads.api, pollOptions).toBeGreaterThan(2);
    await locker.query('COMMIT');
    expect((await publishingDone).status).toBe(201);
    await reading;
    reader.release();
    expect(reads.failures).toEqual([]);
    expect(reads.sql).toBeGreaterThan(0);
    expect([...reads.shapes].every((shape) => shape === '' || shape === 'string' || shape === 'number')).toBe(
      true,
    );
    const record = async (recordId: string) =>
      (await k.as(ada).get(`/api/tables/${id}/records/${recordId}`).expect(200)).body.values.amount;
    expect(await record(created.body.id)).toBe(41.5);
    expect(await record(edited?.id as string)).toBe(7);
    const values = await k.pool.query(
      `SELECT count(${column('4')})::int AS filled, sum(${column('4')})::float AS total,
              pg_typeof(${column('4')})::text AS type FROM ${qualifiedTable(id)} GROUP BY 3`,
    );
    // Every other row's 1 … 15,000, 41.5 and the edited row's 7 (it had none).
    const editedBefore = (
      await k.pool.query(`SELECT "${columnIdent('4')}_d2" AS old FROM ${qualifiedTable(id)} WHERE id = $1`, [
        edited?.id,
      ])
    ).rows[0].old;
    expect(editedBefore).toBe('7');
    expect(values.rows).toEqual([
      { filled: 15_002, total: (15_000 * 15_001) / 2 + 41.5 + 7, type: 'numeric' },
    ]);
    // The old column is kept, soft-dropped, with the text it held; nothing of the shadow is left.
    const kept = await k.pool.query(
      `SELECT count("${columnIdent('4')}_d2")::int AS kept FROM ${qualifiedTable(id)}`,
    );
    expect(kept.rows[0].kept).toBe(15_002);
    expect(await helperTables(id)).toBe(0);
    const triggers = await k.pool.query(
      `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = $1::regclass`,
      [qualifiedTable(id)],
    );
    expect(triggers.rows[0].n).toBe(0);
    expect(await progressOf(id)).toMatchObject({ status: 'done', done: 30_000, total: 30_000 });
  });

  it('refuses a type change exactly when a row written during its fill cannot be cast, changing nothing', async () => {
    const amount = field({ id: '4', key: 'amount', type: 'text', name: 'Amount', unique: true });
    const id = await k.createDocument(ada, 'table', tableOf([title, amount]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} (${column('4')}) SELECT n::text FROM generate_series(1, 25000) AS n`,
    );
    await setDraft(id, tableOf([title, { ...amount, type: 'number', required: true } as TableField]));
    const publishing = publish(id).then((response) => response);
    await holdLastRowOnceShadowed(id, '4');
    await expect.poll(() => progressOf(id), pollOptions).toMatchObject({ status: 'running', done: 20_000 });
    const bad = await k
      .as(ada)
      .send('post', `/api/tables/${id}/records`, { values: { amount: 'many' } })
      .expect(201);
    const empty = await k
      .as(ada)
      .send('post', `/api/tables/${id}/records`, { values: { title: 'x' } })
      .expect(201);
    await locker.query('COMMIT');
    const refused = await publishing;
    expect(refused.status).toBe(422);
    expect(
      refused.body.error.details.checks.map((check: { kind: string; count: number; recordIds: string[] }) => [
        check.kind,
        check.count,
        check.recordIds,
      ]),
    ).toEqual([
      ['castFailures', 1, [bad.body.id]],
      ['missingValues', 1, [empty.body.id]],
    ]);
    // The preview, run the usual way on the rows, finds the same.
    const preview = (await k.as(ada).get(`/api/documents/${id}/publish/preview`).expect(200)).body.migration;
    expect(preview.checks.map((check: { kind: string; count: number }) => [check.kind, check.count])).toEqual(
      [
        ['castFailures', 1],
        ['missingValues', 1],
      ],
    );
    const names = (
      await k.pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'user_data' AND table_name = $1`,
        [`t_${id.replaceAll('-', '')}`],
      )
    ).rows.map((row) => row.column_name);
    expect(names.filter((name) => name.startsWith(columnIdent('4')))).toEqual([columnIdent('4')]);
    expect(await helperTables(id)).toBe(0);
    expect((await k.prisma.userTable.findUniqueOrThrow({ where: { documentId: id } })).version).toBe(1);
    // Fixed, the change goes through: required, unique and numbers.
    await k.pool.query(`DELETE FROM ${qualifiedTable(id)} WHERE id = ANY($1::uuid[])`, [
      [bad.body.id, empty.body.id],
    ]);
    await publish(id).expect(201);
    expect(await nullable(id, '4')).toBe('NO');
    const duplicate = k.pool.query(`UPDATE ${qualifiedTable(id)} SET ${column('4')} = 1`);
    await expect(duplicate).rejects.toThrow(/unique/);
  });

  it('carries on a fill whose process died, where it stopped, and the rows written since are right', async () => {
    const id = await k.createDocument(ada, 'table', tableOf([title, amount]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} (${column('4')}) SELECT n::text FROM generate_series(1, 30000) AS n`,
    );
    const target = tableOf([title, { ...amount, type: 'number' } as TableField]);
    await setDraft(id, target);
    // Another process prepares the publish and is killed while its third batch waits for a held row.
    const code = `import { createPrismaClient, prepareTableMigration } from '@erp/prisma';
      const db = createPrismaClient(process.env.DATABASE_URL);
      await prepareTableMigration(db, JSON.parse(process.env.INPUT));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: {
        ...process.env,
        DATABASE_URL: k.databaseUrl,
        INPUT: JSON.stringify({ documentId: id, table: target, actorId: ada.user.id }),
      },
      stdio: 'inherit',
    });
    const exited = once(child, 'exit');
    await holdLastRowOnceShadowed(id, '4');
    await expect.poll(() => progressOf(id), pollOptions).toMatchObject({ status: 'running', done: 20_000 });
    child.kill('SIGKILL');
    await exited;
    await locker.query('COMMIT');
    // The first row by id was filled before the crash: carrying on leaves it as it is (the same row version).
    const firstRow = () =>
      k.pool.query(`SELECT id, xmin::text AS xmin FROM ${qualifiedTable(id)} ORDER BY id LIMIT 1`);
    const before = (await firstRow()).rows[0];
    const written = await k
      .as(ada)
      .send('post', `/api/tables/${id}/records`, { values: { title: 'After the crash', amount: '12.5' } })
      .expect(201);
    // The progress is stale only after a minute without news: the test makes it so.
    await k.pool.query(
      `UPDATE settings SET value = jsonb_set(value, '{updatedAt}', to_jsonb('2000-01-01T00:00:00.000Z'::text)) WHERE key = $1`,
      [`user-table-backfill:${id}`],
    );
    await publish(id).expect(201);
    expect((await firstRow()).rows[0]).toEqual(before);
    const sum = await k.pool.query(`SELECT sum(${column('4')})::float AS total FROM ${qualifiedTable(id)}`);
    expect(sum.rows[0].total).toBe((30_000 * 30_001) / 2 + 12.5);
    expect(
      (await k.as(ada).get(`/api/tables/${id}/records/${written.body.id}`).expect(200)).body.values.amount,
    ).toBe(12.5);
    // Counted again when it carried on: with the row written since.
    expect(await progressOf(id)).toMatchObject({ status: 'done', done: 30_001, total: 30_001 });
  });

  it('casts rows written after the fill into a choice, its option values reaching the trigger intact', async () => {
    const kind = field({ id: '5', key: 'kind', type: 'text', name: 'Kind' });
    const id = await k.createDocument(ada, 'table', tableOf([title, kind]));
    await publish(id).expect(201);
    await k.pool.query(`INSERT INTO ${qualifiedTable(id)} (${column('5')}) VALUES ('open'), (NULL)`);
    const quoted = `it's "done", {really}\\`;
    const options = [
      { id: 'o1', order: 'a0', label: 'Open', value: 'open' },
      { id: 'o2', order: 'a1', label: 'Done', value: quoted },
    ];
    const target = tableOf([title, { ...kind, type: 'select', options } as TableField]);
    await setDraft(id, target);
    // Prepared as a publish does before its transaction; then the live (text) version writes on.
    await prepareTableMigration(k.prisma, { documentId: id, table: target, actorId: ada.user.id });
    const written = await k.pool.query<{ id: string; kind: string }>(
      `INSERT INTO ${qualifiedTable(id)} (${column('5')}) VALUES ($1), ('closed') RETURNING id, ${column('5')} AS kind`,
      [quoted],
    );
    const refused = await publish(id).expect(422);
    expect(refused.body.error.details.checks).toEqual([
      expect.objectContaining({
        kind: 'castFailures',
        count: 1,
        recordIds: [written.rows.find((row) => row.kind === 'closed')?.id],
      }),
    ]);
    await k.pool.query(`DELETE FROM ${qualifiedTable(id)} WHERE ${column('5')} = 'closed'`);
    await publish(id).expect(201);
    const kinds = await k.pool.query(`SELECT ${column('5')} AS kind FROM ${qualifiedTable(id)} ORDER BY 1`);
    expect(kinds.rows.map((row) => row.kind)).toEqual([quoted, 'open', null]);
  });

  it('refuses a write duplicating a value under the type being prepared: 409 naming the field, nothing written', async () => {
    const code = field({ id: '6', key: 'code', type: 'text', name: 'Code' });
    const id = await k.createDocument(ada, 'table', tableOf([title, code]));
    await publish(id).expect(201);
    const records = `/api/tables/${id}/records`;
    await k
      .as(ada)
      .send('post', records, { values: { code: '1' } })
      .expect(201);
    const other = await k
      .as(ada)
      .send('post', records, { values: { code: '2' } })
      .expect(201);
    const target = tableOf([title, { ...code, type: 'number', unique: true } as TableField]);
    await setDraft(id, target);
    // Prepared as a publish does before its transaction: the unique index is on the shadow column, of numbers.
    await prepareTableMigration(k.prisma, { documentId: id, table: target, actorId: ada.user.id });
    const events = () =>
      k.prisma.event.count({
        where: { type: { startsWith: 'record.' }, payload: { path: ['tableId'], equals: id } },
      });
    const eventsBefore = await events();
    // '01' and ' 1.0' differ from '1' as text, which the live version stores, but not as numbers.
    const created = await k
      .as(ada)
      .send('post', records, { values: { code: '01' } })
      .expect(409);
    const changed = await k
      .as(ada)
      .send('patch', `${records}/${other.body.id}`, { values: { code: ' 1.0' } })
      .expect(409);
    const imported = await k
      .http()
      .post(`/api/tables/${id}/import`)
      .query({ mode: 'all' })
      .set(bearer(ada.token))
      .set('Content-Type', 'text/csv')
      .send('code\n4\n001\n')
      .expect(409);
    for (const refused of [created, changed, imported]) {
      expect(refused.body.error).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('Code'),
        details: { issues: [{ path: ['values', 'code'] }] },
      });
    }
    const rows = await k.pool.query(
      `SELECT ${column('6')} AS code, version FROM ${qualifiedTable(id)} ORDER BY 1`,
    );
    expect(rows.rows).toEqual([
      { code: '1', version: 1 },
      { code: '2', version: 1 },
    ]);
    expect(await events()).toBe(eventsBefore);
    // Distinct as numbers, a write goes through and the publish swaps the prepared column in.
    await k
      .as(ada)
      .send('post', records, { values: { code: '3' } })
      .expect(201);
    await publish(id).expect(201);
    const codes = await k.pool.query(`SELECT ${column('6')} AS code FROM ${qualifiedTable(id)} ORDER BY 1`);
    expect(codes.rows.map((row) => row.code)).toEqual([1, 2, 3]);
  });

  it('a swap waiting behind a long reader tries again, other reads going on, and goes live once it is done', async () => {
    const id = await preparedRetype(k, ada);
    await locker.query('BEGIN');
    await locker.query(`SELECT count(*) FROM ${qualifiedTable(id)}`);
    // Reads that give up on a lock wait over 1 s (the swap used to wait up to 10 s, every reader queued behind it).
    const reader = await k.pool.connect();
    await reader.query(`SET lock_timeout = '1s'`);
    const reads = { sql: 0, api: 0, failures: [] as string[] };
    let publishing = true;
    // Two loops, so that SQL reads arrive all the time, also while an API read waits.
    const reading = Promise.all([
      (async () => {
        while (publishing) {
          const sql = await reader.query(`SELECT count(*) FROM ${qualifiedTable(id)}`).catch(String);
          if (typeof sql === 'string') reads.failures.push(sql);
          else reads.sql += 1;
        }
      })(),
      (async () => {
        while (publishing) {
          const page = await k.as(ada).get(`/api/tables/${id}/records`, { limit: 5 });
          if (page.status !== 200) reads.failures.push(`API ${page.status}`);
          else reads.api += 1;
        }
      })(),
    ]);
    const published = publish(id).then((response) => {
      publishing = false;
      return response;
    });
    const tries = new Set<string>();
    await expect
      .poll(() => seeSwapTries(k, id, tries), { timeout: 20_000, interval: 5 })
      .toBeGreaterThanOrEqual(2);
    // Still refused (the reader holds the table), the publish keeps trying while reads go on.
    const readsThen = { ...reads };
    await expect
      .poll(() => reads.sql > readsThen.sql + 2 && reads.api > readsThen.api + 2, pollOptions)
      .toBe(true);
    expect(await amountColumnType(k, id)).toBe('text');
    await locker.query('COMMIT');
    expect((await published).status).toBe(201);
    await reading;
    await reader.query('RESET lock_timeout');
    reader.release();
    expect(reads.failures).toEqual([]);
    expect(await amountColumnType(k, id)).toBe('double precision');
    const sum = await k.pool.query(`SELECT sum(${column('4')})::int AS total FROM ${qualifiedTable(id)}`);
    expect(sum.rows[0].total).toBe(5_050);
  });

  it('an approved candidate migrates its table as a publish does: the fill before, the swap as it goes live', async () => {
    const root = await k.createUser(['admin'], { name: 'Root Admin' });
    const rita = await k.createUser(['reviewer'], { name: 'Rita Reviewer' });
    const id = await k.createDocument(ada, 'table', tableOf([title, amount]));
    await publish(id).expect(201);
    await k.pool.query(
      `INSERT INTO ${qualifiedTable(id)} (${column('4')}) SELECT n::text FROM generate_series(1, 12000) AS n`,
    );
    await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: true }).expect(200);
    try {
      await setDraft(id, tableOf([title, { ...amount, type: 'number' } as TableField]));
      const candidate = await publish(id).expect(201);
      expect(candidate.body.version.status).toBe('candidate');
      // A candidate changes no table.
      expect(await progressOf(id)).toBeNull();
      const sum = () =>
        k.pool.query(`SELECT sum(${column('4')}::numeric)::float AS total FROM ${qualifiedTable(id)}`);
      await k
        .as(rita)
        .send('post', `/api/documents/${id}/versions/2/reviews`, { decision: 'approve', body: 'Good' })
        .expect(201);
      expect(await progressOf(id)).toMatchObject({
        status: 'done',
        done: 12_000,
        total: 12_000,
        fieldName: 'Amount',
      });
      expect((await sum()).rows[0].total).toBe((12_000 * 12_001) / 2);
      const kept = await k.pool.query(
        `SELECT count("${columnIdent('4')}_d2")::int AS kept FROM ${qualifiedTable(id)}`,
      );
      expect(kept.rows[0].kept).toBe(12_000);
      expect(await helperTables(id)).toBe(0);
      expect((await k.prisma.userTable.findUniqueOrThrow({ where: { documentId: id } })).version).toBe(2);
    } finally {
      await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: false }).expect(200);
    }
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

describe('a publish whose table a reader holds all along', { timeout: 90_000 }, () => {
  let k: PublishKit;
  let ada: TestUser;
  let holder: pg.PoolClient;
  beforeAll(async () => {
    // Two tries: a small budget, so that the test need not wait through the default ten.
    k = await createPublishKit('in-process', { TABLE_MIGRATION_ATTEMPTS: '2' });
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    holder = await k.pool.connect();
  });
  afterAll(() => holder.release());

  it('gives up after its tries with 409 in the one error shape, the live version as it was; tried again, it goes live', async () => {
    const id = await preparedRetype(k, ada);
    await holder.query('BEGIN');
    await holder.query(`SELECT count(*) FROM ${qualifiedTable(id)}`);
    const refused = await publishWith(k, ada, id).expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/busy.*Nothing was changed/),
      details: { reason: 'table_busy', attempts: 2 },
    });
    // The reader still holds the table: nothing was swapped, the version is not stored, the table reads as before.
    expect(await amountColumnType(k, id)).toBe('text');
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(1);
    expect((await k.prisma.userTable.findUniqueOrThrow({ where: { documentId: id } })).version).toBe(1);
    const page = await k.as(ada).get(`/api/tables/${id}/records`, { limit: 100 }).expect(200);
    expect(
      new Set(page.body.items.map((item: { values: { amount: unknown } }) => typeof item.values.amount)),
    ).toEqual(new Set(['string']));
    expect((await k.as(ada).get(`/api/tables/${id}/migration`).expect(200)).body.progress).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('busy'),
    });
    await holder.query('COMMIT');
    // The shadow column prepared for it was kept: publishing again swaps it in.
    await publishWith(k, ada, id).expect(201);
    expect(await amountColumnType(k, id)).toBe('double precision');
    expect((await k.prisma.userTable.findUniqueOrThrow({ where: { documentId: id } })).version).toBe(2);
  });
});
