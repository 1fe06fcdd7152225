// P11 user tables: 1M rows, filter + sort + page. A table published through the API (so its PostgreSQL table,
// columns and indexes are the product's own), seeded in SQL; "ours" is `GET /api/tables/:id/records` with a
// status and an amount filter, newest first, the first page and the next one by cursor; the baseline is the
// same two pages in plain SQL (keyset) on the same table from a client in the harness process.
import { columnIdent, qualifiedTable } from '@erp/prisma';
import pg from 'pg';
import { startCpuWindow } from '../harness/cpu';
import { startProductServer } from '../harness/product';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { rows: 20_000, warmups: 5, queries: 20 },
  full: { rows: 1_000_000, warmups: 20, queries: 300 },
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
};

export const userTables = defineScenario({
  id: 'P11',
  name: 'user-tables',
  title: 'user tables, 1M rows',
  target: 'filter + sort + page p95 ≤ 1.5× plain SQL and ≤ 50 ms',
  sizes,
  async measure({ settings, db, log, report }) {
    const server = await startProductServer(db.url);
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
      await client.query(`
        INSERT INTO ${target} (created_at, updated_at, ${col('title')}, ${col('status')}, ${col('amount')}, ${col('department')})
        SELECT now() - n * interval '1 minute', now(), 'Request ' || n, (ARRAY['${statuses.join("','")}'])[1 + n % 5],
               (n * 37 % 100000) / 10.0, 'Department ' || (n % 40)
        FROM generate_series(1, ${settings.rows}) AS n;
        ANALYZE ${target};`);

      const columns = `id, version, created_at, ${col('title')}, ${col('status')}, ${col('amount')}, ${col('department')}`;
      const plainPages = async (index: number) => {
        const params = [statuses[index % statuses.length], (index * 131) % 5000];
        const first = await client.query(
          `SELECT ${columns} FROM ${target} WHERE deleted_at IS NULL AND ${col('status')} = $1 AND ${col('amount')} >= $2
           ORDER BY created_at DESC, id LIMIT 51`,
          params,
        );
        const last = first.rows[49];
        if (!last) return;
        await client.query(
          `SELECT ${columns} FROM ${target} WHERE deleted_at IS NULL AND ${col('status')} = $1 AND ${col('amount')} >= $2
           AND (created_at < $3 OR (created_at = $3 AND id > $4)) ORDER BY created_at DESC, id LIMIT 51`,
          [...params, last.created_at, last.id],
        );
      };
      const apiPages = async (index: number) => {
        const query = `filter[status][eq]=${statuses[index % statuses.length]}&filter[amount][gte]=${(index * 131) % 5000}&sort=-createdAt&limit=50`;
        const first = await server.api<{ nextCursor: string | null }>(
          'GET',
          `/api/tables/${id}/records?${query}`,
        );
        if (first.nextCursor)
          await server.api(
            'GET',
            `/api/tables/${id}/records?${query}&cursor=${encodeURIComponent(first.nextCursor)}`,
          );
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
      const baselineWindow = startCpuWindow({ 'harness (client)': process.pid, postgres: db.pid });
      const baselineTimes = await measure(plainPages);
      report.cpu(`${settings.queries} × 2 pages, plain SQL`, baselineWindow.stop());
      const oursWindow = startCpuWindow({
        'harness (client)': process.pid,
        server: server.pid,
        postgres: db.pid,
      });
      const oursTimes = await measure(apiPages);
      report.cpu(`${settings.queries} × 2 pages through the records API`, oursWindow.stop());
      const plain = report.sample(
        summarize('baseline: plain SQL on the same table, filter + sort + keyset page', 'ms', baselineTimes),
      );
      const ours = report.sample(
        summarize('ours: GET /api/tables/:id/records (HTTP, JSON)', 'ms', oursTimes),
      );
      report.figure({
        key: 'p95',
        label: 'filter + sort + page p95',
        unit: 'ms',
        ours: ours.p95,
        baseline: plain.p95,
        target: '≤ 1.5× and ≤ 50 ms',
        meets: (ms) => ms <= 50 && plain.p95 !== null && ms <= 1.5 * plain.p95,
      });
      report.note(
        `${settings.rows} rows; ours includes HTTP and JSON (no raw node:http + pg endpoint beside it yet); CSV import of 100k rows not measured yet`,
      );
    } finally {
      await client.end();
      await server.stop();
    }
  },
});
