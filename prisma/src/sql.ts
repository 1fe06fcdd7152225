import type pg from 'pg';
import type { Prisma } from './generated/client';

// Statements that run inside a caller's transaction, whichever client holds it: a Prisma interactive
// transaction, or a plain pg connection (the publish path, the trigger dispatcher and the flow commands of the
// portal and of flow starts, where Prisma's per-statement cost — building and interpreting the query in
// JavaScript, serialising every parameter to JSON and back — was most of the server's time). Statements issued
// together (`Promise.all`) run one after the other in the order issued, on either. Statements are written so
// both return the same rows: int8 and numeric columns are cast to text or int4 (pg gives strings, Prisma
// bigints), timestamps come back as Date from both.

export interface Sql {
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** A Prisma client or transaction as `Sql`; `Sql` itself as it is. */
export type SqlRunner = Pick<Prisma.TransactionClient, '$queryRawUnsafe'> | Sql;

export function sqlOf(db: SqlRunner): Sql {
  if (!('$queryRawUnsafe' in db)) return db;
  return oneAtATime((text, values) => db.$queryRawUnsafe(text, ...values));
}

// A Prisma transaction's connection answers one statement at a time, and pg 9 no longer queues the ones issued
// meanwhile (work done beside a long insert, say): they are sent here, each once the one before is answered. An
// idle connection gets its statement at once, so what runs beside it starts only after it was sent.
function oneAtATime(run: (text: string, values: readonly unknown[]) => Promise<unknown>): Sql {
  let running: Promise<unknown> | null = null;
  return {
    query<Row>(text: string, values: readonly unknown[] = []) {
      const result = running ? running.then(() => run(text, values)) : run(text, values);
      const settled = result.then(
        () => {},
        () => {},
      );
      running = settled;
      void settled.then(() => {
        if (running === settled) running = null;
      });
      return result as Promise<Row[]>;
    },
  };
}

// On the plain pool, statements are named prepared statements: parsed and planned once per connection, sent as
// one round trip, their rows parsed by pg alone.
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

// A pipelined connection's statements: each is sent as it is issued (the server runs them in that order, and
// answers them in it). `last` is the one issued last: once it is answered, so is every one before it.
function pipelinedSql(client: pg.PoolClient): { sql: Sql; last: () => Promise<unknown> } {
  let last: Promise<unknown> = Promise.resolve();
  const sql: Sql = {
    async query<Row>(text: string, values: readonly unknown[] = []) {
      const result = client.query(prepared(text, values));
      last = result;
      return (await result).rows as Row[];
    },
  };
  return { sql, last: () => last };
}

// pg's pipeline mode (`pipeline` in its client config, read whenever a statement is issued), switched on for
// `onPipelinedConnection` only: the pool's connections are also Prisma's, and theirs are left as they are.
function setPipelined(client: pg.PoolClient, isPipelined: boolean): void {
  (client as { pipeline: boolean }).pipeline = isPipelined;
}

/**
 * Runs `work` on one connection of the plain pool, pipelined: a statement goes out when it is issued, not once the
 * one before it is answered, and the server runs them in the order issued, so statements issued together share a
 * round trip. Each is answered with its own result or error. The connection goes back to the pool when `work`
 * settles, or is dropped (`discard`, or lost meanwhile).
 */
export async function onPipelinedConnection<T>(
  pool: pg.Pool,
  work: (sql: Sql, discard: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let unusable: Error | undefined;
  // A connection lost while it is out of the pool (a restarting server) fails the next statement; without a
  // listener of ours its error event would also be thrown out of the process (pg's pool listens only to idle
  // connections).
  const discard = (error: Error) => {
    unusable = error;
  };
  client.on('error', discard);
  setPipelined(client, true);
  const { sql, last } = pipelinedSql(client);
  try {
    return await work(sql, discard);
  } finally {
    // A statement issued with one that failed may still be on its way: answered to this caller, or the next user
    // of the connection would be given its answer.
    await last().catch(() => {});
    setPipelined(client, false);
    client.removeListener('error', discard);
    client.release(unusable);
  }
}

/**
 * Runs `work` in a transaction on one pipelined connection of the plain pool (`onPipelinedConnection`): committed
 * when it resolves, rolled back when anything throws — the connection is dropped when even the rollback fails, so
 * no half transaction goes back to the pool. BEGIN travels with the first statement, and statements issued
 * together share a round trip (a publish's lock with the reads it guards; an audit entry with the engine's job).
 * A statement that fails aborts the transaction, and those sent after it fail too.
 */
export function inTransaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  return onPipelinedConnection(pool, async (sql, discard) => {
    // Awaited after `work`: BEGIN fails only with its connection, and every statement sent after it then fails too.
    const begun = sql.query('BEGIN');
    begun.catch(() => {});
    try {
      const result = await work(sql);
      await begun;
      await sql.query('COMMIT');
      return result;
    } catch (error) {
      // Sent after every statement of `work`, so answered after them: nothing is in flight once it is.
      await sql.query('ROLLBACK').catch(discard);
      throw error;
    }
  });
}
