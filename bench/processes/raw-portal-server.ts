// Baseline for P8: the portal's two hot endpoints written as plainly as possible — node:http and pg, no
// framework, no session lookup, no validation layer — against a tasks table of the bench's own (until the
// product has portal tasks, whose table it then reads instead).
import { createServer } from 'node:http';
import pg from 'pg';
import { serveRequests } from '../harness/child';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
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
      await pool.query(`UPDATE tasks SET status = 'done', completed_at = now() WHERE id = $1`, [
        Number(complete[1]),
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

serveRequests({ address: () => ({ url: `http://127.0.0.1:${port}` }) });
