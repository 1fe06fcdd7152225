import type pg from 'pg';

// The API's hottest reads (the portal inbox, a task's page, a kept dataset's check, a publish's draft and
// cross-references) and the publish transaction go to the plain pool as named prepared statements: parsed and planned once per connection, sent as one round
// trip, their rows parsed by pg alone. Prisma's per-statement cost (building, interpreting and mapping the query
// in JavaScript, serialising every parameter to JSON) was most of such a request's time.

// One name per distinct text; a statement's text never changes under its name (PostgreSQL would refuse it).
const names = new Map<string, string>();

/** `text` as a named statement, for a pool or one of its connections. */
export function prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `erp_${names.size + 1}`;
    names.set(text, name);
  }
  return { name, text, values: [...values] };
}

export async function queryPrepared<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  return (await pool.query<Row>(prepared(text, values))).rows;
}
