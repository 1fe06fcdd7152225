// P8 portal API: "my tasks" (the first 20 open tasks of 100k) at 20 concurrent connections, and completing a
// task. The product has no portal tasks yet, so this measures the baseline the target is stated against — a
// raw node:http + pg endpoint over a tasks table of the bench's own — with autocannon in its own process.
// When the portal lands, `GET /api/portal/tasks` and `POST …/complete` go beside it as "ours".
import { startChild } from '../harness/child';
import { startCpuWindow } from '../harness/cpu';
import { defineScenario } from '../harness/scenario';
import type { SampleSummary } from '../harness/stats';
import type { HttpLoadResult } from '../processes/http-load';

const sizes = {
  smoke: { tasks: 2_000, assignees: 20, connections: 4, warmupSeconds: 1, durationSeconds: 1 },
  full: { tasks: 100_000, assignees: 200, connections: 20, warmupSeconds: 2, durationSeconds: 10 },
};

function toSummary(name: string, result: HttpLoadResult, durationSeconds: number): SampleSummary {
  return {
    name,
    unit: 'ms',
    count: result.requests,
    p50: result.latency.p50,
    // autocannon reports p97.5, not p95; p95 stays empty rather than invented.
    p95: null,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.mean,
    throughput: result.requests / durationSeconds,
    errors: result.errors + result.non2xx,
  };
}

export const portalApi = defineScenario({
  id: 'P8',
  name: 'portal-api',
  title: 'portal my-tasks API',
  target: '≥ 50 % of raw node:http + pg, p99 ≤ 20 ms; complete p99 ≤ 30 ms',
  sizes,
  async measure({ settings, db, log, report }) {
    const url = await db.createDatabase('bench_portal', async (client) => {
      log(`seeding ${settings.tasks} tasks`);
      await client.query(`
      CREATE TABLE tasks (
        id bigserial PRIMARY KEY, assignee_id int NOT NULL, title text NOT NULL, status text NOT NULL,
        data jsonb NOT NULL, due_at timestamptz, created_at timestamptz NOT NULL, completed_at timestamptz);
      INSERT INTO tasks (assignee_id, title, status, data, due_at, created_at)
        SELECT n % ${settings.assignees}, 'Approve purchase order ' || n,
               CASE WHEN n % 5 = 0 THEN 'done' ELSE 'open' END,
               jsonb_build_object('amount', n % 9000, 'requester', 'user-' || (n % 97)),
               now() + (n % 30) * interval '1 day', now() - n * interval '1 minute'
        FROM generate_series(1, ${settings.tasks}) AS n;
      CREATE INDEX tasks_inbox ON tasks (assignee_id, status, created_at DESC, id DESC);
      ANALYZE tasks;`);
    });

    const server = startChild('processes/raw-portal-server.ts', { env: { BENCH_DATABASE_URL: url } });
    const load = startChild('processes/http-load.ts');
    try {
      const { url: serverUrl } = await server.request<{ url: string }>('address');
      const listPaths = Array.from({ length: settings.assignees }, (_, index) => `/tasks?assignee=${index}`);
      const completePaths = Array.from({ length: 1000 }, (_, index) => `/tasks/${index * 7 + 1}/complete`);
      const runLoad = (method: 'GET' | 'POST', paths: string[], durationSeconds: number) =>
        load.request<HttpLoadResult>(
          'run',
          { url: serverUrl, method, paths, connections: settings.connections, durationSeconds },
          (durationSeconds + 30) * 1000,
        );

      log('my tasks: raw node:http + pg');
      await runLoad('GET', listPaths, settings.warmupSeconds);
      let window = startCpuWindow({ 'raw server': server.pid, 'load generator': load.pid, postgres: db.pid });
      const list = await runLoad('GET', listPaths, settings.durationSeconds);
      report.cpu(`my tasks, ${settings.connections} connections`, window.stop());
      const listSummary = report.sample(
        toSummary('baseline raw node:http + pg: my tasks', list, settings.durationSeconds),
      );

      log('complete task: raw node:http + pg');
      window = startCpuWindow({ 'raw server': server.pid, 'load generator': load.pid, postgres: db.pid });
      const complete = await runLoad('POST', completePaths, settings.durationSeconds);
      report.cpu(`complete task, ${settings.connections} connections`, window.stop());
      const completeSummary = report.sample(
        toSummary('baseline raw node:http + pg: complete task', complete, settings.durationSeconds),
      );

      report.figure({
        key: 'list-throughput',
        label: 'my tasks requests/s',
        unit: 'req/s',
        ours: null,
        baseline: listSummary.throughput,
        target: '≥ 0.5× baseline',
        meets: (_value, ratio) => ratio !== null && ratio >= 0.5,
      });
      report.figure({
        key: 'list-p99',
        label: 'my tasks p99',
        unit: 'ms',
        ours: null,
        baseline: listSummary.p99,
        target: '≤ 20 ms',
        meets: (ms) => ms <= 20,
      });
      report.figure({
        key: 'complete-p99',
        label: 'complete task p99',
        unit: 'ms',
        ours: null,
        baseline: completeSummary.p99,
        target: '≤ 30 ms',
        meets: (ms) => ms <= 30,
      });
      report.note(
        `${settings.tasks} tasks over ${settings.assignees} assignees, ${settings.connections} connections; ours: not yet supported (no portal tasks yet)`,
      );
    } finally {
      await load.stop();
      await server.stop();
    }
  },
});
