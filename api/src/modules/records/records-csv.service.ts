import { once } from 'node:events';
import type { Readable } from 'node:stream';
import {
  type ColumnValue,
  checkRecordValues,
  findLiveRecordIds,
  findTakenValues,
  insertRecords,
  type LiveTable,
  type RecordRow,
  toTableRecord,
} from '@erp/prisma';
import {
  AppError,
  csvCell,
  formatCsvRow,
  type ImportMode,
  type ImportResult,
  type RecordValues,
  type TableField,
} from '@erp/shared';
import type { Response } from 'express';
import type { AppDeps } from '../../deps';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { csvText, parseCsv } from './csv';
import { buildListQuery } from './record-query';
import { openTable } from './records.service';

// CSV in and out, streamed: an export writes page after page as the client reads; an import parses the upload as
// it arrives, checks every row against the live table (types, required, links, unique) and writes in one
// transaction — everything, nothing, or only the good rows, as asked.

const maxImportBytes = 64 * 1024 ** 2;
const maxImportRows = 200_000;
const maxReportedErrors = 200;
const exportPageSize = 2_000;

/** Writes the table's records (not deleted) as CSV: `id`, then one column per field key. */
export async function exportRecords(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  res: Response,
): Promise<void> {
  const live = await openTable(deps, user, documentId, 'read');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="records.csv"');
  res.write(formatCsvRow(['id', ...live.table.fields.map((field) => field.key)]));
  let cursor: string | undefined;
  do {
    const query = {
      limit: exportPageSize,
      cursor,
      filters: [],
      deleted: 'exclude' as const,
      sort: undefined,
      q: undefined,
      include: undefined,
    };
    const { sql, params, cursorOf } = buildListQuery(live, query);
    const { rows } = await deps.pool.query<RecordRow & Record<string, unknown>>(sql, params);
    const page = rows.slice(0, exportPageSize);
    const text = page
      .map((row) => {
        const record = toTableRecord(row);
        return formatCsvRow([
          record.id,
          ...live.table.fields.map((field) => csvCell(record.values[field.key])),
        ]);
      })
      .join('');
    if (!res.write(text)) await once(res, 'drain');
    const last = page.at(-1);
    cursor = rows.length > exportPageSize && last ? cursorOf(last) : undefined;
  } while (cursor);
  res.end();
}

// A header cell names a field by key, or by name (any case); `id` (as exported) is ignored.
function mapHeader(live: LiveTable, header: string[]): (TableField | null)[] {
  const problems: string[] = [];
  const mapped = header.map((cell) => {
    const name = cell.trim();
    if (name === 'id') return null;
    const field =
      live.table.fields.find((candidate) => candidate.key === name) ??
      live.table.fields.find(
        (candidate) => candidate.name.trim().toLowerCase() === name.toLowerCase() && name !== '',
      );
    if (!field) problems.push(name.slice(0, 100));
    return field ?? null;
  });
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      `The table has no field for the column${problems.length > 1 ? 's' : ''} ${problems.map((name) => `“${name}”`).join(', ')}.`,
    );
  }
  return mapped;
}

const booleans: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

// A cell as the JSON value the field's validator expects; what does not convert stays text, for it to name.
function cellValue(field: TableField, cell: string): unknown {
  const text = cell.trim();
  if (text === '') return null;
  if (field.type === 'number' || field.type === 'decimal')
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : cell;
  if (field.type === 'boolean') return booleans[text.toLowerCase()] ?? cell;
  const isList =
    field.type === 'multiSelect' ||
    field.type === 'file' ||
    (field.type === 'user' && field.multiple) ||
    (field.type === 'link' && field.cardinality === 'many');
  if (!isList) return field.type === 'longText' ? cell : text;
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return cell;
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

interface CheckedRow {
  row: number;
  columns: ColumnValue[];
}

type RowError = ImportResult['errors'][number];

async function readRows(live: LiveTable, source: Readable, actorId: string) {
  const good: CheckedRow[] = [];
  const errors: RowError[] = [];
  let header: (TableField | null)[] | null = null;
  let line = 0;
  for await (const cells of parseCsv(source, maxImportBytes)) {
    line += 1;
    if (!header) {
      header = mapHeader(live, cells);
      continue;
    }
    if (line - 1 > maxImportRows)
      throw new AppError('payload_too_large', `Import at most ${maxImportRows} rows at a time.`);
    if (cells.length !== header.length) {
      errors.push({
        row: line,
        key: null,
        message: `Row ${line} has ${cells.length} cells; the header has ${header.length}.`,
      });
      continue;
    }
    const values: RecordValues = {};
    header.forEach((field, index) => {
      if (field) values[field.key] = cellValue(field, csvText(cells[index] ?? ''));
    });
    try {
      good.push({ row: line, columns: checkRecordValues(live.table, values, { mode: 'create', actorId }) });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      const issues = (error.details as { issues: { path: string[]; message: string }[] }).issues;
      for (const issue of issues)
        errors.push({ row: line, key: issue.path[1] ?? null, message: issue.message });
    }
  }
  if (!header) throw new AppError('invalid_input', 'The file is empty: the first row names the columns.');
  return { good, errors, rows: line - 1 };
}

// Links must name live records and unique values may repeat neither a record's nor another row's.
async function checkAgainstTable(
  deps: AppDeps,
  live: LiveTable,
  rows: CheckedRow[],
  errors: RowError[],
): Promise<CheckedRow[]> {
  const bad = new Set<number>();
  for (const field of live.table.fields) {
    const cells = rows.flatMap((row) => {
      const value = row.columns.find((column) => column.field.id === field.id)?.value;
      return value === null || value === undefined ? [] : [{ row, value }];
    });
    if (field.type === 'link') {
      const found = await findLiveRecordIds(deps.prisma, field.targetTableId, [
        ...new Set(cells.flatMap((cell) => [cell.value].flat() as string[])),
      ]);
      for (const { row, value } of cells) {
        const missing = ([value].flat() as string[]).find((id) => !found.has(id));
        if (missing) {
          bad.add(row.row);
          errors.push({ row: row.row, key: field.key, message: `No record has the id ${missing}.` });
        }
      }
    }
    if (field.unique) {
      const taken = await findTakenValues(
        deps.prisma,
        live,
        field,
        cells.map((cell) => cell.value),
      );
      const seen = new Set<string>();
      for (const { row, value } of cells) {
        const text = String(value);
        if (taken.has(text) || seen.has(text)) {
          bad.add(row.row);
          errors.push({ row: row.row, key: field.key, message: 'Another record has this value.' });
        }
        seen.add(text);
      }
    }
  }
  return rows.filter((row) => !bad.has(row.row));
}

/** Imports a CSV upload into the table; see importRecordsQuerySchema for the modes. */
export async function importRecords(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  mode: ImportMode,
  source: Readable,
): Promise<ImportResult> {
  const live = await openTable(deps, user, documentId, 'write');
  const read = await readRows(live, source, user.id);
  const errors = read.errors;
  const good = await checkAgainstTable(deps, live, read.good, errors);
  errors.sort((left, right) => left.row - right.row);
  const result = (imported: number): ImportResult => ({
    rows: read.rows,
    valid: good.length,
    imported,
    errorCount: errors.length,
    errors: errors.slice(0, maxReportedErrors),
  });
  if (mode === 'preview') return result(0);
  if (mode === 'all' && errors.length > 0) {
    throw new AppError('validation_failed', 'Some rows are not valid, so nothing was imported.', result(0));
  }
  const imported = await deps.prisma.$transaction(
    async (tx) => {
      const count = await insertRecords(
        tx,
        live,
        good.map((row) => row.columns),
        user.id,
      );
      await recordAudit(tx, {
        actorId: user.id,
        action: 'records.imported',
        targetType: 'document',
        targetId: documentId,
        details: { rows: read.rows, imported: count, skipped: read.rows - count },
      });
      return count;
    },
    { maxWait: 10_000, timeout: 600_000 },
  );
  return result(imported);
}
