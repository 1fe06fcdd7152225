import { createHash } from 'node:crypto';
import { AppError, type Table, type TableField, type TableMigrationPlan } from '@erp/shared';
import type { Prisma, PrismaClient } from '../generated/client';
import { isLockTimeout } from '../postgres-errors';
import {
  columnIdent,
  indexIdent,
  qualifiedTable,
  quoteIdent,
  tableIdent,
  userDataSchema,
} from './identifiers';
import { type Retype, retypeExpressions, type Statement, sqlTypeOf } from './migration-sql';

// A field whose type changes gets a shadow column of the new type (`<column>_n`) beside its column. `ALTER
// COLUMN … TYPE` would rewrite the table under ACCESS EXCLUSIVE until the publish commits; instead, before the
// publish transaction, while the previous version stays live:
// - a trigger keeps the shadow right for every row written meanwhile (the cast of its value, the default for an
//   empty one when the field becomes required) and notes the rows the new version would refuse (`<…>_r`: a value
//   that cannot be cast, or none where one is required), so the publish's checks stay exact without a scan;
// - the shadow is filled in batches of their own short transactions, progress stored after each (a publish
//   after a crash carries on from the last batch), and the new field's indexes are built on it concurrently;
// - the publish transaction stops writes (reads go on), reads the noted rows instead of scanning, and swaps:
//   the column becomes `<column>_d<version>` like any soft drop, the shadow takes its name, and a required
//   field gets a NOT VALID check that `finishTableMigration` validates and turns into NOT NULL after commit.

type Db = PrismaClient | Prisma.TransactionClient;

export const shadowColumnIdent = (field: TableField) => `${columnIdent(field.id)}_n`;
const partOf = (documentId: string, field: TableField) =>
  `${tableIdent(documentId)}_${columnIdent(field.id).slice(2)}`;
/** The trigger (and its function) keeping the shadow column right. */
const syncIdent = (documentId: string, field: TableField) => `${partOf(documentId, field)}_s`;
/** The rows the new version would refuse: `(id, kind)`, kind `castFailures` or `missingValues`. */
const refusedIdent = (documentId: string, field: TableField) => `${partOf(documentId, field)}_r`;
/** An index built on the shadow column, renamed to the field's own at the swap. */
export const shadowIndexIdent = (documentId: string, field: TableField, kind: 'u' | 'i') =>
  `${indexIdent(documentId, field.id, kind)}n`;
const inSchema = (ident: string) => `${quoteIdent(userDataSchema)}.${quoteIdent(ident)}`;

/** The type changes of a plan, with what else happens to the same field. */
export function findRetypes(plan: TableMigrationPlan): Retype[] {
  return plan.steps.flatMap((step) => {
    if (step.kind !== 'changeType') return [];
    const of = (kind: string) =>
      plan.steps.find((other) => other.kind === kind && 'field' in other && other.field.id === step.field.id);
    const required = of('setRequired');
    return [
      {
        field: step.field,
        from: step.from,
        required: required?.kind === 'setRequired' ? (required.backfill ? 'fill' : 'refuse') : null,
        unique: of('addUnique') !== undefined,
        indexed: of('addIndex') !== undefined,
      },
    ];
  });
}

// A trigger's body takes no parameters: PostgreSQL quotes each value itself.
async function inlineParams(db: Db, sql: string, params: unknown[]): Promise<string> {
  const literals: string[] = [];
  for (const param of params) {
    // Lists (option values) as PostgreSQL writes an array: the SQL casts it back (`…::text[]`).
    const [row] = await db.$queryRawUnsafe<{ literal: string }[]>(
      `SELECT quote_nullable($1::${Array.isArray(param) ? 'text[]' : 'text'}::text) AS literal`,
      param,
    );
    literals.push(row?.literal ?? 'NULL');
  }
  return sql.replaceAll(/\$(\d+)/g, (_, n) => literals[Number(n) - 1] ?? 'NULL');
}

/** The statements the publish transaction runs for a prepared type change, in place of the plan's. */
export function swapStatements(documentId: string, retype: Retype, version: number): Statement[] {
  const table = qualifiedTable(documentId);
  const column = columnIdent(retype.field.id);
  const plain = (sql: string): Statement => ({ sql, params: [] });
  return [
    plain(`DROP TRIGGER ${quoteIdent(syncIdent(documentId, retype.field))} ON ${table}`),
    plain(`DROP FUNCTION ${inSchema(syncIdent(documentId, retype.field))}()`),
    plain(`DROP TABLE ${inSchema(refusedIdent(documentId, retype.field))}`),
    plain(
      `ALTER TABLE ${table} RENAME COLUMN ${quoteIdent(column)} TO ${quoteIdent(`${column}_d${version}`)}`,
    ),
    plain(
      `ALTER TABLE ${table} RENAME COLUMN ${quoteIdent(shadowColumnIdent(retype.field))} TO ${quoteIdent(column)}`,
    ),
  ];
}

/** In the publish transaction: the rows a prepared type change's noted refusals hold, like checkQuery's. */
export function refusedRowsQuery(documentId: string, field: TableField, kind: string): Statement {
  return {
    sql: `SELECT r.id::text AS id, count(*) OVER ()::int AS total FROM ${inSchema(refusedIdent(documentId, field))} AS r
          JOIN ${qualifiedTable(documentId)} AS t ON t.id = r.id WHERE r.kind = $1 ORDER BY t.created_at, t.id LIMIT 5`,
    params: [kind],
  };
}

/** What a prepared shadow column was made for: a publish swaps it in only for the very same change. */
export function retypeSignature(retype: Retype): string {
  // Keys sorted: a definition read back from jsonb has them in another order.
  const canonical = JSON.stringify(retype, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([left], [right]) => (left < right ? -1 : 1)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Whether the shadow column of `retype` is there (filled or not). */
export async function hasShadow(db: Db, documentId: string, retype: Retype): Promise<boolean> {
  const [found] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT to_regclass(${`${userDataSchema}.${refusedIdent(documentId, retype.field)}`}) IS NOT NULL AND EXISTS (
      SELECT 1 FROM information_schema.columns WHERE table_schema = ${userDataSchema}
        AND table_name = ${tableIdent(documentId)} AND column_name = ${shadowColumnIdent(retype.field)}) AS found`;
  return found?.found === true;
}

/** Whether the shadow column of `retype` is filled and indexed, ready for the publish transaction to swap. */
export async function isRetypePrepared(db: Db, documentId: string, retype: Retype): Promise<boolean> {
  if (!(await hasShadow(db, documentId, retype))) return false;
  const [found] = await db.$queryRaw<{ note: string | null }[]>`
    SELECT obj_description(to_regclass(${`${userDataSchema}.${refusedIdent(documentId, retype.field)}`}), 'pg_class') AS note`;
  return found?.note === retypeSignature(retype);
}

/** Notes on the refused rows' table that the shadow column is filled and indexed for this very change. */
export async function markRetypePrepared(
  db: PrismaClient,
  documentId: string,
  retype: Retype,
): Promise<void> {
  await db.$executeRawUnsafe(
    `COMMENT ON TABLE ${inSchema(refusedIdent(documentId, retype.field))} IS '${retypeSignature(retype)}'`,
  );
}

// Adding a column waits for every transaction using the table, and every reader queues behind that wait: each
// attempt gives up after a moment and tries again a little later, so a read is never held up longer than that.
export async function withBriefLock(
  db: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '200ms'`);
        await work(tx);
      });
      return;
    } catch (error) {
      if (attempt >= 50 || !isLockTimeout(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * attempt)));
    }
  }
}

/**
 * Adds the shadow column, its trigger and its list of refused rows, unless they are there from an attempt
 * that died with the same definition (`signature`): then the fill carries on where it stopped.
 */
export async function startRetype(
  db: PrismaClient,
  documentId: string,
  retype: Retype,
  actorId: string,
  resume: boolean,
): Promise<{ value: string; refusal: string; params: unknown[] }> {
  const table = qualifiedTable(documentId);
  const params: unknown[] = [];
  const old = (prefix: string) => `${prefix}${quoteIdent(columnIdent(retype.field.id))}`;
  const sync = retypeExpressions(retype, old('NEW.'), actorId, params);
  const body = await inlineParams(
    db,
    `BEGIN
       NEW.${quoteIdent(shadowColumnIdent(retype.field))} := ${sync.value};
       IF ${sync.refusal} IS NULL THEN
         DELETE FROM ${inSchema(refusedIdent(documentId, retype.field))} WHERE id = NEW.id;
       ELSE
         INSERT INTO ${inSchema(refusedIdent(documentId, retype.field))} (id, kind) VALUES (NEW.id, ${sync.refusal})
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind;
       END IF;
       RETURN NEW;
     END`,
    params,
  );
  if (!resume) {
    await dropRetype(db, documentId, retype.field);
    await withBriefLock(db, async (tx) => {
      await tx.$executeRawUnsafe(
        `CREATE TABLE ${inSchema(refusedIdent(documentId, retype.field))} (id uuid PRIMARY KEY, kind text NOT NULL)`,
      );
      await tx.$executeRawUnsafe(
        `ALTER TABLE ${table} ADD COLUMN ${quoteIdent(shadowColumnIdent(retype.field))} ${sqlTypeOf(retype.field)}`,
      );
      await tx.$executeRawUnsafe(
        `CREATE FUNCTION ${inSchema(syncIdent(documentId, retype.field))}() RETURNS trigger LANGUAGE plpgsql AS $sync$ ${body} $sync$`,
      );
      await tx.$executeRawUnsafe(
        `CREATE TRIGGER ${quoteIdent(syncIdent(documentId, retype.field))} BEFORE INSERT OR UPDATE OF ${old('')} ON ${table}
         FOR EACH ROW EXECUTE FUNCTION ${inSchema(syncIdent(documentId, retype.field))}()`,
      );
    });
  }
  const batchParams: unknown[] = [];
  const batch = retypeExpressions(retype, old('t.'), actorId, batchParams);
  return { ...batch, params: batchParams };
}

/** One batch of the fill: rows after `after` by id; returns the last id and how many rows it took. */
export async function fillShadowBatch(
  db: PrismaClient,
  documentId: string,
  retype: Retype,
  fill: { value: string; refusal: string; params: unknown[] },
  after: string,
  size: number,
): Promise<{ last: string | null; rows: number }> {
  const table = qualifiedTable(documentId);
  const at = fill.params.length;
  const [batch] = await db.$queryRawUnsafe<{ last: string | null; rows: number }[]>(
    `WITH batch AS (SELECT id FROM ${table} WHERE id > $${at + 1}::uuid ORDER BY id LIMIT ${size}),
     updated AS (
       UPDATE ${table} AS t SET ${quoteIdent(shadowColumnIdent(retype.field))} = ${fill.value} FROM batch
       WHERE t.id = batch.id RETURNING t.id, ${fill.refusal} AS kind),
     noted AS (
       INSERT INTO ${inSchema(refusedIdent(documentId, retype.field))} (id, kind)
       SELECT id, kind FROM updated WHERE kind IS NOT NULL ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind)
     SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS rows`,
    ...fill.params,
    after,
  );
  return { last: batch?.last ?? null, rows: batch?.rows ?? 0 };
}

/**
 * Builds the new field's indexes on the filled shadow column, beside reads and writes. A unique index that
 * finds duplicates among the new values refuses the publish, naming them.
 */
export async function indexShadow(db: PrismaClient, documentId: string, retype: Retype): Promise<void> {
  const table = qualifiedTable(documentId);
  const shadow = quoteIdent(shadowColumnIdent(retype.field));
  if (retype.indexed) {
    const using = sqlTypeOf(retype.field).endsWith('[]') ? 'USING gin ' : '';
    await db.$executeRawUnsafe(
      `DROP INDEX IF EXISTS ${inSchema(shadowIndexIdent(documentId, retype.field, 'i'))}`,
    );
    await db.$executeRawUnsafe(
      `CREATE INDEX CONCURRENTLY ${quoteIdent(shadowIndexIdent(documentId, retype.field, 'i'))} ON ${table} ${using}(${shadow})`,
    );
  }
  if (!retype.unique) return;
  const unique = shadowIndexIdent(documentId, retype.field, 'u');
  await db.$executeRawUnsafe(`DROP INDEX IF EXISTS ${inSchema(unique)}`);
  try {
    await db.$executeRawUnsafe(
      `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(unique)} ON ${table} (${shadow}) WHERE deleted_at IS NULL`,
    );
  } catch (error) {
    // A failed concurrent build leaves an invalid index behind.
    await db.$executeRawUnsafe(`DROP INDEX IF EXISTS ${inSchema(unique)}`);
    const found = await db.$queryRawUnsafe<{ id: string; total: number }[]>(
      `SELECT id::text AS id, count(*) OVER ()::int AS total FROM ${table} WHERE deleted_at IS NULL AND ${shadow} IN (
         SELECT ${shadow} FROM ${table} WHERE deleted_at IS NULL AND ${shadow} IS NOT NULL GROUP BY ${shadow} HAVING count(*) > 1)
       ORDER BY created_at, id LIMIT 5`,
    );
    if (found.length === 0) throw error;
    const name = retype.field.name.trim() || retype.field.key;
    throw new AppError(
      'validation_failed',
      'The rows of this table need attention before this version can go live.',
      {
        checks: [
          {
            kind: 'duplicates',
            fieldId: retype.field.id,
            key: retype.field.key,
            message: `${found[0]?.total} rows share a value of “${name}” as ${retype.field.type}, which must be unique: make them differ first.`,
            count: found[0]?.total ?? 0,
            recordIds: found.map((row) => row.id),
          },
        ],
      },
    );
  }
}

/** Removes a type change's shadow column, trigger, noted rows and indexes (a publish that did not go through). */
export async function dropRetype(db: Db, documentId: string, field: TableField): Promise<void> {
  const table = qualifiedTable(documentId);
  await db.$executeRawUnsafe(
    `DROP TRIGGER IF EXISTS ${quoteIdent(syncIdent(documentId, field))} ON ${table}`,
  );
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${inSchema(syncIdent(documentId, field))}()`);
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${inSchema(refusedIdent(documentId, field))}`);
  await db.$executeRawUnsafe(
    `ALTER TABLE ${table} DROP COLUMN IF EXISTS ${quoteIdent(shadowColumnIdent(field))}`,
  );
}

/** The shadow columns a table has (of type changes prepared by publishes that never went live, too). */
export async function listShadowColumns(db: Db, documentId: string): Promise<string[]> {
  const found = await db.$queryRaw<{ column_name: string }[]>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = ${userDataSchema} AND table_name = ${tableIdent(documentId)} AND column_name ~ '^f_[0-9a-f]{16}_n$'`;
  return found.map((row) => row.column_name);
}

/**
 * After a publish that made a retyped field required: its NOT VALID check (every row was proven to hold a
 * value at the swap, and writes since are checked) is validated beside reads and writes, then becomes NOT NULL
 * without a scan. Also finishes what a publish that died after its commit left.
 */
export async function finishTableMigration(db: PrismaClient, documentId: string, live: Table): Promise<void> {
  const pending = await db.$queryRaw<{ conname: string }[]>`
    SELECT conname FROM pg_constraint
    WHERE conrelid = to_regclass(${`${userDataSchema}.${tableIdent(documentId)}`}) AND contype = 'c'
      AND conname ~ '^f_[0-9a-f]{16}_nn$'`;
  const table = qualifiedTable(documentId);
  const columns = new Set(live.fields.map((field) => columnIdent(field.id)));
  for (const { conname } of pending) {
    // Only the live version's columns: a new column's check belongs to a publish still preparing.
    if (!columns.has(conname.slice(0, -3))) continue;
    const column = quoteIdent(conname.slice(0, -3));
    await db.$executeRawUnsafe(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(conname)}`);
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '10s'`);
      await tx.$executeRawUnsafe(`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`);
      await tx.$executeRawUnsafe(`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(conname)}`);
    });
  }
}
