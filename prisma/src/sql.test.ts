import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, onPipelinedConnection } from './sql';
import { createEmptyDatabase } from './testing';

describe('inTransaction on the plain pool (pipelined)', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    // One connection: every transaction, and every query after it, runs on the same one.
    pool = new pg.Pool({ connectionString: await createEmptyDatabase(), max: 1 });
    await pool.query('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(() => pool.end());

  const labels = async () =>
    (await pool.query<{ label: string }>('SELECT label FROM items ORDER BY id')).rows.map((row) => row.label);

  it('runs statements issued together in the order issued, in one transaction', async () => {
    type Xact = { xact: string };
    const [inserted, , read] = await inTransaction(pool, (sql) =>
      Promise.all([
        sql.query<Xact>(
          'INSERT INTO items (id, label) VALUES (1, $1) RETURNING pg_current_xact_id()::text AS xact',
          ['first'],
        ),
        sql.query("UPDATE items SET label = label || ', then updated' WHERE id = 1"),
        sql.query<Xact & { label: string }>(
          'SELECT label, pg_current_xact_id()::text AS xact FROM items WHERE id = 1',
        ),
      ]),
    );
    expect(read).toEqual([{ label: 'first, then updated', xact: inserted[0]?.xact }]);
    expect(await labels()).toEqual(['first, then updated']);
  });

  it('rolls back every statement, those issued with a failing one too, and hands the connection back usable', async () => {
    const failed = inTransaction(pool, (sql) =>
      Promise.all([
        sql.query('INSERT INTO items (id, label) VALUES (2, $1)', ['kept?']),
        sql.query('SELECT 1 / 0'),
        sql.query('INSERT INTO items (id, label) VALUES (3, $1)', ['after the failure']),
      ]),
    );
    await expect(failed).rejects.toThrow(/division by zero/);
    expect(await labels()).toEqual(['first, then updated']);

    // The connection left pipeline mode: a later user's statements issued together are queued by pg as before.
    const client = await pool.connect();
    try {
      expect(client.pipeline).toBe(false);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it('answers the statements issued with a failing one before the connection goes back to the pool', async () => {
    const failed = onPipelinedConnection(pool, (sql) =>
      Promise.all([
        sql.query('SELECT 1 / 0'),
        sql.query('SELECT pg_sleep(0.2), 2 AS two'),
        sql.query('SELECT 4 AS four'),
      ]),
    );
    await expect(failed).rejects.toThrow(/division by zero/);
    // The next user of the one connection gets its own answer, not the one still on its way.
    expect((await pool.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });
});
