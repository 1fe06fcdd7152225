import { randomUUID } from 'node:crypto';
import { type FieldDefinition, fieldSqlType, type TableField } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { columnIdent, qualifiedTable, quoteIdent } from './identifiers';
import type { ColumnValue } from './record-values';
import { type LiveTable, type RecordRow, recordEvent, recordSelectList, toTableRecord } from './records';

// Bulk writes for CSV imports: checked rows in multi-row INSERTs (one per batch), with their events, in the
// caller's transaction.

/** Which of `ids` (of a link field's target table) name live records. */
export async function findLiveRecordIds(
  tx: Prisma.TransactionClient,
  tableId: string,
  ids: string[],
): Promise<Set<string>> {
  const target = await tx.userTable.findUnique({ where: { documentId: tableId } });
  if (!target || ids.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM ${qualifiedTable(tableId)} WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
    ids,
  );
  return new Set(rows.map((row) => row.id));
}

/** Which of `values` a unique field already holds in records that are not deleted (compared as text). */
export async function findTakenValues(
  tx: Prisma.TransactionClient,
  live: LiveTable,
  field: TableField,
  values: unknown[],
): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const column = quoteIdent(columnIdent(field.id));
  const rows = await tx.$queryRawUnsafe<{ value: string }[]>(
    `SELECT ${column}::text AS value FROM ${qualifiedTable(live.documentId)}
     WHERE ${column} = ANY($1::${fieldSqlType(field as FieldDefinition)}[]) AND deleted_at IS NULL`,
    values,
  );
  return new Set(rows.map((row) => row.value));
}

/** Inserts checked rows (every field of the table, in its order) and their `record.created` events. */
export async function insertRecords(
  tx: Prisma.TransactionClient,
  live: LiveTable,
  rows: ColumnValue[][],
  actorId: string | null,
): Promise<number> {
  const fields = live.table.fields;
  const names = [
    'id',
    'created_by',
    'updated_by',
    ...fields.map((field) => quoteIdent(columnIdent(field.id))),
  ];
  const types = ['uuid', 'uuid', 'uuid', ...fields.map((field) => fieldSqlType(field as FieldDefinition))];
  // PostgreSQL takes at most 65,535 parameters per statement.
  const batchSize = Math.max(1, Math.min(500, Math.floor(60_000 / names.length)));
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((columns) => {
      const values = [
        randomUUID(),
        actorId,
        actorId,
        ...fields.map((field) => columns.find((column) => column.field.id === field.id)?.value ?? null),
      ];
      return `(${values
        .map((value, index) => {
          params.push(value);
          return `$${params.length}::${types[index]}`;
        })
        .join(', ')})`;
    });
    const inserted = await tx.$queryRawUnsafe<RecordRow[]>(
      `INSERT INTO ${qualifiedTable(live.documentId)} (${names.join(', ')}) VALUES ${tuples.join(', ')} RETURNING ${recordSelectList(live.table)}`,
      ...params,
    );
    await tx.event.createMany({
      data: inserted.map((row) =>
        recordEvent('record.created', live, { old: null, new: toTableRecord(row), actorId }),
      ),
    });
  }
  return rows.length;
}
