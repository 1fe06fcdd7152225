import { type Prisma, prepared } from '@erp/prisma';
import type pg from 'pg';

// Statements that run inside a caller's transaction, whichever client holds it: a Prisma interactive
// transaction, or a plain pg connection (the publish path, where Prisma's per-statement cost — serialising every
// parameter to JSON and back, a 170 KB snapshot included — was most of a publish's server time). Statements are
// written so both return the same rows: int8 and numeric columns are cast to text or int4 (pg gives strings,
// Prisma bigints), timestamps come back as Date from both.

export interface Sql {
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** A Prisma client or transaction as `Sql`; `Sql` itself as it is. */
export type SqlRunner = Pick<Prisma.TransactionClient, '$queryRawUnsafe'> | Sql;

export function sqlOf(db: SqlRunner): Sql {
  if (!('$queryRawUnsafe' in db)) return db;
  return { query: (text, values = []) => db.$queryRawUnsafe(text, ...values) };
}

function pgSql(client: pg.PoolClient): Sql {
  return {
    async query<Row>(text: string, values: readonly unknown[] = []) {
      return (await client.query(prepared(text, values))).rows as Row[];
    },
  };
}

/**
 * Runs `work` in a transaction on one connection of the plain pool: committed when it resolves, rolled back when
 * anything throws — the connection is dropped when even the rollback fails, so no half transaction goes back to
 * the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let unusable: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(pgSql(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      unusable = rollbackError;
    });
    throw error;
  } finally {
    client.release(unusable);
  }
}
