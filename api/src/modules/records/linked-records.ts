import { findLiveTable, type LiveTable, qualifiedTable, type RecordRow, recordSelectList } from '@erp/prisma';
import { AppError, type TableRecord } from '@erp/shared';
import type { AppDeps } from '../../deps';

// `include=customer,…`: each listed link field's records, read from its target table in one query per field and
// attached to the page's records under `linked`.

export async function includeLinked(
  deps: AppDeps,
  live: LiveTable,
  include: string | undefined,
  records: TableRecord[],
): Promise<TableRecord[]> {
  if (!include) return records;
  let result = records;
  for (const key of include.split(',').filter((item) => item !== '')) {
    const field = live.table.fields.find((candidate) => candidate.key === key);
    if (field?.type !== 'link') {
      const message = `Cannot include ${key.slice(0, 64)}: it is not a link field.`;
      throw new AppError('invalid_input', message, { issues: [{ path: ['include'], message }] });
    }
    const ids = [...new Set(result.flatMap((record) => [record.values[key] ?? []].flat() as string[]))];
    const target = await findLiveTable(deps.prisma, field.targetTableId);
    const { rows } = ids.length
      ? await deps.pool.query<RecordRow>(
          `SELECT ${recordSelectList(target.table)} FROM ${qualifiedTable(target.documentId)} WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
          [ids],
        )
      : { rows: [] };
    const byId = new Map(rows.map((row) => [row.id, { id: row.id, values: row.values }]));
    result = result.map((record) => ({
      ...record,
      linked: {
        ...record.linked,
        [key]: ([record.values[key] ?? []].flat() as string[]).flatMap((id) => byId.get(id) ?? []),
      },
    }));
  }
  return result;
}
