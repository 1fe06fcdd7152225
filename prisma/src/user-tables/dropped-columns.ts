import { AppError, type Table, upgradeTable } from '@erp/shared';
import type { Prisma, PrismaClient } from '../generated/client';
import { columnIdent, qualifiedTable, quoteIdent, tableIdent, userDataSchema } from './identifiers';

// Publishing a version without a field keeps its column, renamed `<column>_d<version>`: nothing a table held is
// lost by a publish. An admin purges such a column once its values are surely not needed.

type Db = PrismaClient | Prisma.TransactionClient;

const droppedColumn = /^(f_[0-9a-f]{16})_d([0-9]+)$/;

export interface DroppedColumn {
  column: string;
  /** The version whose publish dropped it. */
  droppedInVersion: number;
  /** The field as it was last published with the column (null if no version names it any more). */
  field: { id: string; key: string; name: string } | null;
  /** Rows that still hold a value in it. */
  rowsWithValue: number;
}

/** The soft-dropped columns of a table document's PostgreSQL table, oldest drop first. */
export async function listDroppedColumns(db: Db, documentId: string): Promise<DroppedColumn[]> {
  const found = await db.$queryRaw<{ column_name: string }[]>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = ${userDataSchema} AND table_name = ${tableIdent(documentId)}`;
  const columns = found
    .map(({ column_name: column }) => ({ column, match: droppedColumn.exec(column) }))
    .filter((entry): entry is { column: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => Number(a.match[2]) - Number(b.match[2]) || a.column.localeCompare(b.column));
  if (columns.length === 0) return [];
  const versions = await db.documentVersion.findMany({
    where: { documentId },
    orderBy: { number: 'desc' },
    select: { content: true },
  });
  const fields = versions.flatMap((version) => (upgradeTable(version.content) as Table).fields ?? []);
  return Promise.all(
    columns.map(async ({ column, match }) => {
      const field = fields.find((candidate) => columnIdent(candidate.id) === match[1]);
      const [count] = await db.$queryRawUnsafe<{ total: number }[]>(
        `SELECT count(${quoteIdent(column)})::int AS total FROM ${qualifiedTable(documentId)}`,
      );
      return {
        column,
        droppedInVersion: Number(match[2]),
        field: field ? { id: field.id, key: field.key, name: field.name } : null,
        rowsWithValue: count?.total ?? 0,
      };
    }),
  );
}

/**
 * Deletes a soft-dropped column and its values for good, under the document's row lock (a publish migrating the
 * same table waits). 404 for anything that is not one of the table's dropped columns.
 */
export async function purgeDroppedColumn(
  tx: Prisma.TransactionClient,
  documentId: string,
  column: string,
): Promise<DroppedColumn> {
  await tx.$queryRaw`SELECT id FROM documents WHERE id = ${documentId}::uuid FOR UPDATE`;
  const dropped = (await listDroppedColumns(tx, documentId)).find((entry) => entry.column === column);
  if (!dropped) throw new AppError('not_found', 'This table has no dropped column of that name.');
  await tx.$executeRawUnsafe(`ALTER TABLE ${qualifiedTable(documentId)} DROP COLUMN ${quoteIdent(column)}`);
  return dropped;
}
