import type pg from 'pg';

// The API's hottest reads (the portal inbox, a task's page, a kept dataset's check) go to the plain pool as named prepared statements: parsed and
// planned once per connection, sent as one round trip, their rows parsed by pg alone. Prisma's per-statement
// cost (building, interpreting and mapping the query in JavaScript) was most of such a request's time.

// One name per distinct text; a statement's text never changes under its name (PostgreSQL would refuse it).
const names = new Map<string, string>();

export async function queryPrepared<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  let name = names.get(text);
  if (name === undefined) {
    name = `erp_${names.size + 1}`;
    names.set(text, name);
  }
  return (await pool.query<Row>({ name, text, values })).rows;
}
