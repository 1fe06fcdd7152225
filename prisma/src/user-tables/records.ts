import { randomUUID } from 'node:crypto';
import {
  AppError,
  type FieldDefinition,
  isListField,
  type RecordValues,
  type Table,
  type TableRecord,
  upgradeTable,
} from '@erp/shared';
import { attachFiles } from '../files/files';
import type { Prisma, PrismaClient } from '../generated/client';
import { postgresErrorOf } from '../postgres-errors';
import { type SqlRunner, sqlOf } from '../sql';
import { columnIdent, indexIdent, qualifiedTable, quoteIdent } from './identifiers';
import { type ColumnValue, castParam, checkRecordValues } from './record-values';
import { shadowIndexIdent } from './retype';

// Record writes of user tables, for the records API and trigger actions alike: each runs in the caller's
// transaction and writes its `record.created|updated|deleted` event (old and new values) there too.

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export interface LiveTable {
  documentId: string;
  version: number;
  table: Table;
}

/** The table a document's PostgreSQL table has now (its live version); 404 before it was published. */
export async function findLiveTable(db: Db, documentId: string): Promise<LiveTable> {
  const row = await db.userTable.findUnique({ where: { documentId } });
  if (!row) throw new AppError('not_found', 'No published table has this id.');
  return { documentId, version: row.version, table: upgradeTable(row.definition) as Table };
}

/**
 * The select list of a record: its own columns and `values`, one JSON object by field key (built by
 * PostgreSQL, in chunks because a function takes at most 100 arguments). Keys are machine keys, checked by the
 * table's schema, and still travel as literals escaped by quoteLiteral.
 */
export function recordSelectList(table: Table): string {
  const pairs = table.fields.map((field) => `${quoteLiteral(field.key)}, ${valueExpression(field)}`);
  const chunks: string[] = [];
  for (let start = 0; start < pairs.length; start += 40)
    chunks.push(`jsonb_build_object(${pairs.slice(start, start + 40).join(', ')})`);
  const values = chunks.length > 0 ? chunks.join(' || ') : `'{}'::jsonb`;
  return `id::text AS id, version, created_at, updated_at, created_by::text AS created_by, updated_by::text AS updated_by, deleted_at, ${values} AS "values"`;
}

// Date-times as JavaScript writes them (UTC, milliseconds), whatever the session's time zone; an empty list
// reads as [] (it is stored as null).
function valueExpression(field: Table['fields'][number]): string {
  const column = quoteIdent(columnIdent(field.id));
  if (field.type === 'dateTime')
    return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return isListField(field as FieldDefinition) ? `coalesce(${column}, '{}')` : column;
}

function quoteLiteral(text: string): string {
  if (!/^[a-zA-Z0-9_]+$/.test(text)) throw new Error(`Not a field key: ${text}`);
  return `'${text}'`;
}

export interface RecordRow {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
  deleted_at: Date | null;
  values: Record<string, unknown>;
}

export function toTableRecord(row: RecordRow): TableRecord {
  return {
    id: row.id,
    version: Number(row.version),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    deletedAt: row.deleted_at ? new Date(row.deleted_at).toISOString() : null,
    values: row.values,
  };
}

async function lockRecord(tx: Tx, live: LiveTable, recordId: string): Promise<TableRecord> {
  const rows = await tx.$queryRawUnsafe<RecordRow[]>(
    `SELECT ${recordSelectList(live.table)} FROM ${qualifiedTable(live.documentId)} WHERE id = $1::uuid FOR UPDATE`,
    recordId,
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'This table has no record with this id.');
  return toTableRecord(row);
}

function checkVersion(record: TableRecord, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && record.version !== expectedVersion) {
    throw new AppError(
      'conflict',
      'Someone changed this record since you read it; reload it and try again.',
      {
        version: record.version,
      },
    );
  }
}

/** Which of `ids` (of a link field's target table) name live records. */
export async function findLiveRecordIds(
  db: SqlRunner,
  tableId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const sql = sqlOf(db);
  const [target] = await sql.query<{ document_id: string }>(
    'SELECT document_id FROM user_tables WHERE document_id = $1::uuid',
    [tableId],
  );
  if (!target) return new Set();
  const rows = await sql.query<{ id: string }>(
    `SELECT id::text AS id FROM ${qualifiedTable(tableId)} WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * The ids (uuids, checked by the field's schema) that name no live record of the table `tableId`: all of
 * them while it is not published. What a table record's and a task form's link values are checked with.
 */
export async function missingRecordIds(
  db: SqlRunner,
  tableId: string,
  ids: readonly string[],
): Promise<string[]> {
  const present = await findLiveRecordIds(db, tableId, ids);
  return ids.filter((id) => !present.has(id));
}

// Linked ids must name records of the target table that are not deleted.
async function checkLinks(tx: Tx, columns: ColumnValue[]): Promise<void> {
  for (const { field, value } of columns) {
    if (field.type !== 'link' || value === null) continue;
    const missing = await missingRecordIds(tx, field.targetTableId, [value].flat() as string[]);
    if (missing.length > 0) {
      throw new AppError('validation_failed', 'Some values are not valid.', {
        issues: [{ path: ['values', field.key], message: `No record has the id ${missing[0]}.` }],
      });
    }
  }
}

// Files named by file fields must be the writer's own uploads (or this record's already) and fit the field's
// rules; they are attached to the record in the same transaction.
async function attachRecordFiles(
  tx: Tx,
  input: RecordWrite,
  recordId: string,
  columns: ColumnValue[],
): Promise<void> {
  const fields = columns.flatMap(({ field, value }) =>
    field.type === 'file' && Array.isArray(value)
      ? [
          {
            key: field.key,
            label: field.name.trim() || field.key,
            ids: value as string[],
            rules: field.validation,
          },
        ]
      : [],
  );
  const problems = await attachFiles(tx, input.actorId, { tableId: input.live.documentId, recordId }, fields);
  const keys = Object.keys(problems);
  if (keys.length > 0) {
    throw new AppError('validation_failed', 'Some values are not valid.', {
      issues: keys.map((key) => ({ path: ['values', key], message: problems[key] })),
    });
  }
}

// Unique fields are checked before writing so the answer names the field (the unique index still decides).
async function checkUnique(tx: Tx, live: LiveTable, columns: ColumnValue[], recordId: string): Promise<void> {
  for (const { field, value } of columns) {
    if (!field.unique || value === null) continue;
    const taken = await tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM ${qualifiedTable(live.documentId)} WHERE ${quoteIdent(columnIdent(field.id))} = ${castParam(field, 1)} AND deleted_at IS NULL AND id <> $2::uuid LIMIT 1`,
      value,
      recordId,
    );
    if (taken.length > 0) throw duplicateError(field, 'live');
  }
}

function duplicateError(field: Table['fields'][number], under: 'live' | 'next'): AppError {
  const label = field.name.trim() || field.key;
  return under === 'live'
    ? new AppError('conflict', `Another record has this ${label}.`, {
        issues: [{ path: ['values', field.key], message: 'Another record has this value.' }],
      })
    : new AppError(
        'conflict',
        `Another record has this ${label} as the version of the table being published reads it.`,
        {
          issues: [
            {
              path: ['values', field.key],
              message:
                'Another record has this value once the table changes its type (written differently here).',
            },
          ],
        },
      );
}

// The unique indexes decide: two writes at once both pass checkUnique, and a type change being prepared has one
// on its shadow column, of the new type (`1` and `01` differ as text, not as numbers). A write either refuses is
// answered as checkUnique answers, naming the field; the caller's transaction rolls back, so nothing is written.
export async function refusingDuplicates<T>(live: LiveTable, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = postgresErrorOf(error);
    if (violation?.code === '23505') {
      for (const field of live.table.fields) {
        if (violation.constraint === indexIdent(live.documentId, field.id, 'u'))
          throw duplicateError(field, 'live');
        if (violation.constraint === shadowIndexIdent(live.documentId, field, 'u'))
          throw duplicateError(field, 'next');
      }
    }
    throw error;
  }
}

type RecordEventType = 'record.created' | 'record.updated' | 'record.deleted';

/** The outbox row of a record change (one per record version, so a replayed write cannot emit twice). */
export function recordEvent(
  type: RecordEventType,
  live: LiveTable,
  change: { old: TableRecord | null; new: TableRecord; actorId: string | null },
) {
  return {
    id: `${type}:${live.documentId}:${change.new.id}:${change.new.version}`,
    type,
    payload: {
      tableId: live.documentId,
      recordId: change.new.id,
      actorId: change.actorId,
      old: change.old,
      new: change.new,
    } as unknown as Prisma.InputJsonObject,
  };
}

async function emit(
  tx: Tx,
  type: RecordEventType,
  live: LiveTable,
  change: { old: TableRecord | null; new: TableRecord; actorId: string | null },
): Promise<void> {
  await tx.event.create({ data: recordEvent(type, live, change) });
}

export interface RecordWrite {
  live: LiveTable;
  actorId: string | null;
}

/** Creates a record from `values` (defaults fill the rest); 422 naming the fields that are not valid. */
export async function createRecord(
  tx: Tx,
  input: RecordWrite & { values: RecordValues; id?: string },
): Promise<TableRecord> {
  const columns = checkRecordValues(input.live.table, input.values, {
    mode: 'create',
    actorId: input.actorId,
  });
  const id = input.id ?? randomUUID();
  await checkLinks(tx, columns);
  await checkUnique(tx, input.live, columns, id);
  await attachRecordFiles(tx, input, id, columns);
  const names = columns.map(({ field }) => quoteIdent(columnIdent(field.id)));
  const params = columns.map(({ field }, index) => castParam(field, index + 3));
  const rows = await refusingDuplicates(input.live, () =>
    tx.$queryRawUnsafe<RecordRow[]>(
      `INSERT INTO ${qualifiedTable(input.live.documentId)} (id, created_by, updated_by${names.map((name) => `, ${name}`).join('')})
       VALUES ($1::uuid, $2::uuid, $2::uuid${params.map((param) => `, ${param}`).join('')})
       RETURNING ${recordSelectList(input.live.table)}`,
      id,
      input.actorId,
      ...columns.map((column) => column.value),
    ),
  );
  const record = toTableRecord(rows[0] as RecordRow);
  await emit(tx, 'record.created', input.live, { old: null, new: record, actorId: input.actorId });
  return record;
}

async function changeRecord(
  tx: Tx,
  input: RecordWrite & { recordId: string; expectedVersion?: number },
  change: { set: string[]; params: unknown[]; deleted: boolean },
  type: 'record.updated' | 'record.deleted',
): Promise<{ old: TableRecord; new: TableRecord }> {
  const old = await lockRecord(tx, input.live, input.recordId);
  checkVersion(old, input.expectedVersion);
  if ((old.deletedAt !== null) !== change.deleted) {
    throw new AppError(
      'not_found',
      change.deleted ? 'This record is not deleted.' : 'This record is deleted.',
    );
  }
  const rows = await refusingDuplicates(input.live, () =>
    tx.$queryRawUnsafe<RecordRow[]>(
      `UPDATE ${qualifiedTable(input.live.documentId)}
       SET version = version + 1, updated_at = now(), updated_by = $2::uuid${change.set.map((set) => `, ${set}`).join('')}
       WHERE id = $1::uuid RETURNING ${recordSelectList(input.live.table)}`,
      input.recordId,
      input.actorId,
      ...change.params,
    ),
  );
  const record = toTableRecord(rows[0] as RecordRow);
  await emit(tx, type, input.live, { old, new: record, actorId: input.actorId });
  return { old, new: record };
}

/** Changes the given values of a record; with `expectedVersion`, 409 when someone changed it since. */
export async function updateRecord(
  tx: Tx,
  input: RecordWrite & { recordId: string; values: RecordValues; expectedVersion?: number },
): Promise<TableRecord> {
  const columns = checkRecordValues(input.live.table, input.values, {
    mode: 'update',
    actorId: input.actorId,
  });
  await checkLinks(tx, columns);
  await checkUnique(tx, input.live, columns, input.recordId);
  await attachRecordFiles(tx, input, input.recordId, columns);
  const set = columns.map(
    ({ field }, index) => `${quoteIdent(columnIdent(field.id))} = ${castParam(field, index + 3)}`,
  );
  const params = columns.map((column) => column.value);
  return (await changeRecord(tx, input, { set, params, deleted: false }, 'record.updated')).new;
}

/** Soft-deletes a record (restorable); the event carries its last values. */
export async function deleteRecord(
  tx: Tx,
  input: RecordWrite & { recordId: string; expectedVersion?: number },
): Promise<TableRecord> {
  return (
    await changeRecord(
      tx,
      input,
      { set: ['deleted_at = now()'], params: [], deleted: false },
      'record.deleted',
    )
  ).new;
}

/** Brings a soft-deleted record back; 409 when a unique value was taken meanwhile. */
export async function restoreRecord(
  tx: Tx,
  input: RecordWrite & { recordId: string; expectedVersion?: number },
): Promise<TableRecord> {
  const current = await lockRecord(tx, input.live, input.recordId);
  const columns = input.live.table.fields.map((field) => ({
    field,
    value: current.values[field.key] ?? null,
  }));
  await checkUnique(tx, input.live, columns, input.recordId);
  return (
    await changeRecord(tx, input, { set: ['deleted_at = NULL'], params: [], deleted: true }, 'record.updated')
  ).new;
}

/**
 * For trigger actions: creates a record, or updates `recordId`'s given values, in the caller's transaction (with
 * its event). The table is the live version of `tableId`.
 */
export async function writeRecord(
  tx: Tx,
  input: { tableId: string; recordId?: string; values: RecordValues; actorId: string | null },
): Promise<TableRecord> {
  const live = await findLiveTable(tx, input.tableId);
  return input.recordId
    ? updateRecord(tx, { live, recordId: input.recordId, values: input.values, actorId: input.actorId })
    : createRecord(tx, { live, values: input.values, actorId: input.actorId });
}
