// P11 user tables: 1M rows, filter + sort + page, and a CSV import. A table published through the API (so its
// PostgreSQL table, columns and indexes are the product's own), seeded in SQL. Each round reads the first page
// of a status and an amount filter, newest first, and the next page by cursor:
// - the target: the records API's own query (`buildListQuery`, what `GET /api/tables/:id/records` runs)
//   beside the same two pages in plain SQL (keyset), both from a client in the harness process;
// - the API's overhead: `GET /api/tables/:id/records` beside a raw node:http + pg endpoint running the plain SQL.
// Then 100k rows imported as CSV through `POST /api/tables/:id/import?mode=all` beside COPY of the same file.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildListQuery } from '@erp/api';
import { columnIdent, qualifiedTable } from '@erp/prisma';
import { listRecordsQuerySchema, type Table } from '@erp/shared';
import pg from 'pg';
import { startChild } from '../harness/child';
import { startCpuWindow } from '../harness/cpu';
import { startProductServer } from '../harness/product';
import { describeProfile, type ProfileSummary } from '../harness/profile';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { rows: 20_000, warmups: 5, queries: 20, importRows: 2_000 },
  full: { rows: 1_000_000, warmups: 20, queries: 300, importRows: 100_000 },
};

const statuses = ['new', 'approved', 'rejected', 'ordered', 'delivered'];
const blank = { description: '', required: false, unique: false };
const table = {
  kind: 'table',
  schemaVersion: 2,
  description: 'Purchase requests',
  displayFieldId: null,
  access: { read: ['developer'], write: ['developer'] },
  fields: [
    { ...blank, id: 'title', order: 'a0', key: 'title', name: 'Title', type: 'text' },
    {
      ...blank,
      id: 'status',
      order: 'a1',
      key: 'status',
      name: 'Status',
      type: 'select',
      options: statuses.map((value, index) => ({ id: value, order: `a${index}`, label: value, value })),
    },
    { ...blank, id: 'amount', order: 'a2', key: 'amount', name: 'Amount', type: 'decimal', scale: 2 },
    { ...blank, id: 'department', order: 'a3', key: 'department', name: 'Department', type: 'text' },
  ],
} as const;
const pageSize = 50;

export const userTables = defineScenario({
  id: 'P11',
  name: 'user-tables',
  title: 'user tables, 1M rows',
  target:
    'filter + sort + page p95 ≤ 1.5× plain SQL (≈ 50 ms on a quiet machine); CSV import rows/s beside COPY',
  sizes,
  async measure({ settings, db, log, report }) {
    const server = await startProductServer(db.url);
    const raw = startChild('processes/raw-records-server.ts', { env: { BENCH_DATABASE_URL: db.url } });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { id } = await server.api<{ id: string }>('POST', '/api/documents', {
        kind: 'table',
        name: `Purchase requests ${Date.now()}`,
        content: table,
      });
      await server.api('POST', `/api/documents/${id}/publish`, { message: 'bench' });
      const target = qualifiedTable(id);
      const col = (fieldId: string) => `"${columnIdent(fieldId)}"`;
      log(`seeding ${settings.rows} rows into the published table`);
      // Whole minutes: a cursor carried as a JavaScript date (milliseconds) is exact.
      await client.query(`
        INSERT INTO ${target} (created_at, updated_at, ${col('title')}, ${col('status')}, ${col('amount')}, ${col('department')})
        SELECT timestamptz '2026-01-01' - n * interval '1 minute', now(), 'Request ' || n,
               (ARRAY['${statuses.join("','")}'])[1 + n % 5], (n * 37 % 100000) / 10.0, 'Department ' || (n % 40)
        FROM generate_series(1, ${settings.rows}) AS n;`);
      // As autovacuum leaves a table some time after a bulk load (statistics, visibility map).
      await client.query(`VACUUM ANALYZE ${target}`);

      // The plain SQL a person would write, newest first with the id as tie-breaker, keyset on both.
      const columns = `id, version, created_at, ${col('title')}, ${col('status')}, ${col('amount')}, ${col('department')}`;
      const filter = `deleted_at IS NULL AND ${col('status')} = $1 AND ${col('amount')} >= $2`;
      const plain = {
        first: `SELECT ${columns} FROM ${target} WHERE ${filter} ORDER BY created_at DESC, id DESC LIMIT ${pageSize + 1}`,
        next: `SELECT ${columns} FROM ${target} WHERE ${filter} AND (created_at, id) < ($3, $4)
               ORDER BY created_at DESC, id DESC LIMIT ${pageSize + 1}`,
        limit: pageSize,
      };
      await raw.request('configure', plain);
      const { url: rawUrl } = await raw.request<{ url: string }>('address');
      const filterOf = (index: number) => ({
        status: statuses[index % statuses.length] as string,
        min: (index * 131) % 5000,
      });
      const apiQuery = (index: number) => {
        const { status, min } = filterOf(index);
        return { 'filter[status][eq]': status, 'filter[amount][gte]': String(min), sort: '-createdAt' };
      };

      const plainPages = async (index: number) => {
        const { status, min } = filterOf(index);
        const first = await client.query(plain.first, [status, min]);
        const last = first.rows[pageSize - 1];
        if (last) await client.query(plain.next, [status, min, last.created_at, last.id]);
      };
      const live = { documentId: id, version: 1, table: table as unknown as Table };
      const generatedPages = async (index: number) => {
        const query = listRecordsQuerySchema.parse({ ...apiQuery(index), limit: String(pageSize) });
        const first = buildListQuery(live, query);
        const { rows } = await client.query(first.sql, first.params);
        const last = rows[pageSize - 1];
        if (rows.length <= pageSize || !last) return;
        const next = buildListQuery(live, { ...query, cursor: first.cursorOf(last) });
        await client.query(next.sql, next.params);
      };
      const httpPages = async (
        base: string,
        path: string,
        params: Record<string, string>,
        token?: string,
      ) => {
        const headers = token ? { authorization: `Bearer ${token}` } : undefined;
        const get = async (extra: Record<string, string>) => {
          const response = await fetch(`${base}${path}?${new URLSearchParams({ ...params, ...extra })}`, {
            headers,
          });
          if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
          return (await response.json()) as { nextCursor: string | null };
        };
        const first = await get({});
        if (first.nextCursor) await get({ cursor: first.nextCursor });
      };
      const apiPages = (index: number) =>
        httpPages(
          server.url,
          `/api/tables/${id}/records`,
          { ...apiQuery(index), limit: String(pageSize) },
          server.token,
        );
      const rawPages = (index: number) => {
        const { status, min } = filterOf(index);
        return httpPages(rawUrl, '/records', { status, min: String(min) });
      };
      const measure = async (run: (index: number) => Promise<void>) => {
        const times: number[] = [];
        for (let index = 0; index < settings.warmups + settings.queries; index++) {
          const started = performance.now();
          await run(index);
          // Two pages per round: a page's time is half the round's.
          if (index >= settings.warmups) times.push((performance.now() - started) / 2);
        }
        return times;
      };
      const measured = async (label: string, run: (index: number) => Promise<void>, pid?: number) => {
        log(label);
        const window = startCpuWindow({
          'harness (client)': process.pid,
          ...(pid ? { server: pid } : {}),
          postgres: db.pid,
        });
        const times = await measure(run);
        report.cpu(`${settings.queries} × 2 pages, ${label}`, window.stop());
        return report.sample(summarize(label, 'ms', times));
      };
      // Alternating baseline and ours, so a burst of other work on the machine hits both alike.
      const plainSql = await measured('baseline: plain SQL, filter + sort + keyset page', plainPages);
      const generated = await measured('ours: the records API’s query (buildListQuery)', generatedPages);
      const rawHttp = await measured('baseline: raw node:http + pg endpoint, plain SQL', rawPages, raw.pid);
      const api = await measured('ours: GET /api/tables/:id/records', apiPages, server.pid);
      // Where the API's time goes, from a run under the profiler after the measured one.
      await server.child.request('profileStart');
      for (let index = 0; index < settings.warmups; index++) await apiPages(index);
      const apiProfile = await server.child.request<ProfileSummary>('profileStop');
      report.note(`API server profile, records list (not a measured run): ${describeProfile(apiProfile, 6)}`);
      report.figure({
        key: 'p95',
        label: 'filter + sort + page p95, our query vs plain SQL',
        unit: 'ms',
        ours: generated.p95,
        baseline: plainSql.p95,
        target: '≤ 1.5×',
        meets: (_ms, ratio) => ratio !== null && ratio <= 1.5,
      });
      report.figure({
        key: 'api-p95',
        label: 'records API p95 vs raw node:http + pg (the API’s own overhead)',
        unit: 'ms',
        ours: api.p95,
        baseline: rawHttp.p95,
        target: 'reported (as P8: ≤ 2×)',
        meets: (_ms, ratio) => ratio !== null && ratio <= 2,
      });

      log(`importing ${settings.importRows} rows as CSV`);
      const csv = [
        'title,status,amount,department',
        ...Array.from(
          { length: settings.importRows },
          (_, n) => `Imported ${n},${statuses[n % 5]},${((n * 37) % 100000) / 10},Department ${n % 40}`,
        ),
      ].join('\n');
      // COPY reads the file on the server: no client transfer, the fastest way PostgreSQL has to load rows.
      const file = path.join(tmpdir(), `erp-bench-p11-${process.pid}.csv`);
      await writeFile(file, csv, { mode: 0o644 });
      const copyTarget = `${target.slice(0, -1)}_copy"`;
      await db.query(`CREATE TABLE ${copyTarget} (LIKE ${target} INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const copyWindow = startCpuWindow({ 'harness (client)': process.pid, postgres: db.pid });
      const copyStarted = performance.now();
      await db.query(
        `COPY ${copyTarget} (${col('title')}, ${col('status')}, ${col('amount')}, ${col('department')})
         FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      );
      const copyMs = performance.now() - copyStarted;
      await rm(file);
      report.cpu(`COPY of ${settings.importRows} rows`, copyWindow.stop());
      const importWindow = startCpuWindow({
        'harness (client)': process.pid,
        server: server.pid,
        postgres: db.pid,
      });
      const importStarted = performance.now();
      const response = await fetch(`${server.url}/api/tables/${id}/import?mode=all`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv' },
        body: csv,
      });
      const imported = (await response.json()) as { imported?: number };
      const importMs = performance.now() - importStarted;
      report.cpu(`import of ${settings.importRows} rows`, importWindow.stop());
      if (imported.imported !== settings.importRows)
        throw new Error(`the import wrote ${JSON.stringify(imported)}, not ${settings.importRows} rows`);
      // A tenth of it again under the profiler, for where an import's time goes.
      await server.child.request('profileStart');
      const profiledRows = csv
        .split('\n')
        .slice(0, Math.ceil(settings.importRows / 10) + 1)
        .join('\n');
      await fetch(`${server.url}/api/tables/${id}/import?mode=all`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv' },
        body: profiledRows,
      });
      const importProfile = await server.child.request<ProfileSummary>('profileStop');
      report.note(
        `API server profile, CSV import (not a measured run): ${describeProfile(importProfile, 6)}`,
      );
      report.figure({
        key: 'import-rows-per-second',
        label: `CSV import of ${settings.importRows} rows vs COPY`,
        unit: 'rows/s',
        ours: settings.importRows / (importMs / 1000),
        baseline: settings.importRows / (copyMs / 1000),
        target: 'measured (each row checked, with its record.created event)',
      });
      report.note(
        `${settings.rows} rows; the import checks every row against the live table and writes a record.created event per row in one transaction, COPY writes bare rows`,
      );
    } finally {
      await client.end();
      await raw.stop();
      await server.stop();
    }
  },
});
