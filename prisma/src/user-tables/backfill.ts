import {
  AppError,
  planTableMigration,
  type Table,
  type TableField,
  type TableMigrationPlan,
  type TableMigrationStep,
  upgradeTable,
} from '@erp/shared';
import type { Prisma, PrismaClient } from '../generated/client';
import {
  columnIdent,
  indexIdent,
  qualifiedTable,
  quoteIdent,
  tableIdent,
  userDataSchema,
} from './identifiers';
import {
  backfillValue,
  checkQuery,
  isEmptyColumn,
  type Retype,
  type Statement,
  sqlTypeOf,
} from './migration-sql';
import {
  dropRetype,
  fillShadowBatch,
  findRetypes,
  finishTableMigration,
  hasShadow,
  indexShadow,
  isRetypePrepared,
  listShadowColumns,
  markRetypePrepared,
  retypeSignature,
  shadowColumnIdent,
  shadowIndexIdent,
  startRetype,
  swapStatements,
  withBriefLock,
} from './retype';

// A field made required with a default fills every row that has no value. Inside the publish transaction that
// is one UPDATE of up to a million rows after DDL that holds ACCESS EXCLUSIVE until commit: reads of the
// table would wait for all of it. So before that transaction, while the previous version stays live:
// - a new field's column is added with its default as PostgreSQL's stored default (existing rows read it
//   without a rewrite) and a NOT VALID check that it is not null, validated under a lock that lets reads and
//   writes go on; going live then only flips NOT NULL (proven by the check, no scan) and drops the helpers;
// - an existing field's empty rows are filled in batches of their own short transactions, progress stored
//   after each, the rows filled noted (id, version) in a helper table so a failure can empty them again;
//   going live fills what the live version left empty meanwhile and sets NOT NULL.
// Whatever fails, `abandonPreparedMigration` puts the table back as the live version had it.

type Db = PrismaClient | Prisma.TransactionClient;

export interface PreparedField {
  fieldId: string;
  /**
   * `column`: a new column added with its default; `fill`: an existing column's empty rows filled; `retype`: a
   * shadow column of a new type filled.
   */
  kind: 'column' | 'fill' | 'retype';
}

export interface BackfillProgress {
  fieldId: string;
  fieldName: string;
  done: number;
  total: number;
  status: 'running' | 'done' | 'failed';
  error: string | null;
  startedAt: string;
  updatedAt: string;
}

// Progress is transient operational state, one entry per table: it lives in the settings key-value table.
const progressKey = (documentId: string) => `user-table-backfill:${documentId}`;
// A backfill that stored no progress for this long died with its process; another publish may start.
const staleAfterMs = 60_000;
const defaultBatchSize = 10_000;

/** The backfill of a table's latest publish (running, done or failed), or null if it never needed one. */
export async function readBackfillProgress(db: Db, documentId: string): Promise<BackfillProgress | null> {
  const row = await db.setting.findUnique({ where: { key: progressKey(documentId) } });
  return (row?.value as BackfillProgress | undefined) ?? null;
}

async function storeProgress(db: Db, documentId: string, progress: BackfillProgress): Promise<void> {
  const value = { ...progress, updatedAt: new Date().toISOString() } as unknown as Prisma.InputJsonObject;
  await db.setting.upsert({
    where: { key: progressKey(documentId) },
    create: { key: progressKey(documentId), value },
    update: { value },
  });
}

/** Progress of a fill of `field` that starts (or carries on at `done`), stored. */
async function startProgress(
  db: PrismaClient,
  documentId: string,
  field: TableField,
  done: number,
): Promise<BackfillProgress> {
  const [count] = await db.$queryRawUnsafe<{ total: number }[]>(
    `SELECT count(*)::int AS total FROM ${qualifiedTable(documentId)}`,
  );
  const progress: BackfillProgress = {
    fieldId: field.id,
    fieldName: field.name.trim() || field.key,
    done,
    total: count?.total ?? 0,
    status: 'running',
    error: null,
    startedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  await storeProgress(db, documentId, progress);
  return progress;
}

/** In the transaction that makes a version live: a failure reported by an earlier publish is over. */
export async function forgetFailedBackfill(tx: Prisma.TransactionClient, documentId: string): Promise<void> {
  const progress = await readBackfillProgress(tx, documentId);
  if (progress?.status === 'failed') await tx.setting.delete({ where: { key: progressKey(documentId) } });
}

/** The check that proves a prepared column holds no nulls (constraint names are per table). */
export const notNullCheckIdent = (field: TableField) => `${columnIdent(field.id)}_nn`;
/** The helper table of the rows a backfill filled: `(id, version)`. */
export const filledRowsIdent = (documentId: string, field: TableField) =>
  `${tableIdent(documentId)}_${columnIdent(field.id).slice(2)}_b`;
const filledRowsTable = (documentId: string, field: TableField) =>
  `${quoteIdent(userDataSchema)}.${quoteIdent(filledRowsIdent(documentId, field))}`;

/**
 * Does the long part of making `table` live before the publish transaction: see above, and ./retype.ts for
 * type changes. Returns what it prepared, for `abandonPreparedMigration` when the publish fails. Nothing to do
 * for a first publish, a migration the checks refuse (the publish refuses it), or one without long parts.
 */
export async function prepareTableMigration(
  db: PrismaClient,
  input: { documentId: string; table: Table; actorId: string; batchSize?: number },
): Promise<PreparedField[]> {
  const applied = await db.userTable.findUnique({ where: { documentId: input.documentId } });
  if (!applied) return [];
  const appliedTable = upgradeTable(applied.definition) as Table;
  await finishTableMigration(db, input.documentId, appliedTable);
  const plan = planTableMigration(appliedTable, input.table);
  const retypes = findRetypes(plan);
  const existing = new Set(appliedTable.fields.map((field) => field.id));
  // A type change's shadow column fills in rows without a value too.
  const retyped = new Set(retypes.map((retype) => retype.field.id));
  const fields = plan.steps.flatMap((step) =>
    step.kind === 'setRequired' && step.backfill && !retyped.has(step.field.id) ? [step.field] : [],
  );
  const shadows = await listShadowColumns(db, input.documentId);
  if (fields.length === 0 && retypes.length === 0 && shadows.length === 0) return [];
  const running = await readBackfillProgress(db, input.documentId);
  if (running?.status === 'running' && Date.now() - Date.parse(running.updatedAt) < staleAfterMs)
    throw new AppError('conflict', 'A migration of this table is running; publish again once it is done.');
  await dropStaleShadows(db, input.documentId, shadows, retypes, appliedTable);
  if (fields.length === 0 && retypes.length === 0) return [];
  if (await isRefused(db, input.documentId, plan, existing)) return [];
  const prepared: PreparedField[] = [];
  try {
    for (const field of fields) {
      const kind = existing.has(field.id) ? 'fill' : 'column';
      prepared.push({ fieldId: field.id, kind });
      if (kind === 'column') await addColumnWithDefault(db, input, field);
      else await fillEmptyRows(db, input, field);
    }
    for (const retype of retypes) {
      prepared.push({ fieldId: retype.field.id, kind: 'retype' });
      await fillShadowColumn(db, input, retype);
    }
  } catch (error) {
    await abandonPreparedMigration(db, input.documentId, input.table, prepared, error);
    throw error;
  }
  return prepared;
}

// The checks as the publish runs them: any row found, and the publish refuses before anything is prepared.
async function isRefused(
  db: PrismaClient,
  documentId: string,
  plan: TableMigrationPlan,
  existing: Set<string>,
) {
  for (const check of plan.checks) {
    const query = checkQuery(check, documentId, existing);
    const found = await db.$queryRawUnsafe<unknown[]>(query.sql, ...query.params);
    if (found.length > 0) return true;
  }
  return false;
}

// Shadow columns of type changes no longer planned (a publish that died, then a different draft) go.
async function dropStaleShadows(
  db: PrismaClient,
  documentId: string,
  shadows: string[],
  retypes: Retype[],
  applied: Table,
): Promise<void> {
  const planned = new Set(retypes.map((retype) => shadowColumnIdent(retype.field)));
  for (const column of shadows) {
    if (planned.has(column)) continue;
    const field = applied.fields.find((candidate) => shadowColumnIdent(candidate) === column);
    if (field) await dropRetype(db, documentId, field);
  }
}

// Where a type change's fill stopped, so that a publish after a crash carries on there.
const resumeKey = (documentId: string) => `user-table-retype:${documentId}`;
interface RetypeResume {
  fieldId: string;
  signature: string;
  after: string;
  done: number;
}

async function fillShadowColumn(
  db: PrismaClient,
  input: { documentId: string; actorId: string; batchSize?: number },
  retype: Retype,
): Promise<void> {
  const signature = retypeSignature(retype);
  if (await isRetypePrepared(db, input.documentId, retype)) return;
  const saved = (await db.setting.findUnique({ where: { key: resumeKey(input.documentId) } }))?.value as
    | RetypeResume
    | undefined;
  const resume =
    saved?.fieldId === retype.field.id &&
    saved.signature === signature &&
    (await hasShadow(db, input.documentId, retype));
  const fill = await startRetype(db, input.documentId, retype, input.actorId, resume);
  const progress = await startProgress(db, input.documentId, retype.field, resume ? saved.done : 0);
  let after = resume ? saved.after : '00000000-0000-0000-0000-000000000000';
  const size = input.batchSize ?? defaultBatchSize;
  for (;;) {
    const batch = await fillShadowBatch(db, input.documentId, retype, fill, after, size);
    if (!batch.last) break;
    after = batch.last;
    progress.done = Math.min(progress.total, progress.done + batch.rows);
    const value = { fieldId: retype.field.id, signature, after, done: progress.done };
    await db.setting.upsert({
      where: { key: resumeKey(input.documentId) },
      create: { key: resumeKey(input.documentId), value },
      update: { value },
    });
    await storeProgress(db, input.documentId, progress);
  }
  await indexShadow(db, input.documentId, retype);
  await markRetypePrepared(db, input.documentId, retype);
  await db.setting.deleteMany({ where: { key: resumeKey(input.documentId) } });
  await storeProgress(db, input.documentId, { ...progress, done: progress.total, status: 'done' });
}

async function addColumnWithDefault(
  db: PrismaClient,
  input: { documentId: string; actorId: string },
  field: TableField,
): Promise<void> {
  const table = qualifiedTable(input.documentId);
  const column = quoteIdent(columnIdent(field.id));
  const value = backfillValue(field, input.actorId);
  // DDL takes no parameters: PostgreSQL quotes the value itself.
  const [literal] = await db.$queryRawUnsafe<{ text: string | null }[]>(
    `SELECT quote_literal((${value.expression})::text) AS text`,
    ...value.params,
  );
  if (!literal?.text)
    throw new AppError('validation_failed', `${field.key} has no default to fill rows with.`);
  const started = new Date().toISOString();
  await withBriefLock(db, async (tx) => {
    // A leftover of a publish that died before it could clean up: the live version knows no such column.
    await tx.$executeRawUnsafe(`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}`);
    await tx.$executeRawUnsafe(
      `ALTER TABLE ${table} ADD COLUMN ${column} ${sqlTypeOf(field)} DEFAULT ${literal.text}::${sqlTypeOf(field)}`,
    );
    await tx.$executeRawUnsafe(
      `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(notNullCheckIdent(field))} CHECK (${column} IS NOT NULL) NOT VALID`,
    );
  });
  // Scans every row under SHARE UPDATE EXCLUSIVE: reads and writes go on meanwhile.
  await db.$executeRawUnsafe(
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(notNullCheckIdent(field))}`,
  );
  const [count] = await db.$queryRawUnsafe<{ total: number }[]>(
    `SELECT count(*)::int AS total FROM ${table}`,
  );
  await storeProgress(db, input.documentId, {
    fieldId: field.id,
    fieldName: field.name.trim() || field.key,
    done: count?.total ?? 0,
    total: count?.total ?? 0,
    status: 'done',
    error: null,
    startedAt: started,
    updatedAt: started,
  });
}

async function fillEmptyRows(
  db: PrismaClient,
  input: { documentId: string; actorId: string; batchSize?: number },
  field: TableField,
): Promise<void> {
  const table = qualifiedTable(input.documentId);
  const column = quoteIdent(columnIdent(field.id));
  const filled = filledRowsTable(input.documentId, field);
  const value = backfillValue(field, input.actorId);
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${filled}`);
  await db.$executeRawUnsafe(`CREATE TABLE ${filled} (id uuid PRIMARY KEY, version integer NOT NULL)`);
  const progress = await startProgress(db, input.documentId, field, 0);
  // Keyset over the primary key: each batch is one statement, its own short transaction (row locks only).
  let after = '00000000-0000-0000-0000-000000000000';
  const size = input.batchSize ?? defaultBatchSize;
  const at = value.params.length;
  for (;;) {
    const [batch] = await db.$queryRawUnsafe<{ last: string | null; rows: number }[]>(
      `WITH batch AS (SELECT id FROM ${table} WHERE id > $${at + 1}::uuid ORDER BY id LIMIT ${size}),
       updated AS (
         UPDATE ${table} AS t SET ${column} = ${value.expression} FROM batch
         WHERE t.id = batch.id AND ${isEmptyColumn(field, `t.${column}`)} RETURNING t.id, t.version),
       noted AS (INSERT INTO ${filled} (id, version) SELECT id, version FROM updated)
       SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS rows`,
      ...value.params,
      after,
    );
    if (!batch?.last) break;
    after = batch.last;
    progress.done = Math.min(progress.total, progress.done + batch.rows);
    await storeProgress(db, input.documentId, progress);
  }
  await storeProgress(db, input.documentId, { ...progress, done: progress.total, status: 'done' });
}

/**
 * Undoes what `prepareTableMigration` did when the publish did not go through: new columns dropped, filled
 * rows emptied again (those nobody changed since), the failure stored with the progress.
 */
export async function abandonPreparedMigration(
  db: PrismaClient,
  documentId: string,
  table: Table,
  prepared: PreparedField[],
  cause: unknown,
): Promise<void> {
  const target = qualifiedTable(documentId);
  for (const { fieldId, kind } of prepared) {
    const field = table.fields.find((candidate) => candidate.id === fieldId);
    if (!field) continue;
    if (kind === 'retype') {
      await dropRetype(db, documentId, field);
      continue;
    }
    const column = quoteIdent(columnIdent(field.id));
    if (kind === 'column') {
      await db.$executeRawUnsafe(`ALTER TABLE ${target} DROP COLUMN IF EXISTS ${column}`);
      continue;
    }
    const filled = filledRowsTable(documentId, field);
    await db.$executeRawUnsafe(
      `UPDATE ${target} AS t SET ${column} = NULL FROM ${filled} AS f WHERE t.id = f.id AND t.version = f.version`,
    );
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${filled}`);
  }
  const progress = await readBackfillProgress(db, documentId);
  if (progress) {
    const message = cause instanceof Error ? cause.message : String(cause);
    await storeProgress(db, documentId, { ...progress, status: 'failed', error: message.slice(0, 500) });
  }
}

/**
 * In the publish transaction: the statements of `step` when `prepareTableMigration` did its long part
 * (`columns` are the table's columns now, `prepared` the type changes whose shadow is ready), or null to run the
 * step as planned.
 */
export function preparedStepStatements(
  step: TableMigrationStep,
  context: {
    documentId: string;
    version: number;
    columns: Set<string>;
    appliedFieldIds: Set<string>;
    prepared: Retype[];
  },
): Statement[] | null {
  if (step.kind === 'createTable') return null;
  const plain = (sql: string): Statement => ({ sql, params: [] });
  const table = qualifiedTable(context.documentId);
  const column = quoteIdent(columnIdent(step.field.id));
  const retype = context.prepared.find((candidate) => candidate.field.id === step.field.id);
  if (retype) {
    const renameIndex = (kind: 'u' | 'i') => [
      plain(
        `ALTER INDEX ${quoteIdent(userDataSchema)}.${quoteIdent(shadowIndexIdent(context.documentId, step.field, kind))} RENAME TO ${quoteIdent(indexIdent(context.documentId, step.field.id, kind))}`,
      ),
    ];
    switch (step.kind) {
      case 'changeType':
        return swapStatements(context.documentId, retype, context.version);
      // Every row holds a value (the noted refusals were none): proven after commit, see finishTableMigration.
      case 'setRequired':
        return [
          plain(
            `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(notNullCheckIdent(step.field))} CHECK (${column} IS NOT NULL) NOT VALID`,
          ),
        ];
      case 'addUnique':
        return renameIndex('u');
      case 'addIndex':
        return renameIndex('i');
      default:
        return null;
    }
  }
  if (step.kind !== 'addColumn' && step.kind !== 'setRequired') return null;
  const isNew = !context.appliedFieldIds.has(step.field.id);
  if (isNew && context.columns.has(columnIdent(step.field.id))) {
    if (step.kind === 'addColumn') return [];
    // The validated check proves NOT NULL without a scan; the stored default was only for the old version.
    return [
      plain(`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`),
      plain(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${quoteIdent(notNullCheckIdent(step.field))}`),
      plain(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`),
    ];
  }
  return null;
}

/** The helper tables a publish transaction drops once the fields they served are live. */
export function filledRowsCleanup(step: TableMigrationStep, documentId: string): Statement[] {
  if (step.kind !== 'setRequired' || !step.backfill) return [];
  return [{ sql: `DROP TABLE IF EXISTS ${filledRowsTable(documentId, step.field)}`, params: [] }];
}
