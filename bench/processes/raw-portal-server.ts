// Baseline for P8: the portal's two hot endpoints written as plainly as possible — node:http and pg, no
// framework, no session lookup, no validation layer — against tables of the bench's own.
// - my tasks: the statement the portal API runs for it (its page with flow, requester and assignee, and the inbox
//   counts; sent by the harness with `configure`, the user's id its first parameter), as a named prepared
//   statement on the product's own rows (its database, also sent): what is left between the two is the API's
//   own overhead. Until 2026-12-02 the baseline was one
//   SELECT of the assignee's first 20 open tasks over tables of its own (no counts, no joins), still measured
//   beside it as a sample.
// - complete: what completing the last level of a one-level flow must write, by hand, in one transaction —
//   the task done with its answers (if it is still open: twice is a 409), its instance completed with its new state, the step on its timeline and
//   the task.completed / flow.completed events — the same rows the product writes, no more (as P7's baseline is
//   the same flow's SQL by hand). It used to run only `UPDATE tasks SET status = 'done'`.
import { createServer, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { serveRequests } from '../harness/child';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

async function readJson(request: IncomingMessage): Promise<{ data?: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Whether the task was open: completing twice is refused (409), as the product refuses it. */
async function completeTask(taskId: number, data: Record<string, unknown>): Promise<boolean> {
  const answers = JSON.stringify(data);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ instance_id: string }>(
      `UPDATE tasks SET status = 'done', answers = $2, completed_at = now()
       WHERE id = $1 AND status = 'open' RETURNING instance_id`,
      [taskId, answers],
    );
    const instanceId = rows[0]?.instance_id;
    if (instanceId === undefined) {
      await client.query('ROLLBACK');
      return false;
    }
    const state = JSON.stringify({ status: 'completed', data: { a: data }, openTasks: [], endNodeId: 'end' });
    const payload = JSON.stringify({ taskId, instanceId, data });
    await client.query(
      `WITH instance AS (
         UPDATE instances SET status = 'completed', state = $2, finished_at = now(), updated_at = now()
         WHERE id = $1),
       step AS (
         INSERT INTO steps (instance_id, event, status, outcome, applied_at)
         VALUES ($1, $3, 'done', '{}', now()))
       INSERT INTO events (type, payload) VALUES ('task.completed', $3), ('flow.completed', $2)`,
      [instanceId, state, payload],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

interface Inbox {
  /** The product's database, where the statement reads. */
  databaseUrl: string;
  text: string;
  /** For one user: each request's user replaces the first. */
  values: unknown[];
}
let inbox: (Inbox & { pool: pg.Pool }) | null = null;

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
    if (request.method === 'GET' && url.pathname === '/portal-tasks' && inbox) {
      const { rows } = await inbox.pool.query({
        name: 'inbox',
        text: inbox.text,
        values: [url.searchParams.get('user'), ...inbox.values.slice(1)],
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ items: rows.slice(0, 20), nextCursor: rows.length > 20 ? 'more' : null }),
      );
      return;
    }
    if (request.method === 'GET' && url.pathname === '/tasks') {
      const { rows } = await pool.query(
        `SELECT id, title, status, due_at, created_at FROM tasks
         WHERE assignee_id = $1 AND status = 'open' ORDER BY created_at DESC, id DESC LIMIT 20`,
        [Number(url.searchParams.get('assignee'))],
      );
      const last = rows.at(-1);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: rows, nextCursor: rows.length === 20 ? String(last?.id) : null }));
      return;
    }
    const complete = url.pathname.match(/^\/tasks\/(\d+)\/complete$/);
    if (request.method === 'POST' && complete) {
      const body = await readJson(request);
      const completed = await completeTask(Number(complete[1]), body.data ?? {});
      response.writeHead(completed ? 204 : 409).end();
      return;
    }
    // The earlier baseline, measured beside for comparison: the status alone, nothing else.
    const statusOnly = url.pathname.match(/^\/tasks\/(\d+)\/status-only$/);
    if (request.method === 'POST' && statusOnly) {
      await pool.query(`UPDATE tasks SET status = 'done', completed_at = now() WHERE id = $1`, [
        Number(statusOnly[1]),
      ]);
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

serveRequests({
  address: () => ({ url: `http://127.0.0.1:${port}` }),
  configure: (payload: Inbox) => {
    inbox = { ...payload, pool: new pg.Pool({ connectionString: payload.databaseUrl, max: 10 }) };
  },
});
