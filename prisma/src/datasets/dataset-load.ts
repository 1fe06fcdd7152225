import {
  AppError,
  type Dataset,
  formDataTable,
  formIdOfSource,
  hasAnyRole,
  isSystemSource,
  type Role,
  systemSourceTables,
  type TaskForm,
  upgradeDataset,
} from '@erp/shared';
import type { Prisma, PrismaClient } from '../generated/client';
import { findLiveTable } from '../user-tables/records';
import { findLiveVersion } from '../versions';
import type { LoadedSource, Viewer } from './dataset-sources';
import { type CompiledDataset, resolveSources } from './dataset-sql';

// What the api (results, export, the portal's list) and the engine (a report sent by a trigger) both need to
// run a live dataset: its sources, who may read it, and how a failed query reads to a person.

type Db = PrismaClient | Prisma.TransactionClient;

/** A published table, flow instances, tasks, or the answers of a published task form; null when not published. */
export async function loadDatasetSource(db: Db, sourceId: string): Promise<LoadedSource | null> {
  if (isSystemSource(sourceId)) return { id: sourceId, table: systemSourceTables[sourceId], live: null };
  const formId = formIdOfSource(sourceId);
  if (formId !== undefined) {
    const form = await findLiveVersion(db, formId);
    if (form?.kind !== 'taskForm') return null;
    const table = formDataTable(form.content as TaskForm);
    const keys = (form.content as TaskForm).fields.flatMap((field) =>
      field.type === 'section' ? [] : [[`v_${field.id}`, field.key] as const],
    );
    return { id: sourceId, table, live: null, formKeys: new Map(keys) };
  }
  try {
    const live = await findLiveTable(db, sourceId);
    return { id: sourceId, table: live.table, live };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/** The live version of a dataset document with its sources; null when it has none. */
export async function loadLiveDataset(db: Db, documentId: string) {
  const live = await findLiveVersion(db, documentId);
  if (live?.kind !== 'dataset') return null;
  // Versions published under an older schema version are read in the current one.
  const dataset = upgradeDataset(live.content) as Dataset;
  const sources = await resolveSources(dataset, (id) => loadDatasetSource(db, id));
  return { number: live.number, dataset, sources };
}

/** Whether `roles` may read the table `source` (admins and a table's write roles too); work data: always. */
export const canReadSource = (roles: readonly Role[], source: LoadedSource) =>
  !source.live ||
  hasAnyRole(roles, ['admin', ...source.live.table.access.read, ...source.live.table.access.write]);

/** A dataset exists for a reader who may read every table it reads (work data is limited row by row). */
export const canReadDataset = (roles: readonly Role[], sources: LoadedSource[]) =>
  sources.every((source) => canReadSource(roles, source));

/** Who reads the flow data: admins and the dataset's allFlowDataRoles see every instance (decision 0003). */
export function datasetViewer(user: { id: string; roles: readonly Role[] }, dataset: Dataset): Viewer {
  return {
    userId: user.id,
    seesAllFlowData: hasAnyRole(user.roles, ['admin', ...(dataset.allFlowDataRoles ?? [])]),
  };
}

/** A dataset query's failure as a person reads it: a timeout, or a value that does not fit; else unchanged. */
export function datasetQueryError(error: unknown, timeoutMs: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === '57014') {
    return new AppError(
      'unavailable',
      `This dataset took longer than ${timeoutMs / 1000} s and was cancelled; filter it to fewer rows or group it more coarsely.`,
    );
  }
  // Data exceptions (a parameter out of a column's range): the request's values, not the server, are wrong.
  if (code?.startsWith('22'))
    return new AppError('invalid_input', 'A value of the filter does not fit its column.');
  return error;
}

/** Rows an export (the CSV download, a mailed report) carries at most. */
export const datasetExportRowCap = 100_000;

/** A compiled dataset's rows (`c0`, `c1`, …) by column alias, as results and exports give them. */
export const namedRows = (compiled: CompiledDataset, rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(compiled.columns.map((column, index) => [column.alias, row[`c${index}`] ?? null])),
  );
