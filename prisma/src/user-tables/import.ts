import { randomUUID } from 'node:crypto';
import { type FieldDefinition, fieldSqlType, type TableField } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { columnIdent, qualifiedTable, quoteIdent } from './identifiers';
import type { ColumnValue } from './record-values';
import { type LiveTable, recordSelectList, refusingDuplicates } from './records';

// Bulk writes for CSV imports: checked rows in one statement per batch, with their events, in the caller's
// transaction.

const importBatchSize = 5_000;

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

/**
 * Inserts checked rows (every field of the table, in its order) and their `record.created` events. Each batch
 * is one statement: the rows travel as one JSON parameter, PostgreSQL inserts them and writes each one's event
 * from what it inserted (the payload `recordEvent` builds, the record as `toTableRecord` shows it), so neither
 * the rows nor the events make a round trip through the ORM.
 */
export async function insertRecords(
  tx: Prisma.TransactionClient,
  live: LiveTable,
  rows: ColumnValue[][],
  actorId: string | null,
): Promise<number> {
  const fields = live.table.fields;
  const names = fields.map((field) => columnIdent(field.id));
  const columns = names.map((name) => quoteIdent(name));
  // jsonb_to_recordset makes each JSON value its column's type (lists become arrays, ISO text dates).
  const recordType = [
    'id uuid',
    ...fields.map((field, index) => `${columns[index]} ${fieldSqlType(field as FieldDefinition)}`),
  ];
  const at = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const sql = `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${recordType.join(', ')})),
    inserted AS (
      INSERT INTO ${qualifiedTable(live.documentId)} (id, created_by, updated_by${columns.map((column) => `, ${column}`).join('')})
      SELECT id, $2::uuid, $2::uuid${columns.map((column) => `, ${column}`).join('')} FROM input
      RETURNING ${recordSelectList(live.table)}),
    noted AS (
      INSERT INTO events (id, type, payload)
      SELECT 'record.created:' || $3::text || ':' || id || ':' || version, 'record.created',
        jsonb_build_object('tableId', $3::text, 'recordId', id, 'actorId', $2::uuid::text, 'old', NULL::jsonb,
          'new', jsonb_build_object('id', id, 'version', version, 'createdAt', ${at('created_at')},
            'updatedAt', ${at('updated_at')}, 'createdBy', created_by, 'updatedBy', updated_by,
            'deletedAt', NULL::text, 'values', "values"))
      FROM inserted)
    SELECT count(*)::int AS total FROM inserted`;
  let total = 0;
  for (let start = 0; start < rows.length; start += importBatchSize) {
    const batch = rows.slice(start, start + importBatchSize).map((row) => {
      const record: Record<string, unknown> = { id: randomUUID() };
      for (const { field, value } of row) record[columnIdent(field.id)] = value;
      return record;
    });
    // The rows were checked against the live version's unique values; a type change being prepared may refuse more.
    const [inserted] = await refusingDuplicates(live, () =>
      tx.$queryRawUnsafe<{ total: number }[]>(sql, JSON.stringify(batch), actorId, live.documentId),
    );
    total += inserted?.total ?? 0;
  }
  return total;
}
