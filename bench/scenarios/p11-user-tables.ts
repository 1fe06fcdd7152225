// P11 user tables: 1M rows, filter + sort + page. User tables do not exist yet, so this measures the baseline
// the target sits beside — plain SQL on a plain table of the same shape, indexed for the sort — from a client
// in the harness process. When user tables land, `GET /api/tables/:id/records` with the same filter, sort
// and page goes beside it as "ours", and this baseline reads the product's own table.
import { startCpuWindow } from '../harness/cpu';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { rows: 20_000, warmups: 5, queries: 20 },
  full: { rows: 1_000_000, warmups: 20, queries: 300 },
};

const statuses = ['new', 'approved', 'rejected', 'ordered', 'delivered'];

export const userTables = defineScenario({
  id: 'P11',
  name: 'user-tables',
  title: 'user tables, 1M rows',
  target: 'filter + sort + page p95 ≤ 50 ms',
  sizes,
  async measure({ settings, db, log, report }) {
    await db.createDatabase('bench_user_tables', async (client) => {
      log(`seeding ${settings.rows} rows`);
      await client.query(`
      CREATE TABLE purchase_requests (
        id bigserial PRIMARY KEY, title text NOT NULL, status text NOT NULL, amount numeric(12, 2) NOT NULL,
        department text NOT NULL, requested_by text NOT NULL, created_at timestamptz NOT NULL);
      INSERT INTO purchase_requests (title, status, amount, department, requested_by, created_at)
        SELECT 'Request ' || n, (ARRAY['${statuses.join("','")}'])[1 + n % 5], (n * 37 % 100000) / 10.0,
               'Department ' || (n % 40), 'user-' || (n % 500), now() - n * interval '1 minute'
        FROM generate_series(1, ${settings.rows}) AS n;
      CREATE INDEX purchase_requests_status_created ON purchase_requests (status, created_at DESC, id DESC);
      ANALYZE purchase_requests;`);

      // What a table view asks: one status, an amount range, newest first, page n of 50 rows.
      const times: number[] = [];
      const window = startCpuWindow({ 'harness (client)': process.pid, postgres: db.pid });
      for (let index = 0; index < settings.warmups + settings.queries; index++) {
        const started = performance.now();
        await client.query(
          `SELECT id, title, status, amount, department, requested_by, created_at FROM purchase_requests
         WHERE status = $1 AND amount >= $2 ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET $3`,
          [statuses[index % statuses.length], (index * 131) % 5000, (index % 10) * 50],
        );
        if (index >= settings.warmups) times.push(performance.now() - started);
      }
      report.cpu(`${settings.queries} queries`, window.stop());
      const plain = report.sample(summarize('baseline: plain SQL, filter + sort + page', 'ms', times));
      report.figure({
        key: 'p95',
        label: 'filter + sort + page p95',
        unit: 'ms',
        ours: null,
        baseline: plain.p95,
        target: '≤ 50 ms',
        meets: (ms) => ms <= 50,
      });
      report.note(`${settings.rows} rows; ours: not yet supported (no user tables yet)`);
    });
  },
});
