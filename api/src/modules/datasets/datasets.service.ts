import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  type CompiledDataset,
  canReadDataset,
  compileDataset,
  type DatasetSource,
  datasetExportRowCap,
  datasetQueryError,
  datasetViewer,
  type LoadedSource,
  loadDatasetSource,
  namedRows,
  queryPrepared,
  resolveSources,
} from '@erp/prisma';
import {
  AppError,
  csvCell,
  type Dataset,
  type DatasetResult,
  type DatasetSourceView,
  datasetSchema,
  formatCsvRow,
  formDataSourceId,
  formDataTable,
  type ReportSummary,
  systemSourceNames,
  systemSourceTables,
  type TaskForm,
  upgradeDataset,
  upgradeDocument,
} from '@erp/shared';
import type { Response } from 'express';
import type pg from 'pg';
import type { AppServices } from '../../deps';
import { JsonText } from '../../http/router';
import type { SessionUser } from '../../http/session';

// Running datasets: the live version for everyone who may read every table it reads (row-level: a table's own
// read roles; admins always), a draft's preview for developers. Queries run in a read-only transaction with a
// statement timeout and a row cap; live results are cached per version, tables and parameters (result-cache.ts).

export const datasetRowCap = 10_000;
const exportBatch = 2_000;

const notFound = () => new AppError('not_found', 'No published dataset has this id.');

const loadSource = (deps: AppServices, sourceId: string) => loadDatasetSource(deps.prisma, sourceId);

// Every table of the dataset must be readable by the user; otherwise the dataset does not exist for them.
function checkReadable(user: SessionUser, sources: DatasetSource[]): void {
  if (!canReadDataset(user.roles, sources)) throw notFound();
}

function compileFor(
  user: SessionUser,
  dataset: Dataset,
  sources: DatasetSource[],
  params: Record<string, string>,
  rowCap: number,
) {
  checkReadable(user, sources);
  const options = { requestParams: params, now: new Date(), rowCap, viewer: datasetViewer(user, dataset) };
  const compiled = compileDataset(dataset, sources, options);
  // A number compared with the period before runs the query again with the filter's periods moved back.
  const wantsPrevious = dataset.sections.some((section) => section.chart.compare);
  const previous =
    wantsPrevious && compiled.periods.length > 0
      ? compileDataset(dataset, sources, { ...options, shift: -1 })
      : null;
  return { compiled, previous };
}

/** A live dataset version with the live tables it reads, as results are computed from them. */
export interface LiveDataset {
  number: number;
  name: string;
  dataset: Dataset;
  sources: DatasetSource[];
}

interface LiveState {
  number: number;
  name: string;
  tables: [string, number][];
}

// A kept definition answers while one statement finds the same live version, name and table versions (what is
// live can change in any process, at any moment); otherwise it is read again, with its tables.
async function loadLiveDataset(deps: AppServices, documentId: string): Promise<LiveDataset> {
  const kept = deps.liveDatasets.get(documentId);
  if (kept) {
    const tables = kept.sources.flatMap((source) => (source.live ? [source.live] : []));
    const ids = tables.map((table) => table.documentId);
    const [state] = await queryPrepared<LiveState>(
      deps.pool,
      `SELECT v.number, d.name, (SELECT coalesce(json_agg(json_build_array(u.document_id, u.version)), '[]')
         FROM user_tables u WHERE u.document_id = ANY($2::uuid[])) AS tables
       FROM document_versions v JOIN documents d ON d.id = v.document_id
       WHERE v.document_id = $1::uuid AND v.status = 'live' AND d.kind = 'dataset'`,
      [documentId, ids],
    );
    const versions = new Map(state?.tables);
    const isCurrent =
      state?.number === kept.number &&
      state.name === kept.name &&
      versions.size === new Set(ids).size &&
      tables.every((table) => versions.get(table.documentId) === table.version);
    if (isCurrent) return kept;
  }
  const generation = deps.liveDatasets.generation();
  const live = await deps.prisma.documentVersion.findFirst({
    where: { documentId, status: 'live', document: { kind: 'dataset' } },
    select: { number: true, content: true, document: { select: { name: true } } },
  });
  if (!live) throw notFound();
  // Versions published under an older schema version are read in the current one.
  const dataset = upgradeDataset(live.content) as Dataset;
  const sources = await resolveSources(dataset, (id) => loadSource(deps, id));
  const loaded = { number: live.number, name: live.document.name, dataset, sources };
  // A form's answers follow that form's live version, which the check above does not read: not kept.
  if (sources.every((source) => !source.formKeys)) deps.liveDatasets.set(documentId, generation, loaded, 1);
  return loaded;
}

// A read-only transaction with the statement timeout; a timeout is reported as such, not as a failure.
async function readOnly<T>(deps: AppServices, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await deps.pool.connect();
  let isBroken = false;
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.trunc(deps.config.DATASET_TIMEOUT_MS)}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      isBroken = true;
    });
    throw datasetQueryError(error, deps.config.DATASET_TIMEOUT_MS);
  } finally {
    client.release(isBroken);
  }
}

async function run(
  deps: AppServices,
  { compiled, previous }: { compiled: CompiledDataset; previous: CompiledDataset | null },
  dataset: Dataset,
  version: { number: number; name: string } | null,
): Promise<DatasetResult> {
  const [{ rows }, before] = await readOnly(deps, async (client) => [
    await client.query<Record<string, unknown>>(compiled.sql, compiled.values),
    previous ? await client.query<Record<string, unknown>>(previous.sql, previous.values) : null,
  ]);
  const truncated = compiled.isCapped && rows.length > compiled.limit - 1;
  const kept = truncated ? rows.slice(0, compiled.limit - 1) : rows;
  return {
    name: version?.name ?? '',
    description: dataset.description,
    version: version?.number ?? null,
    columns: compiled.columns,
    rows: namedRows(compiled, kept),
    truncated,
    previous:
      previous && before
        ? {
            label: compiled.periods[0]?.previous ?? 'the period before',
            rows: namedRows(previous, before.rows),
          }
        : null,
    sections: [...dataset.sections].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)),
  };
}

/** The live version's results for `user` as JSON, from the cache while no record or flow changed. */
export async function getDatasetResults(
  deps: AppServices,
  user: SessionUser,
  documentId: string,
  params: Record<string, string>,
): Promise<JsonText> {
  const { number, name, dataset, sources } = await loadLiveDataset(deps, documentId);
  const prepared = compileFor(user, dataset, sources, params, datasetRowCap);
  const { compiled } = prepared;
  // The SQL and its values say everything the rows depend on but the table versions and the data.
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        documentId,
        number,
        // The answer carries the dataset's name: a rename is a new answer.
        name,
        sources.map((source) => source.live?.version ?? null),
        compiled.sql,
        compiled.values,
        prepared.previous?.values ?? null,
      ]),
    )
    .digest('base64url');
  const cached = deps.datasetResults.get(key);
  if (cached) return cached;
  const generation = deps.datasetResults.generation();
  const result = await run(deps, prepared, dataset, { number, name });
  const answer = new JsonText(JSON.stringify(result));
  deps.datasetResults.set(key, generation, answer, result.rows.length);
  return answer;
}

/** A draft's results while it is being built (never cached): 422 with paths for what does not fit. */
export async function previewDataset(
  deps: AppServices,
  user: SessionUser,
  content: unknown,
  params: Record<string, string>,
): Promise<DatasetResult> {
  const parsed = datasetSchema.safeParse(upgradeDataset(content));
  if (!parsed.success) {
    throw new AppError('validation_failed', 'This dataset is not complete yet.', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
    });
  }
  const sources = await resolveSources(parsed.data, (id) => loadSource(deps, id));
  return run(deps, compileFor(user, parsed.data, sources, params, datasetRowCap), parsed.data, null);
}

/** The live version's rows as CSV (a header of aliases), fetched from a cursor as the client reads. */
export async function exportDatasetCsv(
  deps: AppServices,
  user: SessionUser,
  documentId: string,
  params: Record<string, string>,
  res: Response,
): Promise<void> {
  const { dataset, sources } = await loadLiveDataset(deps, documentId);
  const { compiled } = compileFor(user, dataset, sources, params, datasetExportRowCap);
  await readOnly(deps, async (client) => {
    await client.query(`DECLARE dataset_rows NO SCROLL CURSOR FOR ${compiled.sql}`, compiled.values);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="dataset.csv"');
    res.write(formatCsvRow(compiled.columns.map((column) => column.alias)));
    for (let written = 0; written < datasetExportRowCap; ) {
      const { rows } = await client.query<Record<string, unknown>>(`FETCH ${exportBatch} FROM dataset_rows`);
      const kept = rows.slice(0, datasetExportRowCap - written);
      const text = kept
        .map((row) => formatCsvRow(compiled.columns.map((_, index) => csvCell(row[`c${index}`]))))
        .join('');
      if (text && !res.write(text)) await once(res, 'drain');
      written += kept.length;
      if (rows.length < exportBatch) break;
    }
  });
  res.end();
}

/** Published datasets `user` may see (every table they read is readable), by name. */
export async function listReports(deps: AppServices, user: SessionUser): Promise<ReportSummary[]> {
  const versions = await deps.prisma.documentVersion.findMany({
    where: { status: 'live', document: { kind: 'dataset', archivedAt: null } },
    select: { documentId: true, content: true, document: { select: { name: true } } },
    orderBy: { document: { name: 'asc' } },
  });
  const loaded = new Map<string, LoadedSource | null>();
  const load = async (id: string) => {
    if (!loaded.has(id)) loaded.set(id, await loadSource(deps, id));
    return loaded.get(id) ?? null;
  };
  const reports: ReportSummary[] = [];
  for (const version of versions) {
    const dataset = upgradeDataset(version.content) as Dataset;
    const sources = await resolveSources(dataset, load).catch(() => null);
    if (sources && canReadDataset(user.roles, sources)) {
      reports.push({
        documentId: version.documentId,
        name: version.document.name,
        description: dataset.description,
      });
    }
  }
  return reports;
}

/** Flow instances, tasks and the answers of each published task form, as the builder lists them. */
export async function listWorkDataSources(deps: AppServices): Promise<DatasetSourceView[]> {
  const forms = await deps.prisma.documentVersion.findMany({
    where: { status: 'live', document: { kind: 'taskForm', archivedAt: null } },
    select: { documentId: true, content: true, document: { select: { name: true } } },
    orderBy: { document: { name: 'asc' } },
  });
  return [
    ...Object.entries(systemSourceTables).map(([id, table]) => ({
      id,
      name: systemSourceNames[id as keyof typeof systemSourceNames],
      table,
    })),
    ...forms.map((form) => ({
      id: formDataSourceId(form.documentId),
      name: `Answers: ${form.document.name}`,
      table: formDataTable(upgradeDocument('taskForm', form.content) as TaskForm),
    })),
  ];
}
