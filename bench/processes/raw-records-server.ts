// Baseline for P11's API overhead: the records list written as plainly as possible — node:http and pg, no
// framework, no session, no validation — running the harness's own plain SQL (sent over IPC with `configure`)
// on the same table: `GET /records?status=…&min=…[&cursor=…]`, the same JSON list shape as the records API.
import { createServer } from 'node:http';
import pg from 'pg';
import { serveRequests } from '../harness/child';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

// The first page's SQL takes ($1 status, $2 minimum amount), the next page's also ($3 created_at, $4 id).
let queries: { first: string; next: string; limit: number } | null = null;

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
    if (request.method !== 'GET' || url.pathname !== '/records' || !queries) {
      response.writeHead(404).end();
      return;
    }
    const params: unknown[] = [url.searchParams.get('status'), Number(url.searchParams.get('min'))];
    const cursor = url.searchParams.get('cursor');
    if (cursor) params.push(...JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    const { rows } = await pool.query(cursor ? queries.next : queries.first, params);
    const page = rows.slice(0, queries.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > queries.limit && last
        ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url')
        : null;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ items: page, nextCursor }));
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

serveRequests({
  address: () => ({ url: `http://127.0.0.1:${port}` }),
  configure: (payload: { first: string; next: string; limit: number }) => {
    queries = payload;
  },
});
