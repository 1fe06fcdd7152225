// A fresh embedded PostgreSQL per run, in a temporary folder (never the user's .data), migrated like a new
// installation.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, startEmbeddedPostgres } from '@erp/prisma';
import { findFreePort } from '@erp/prisma/testing';
import pg from 'pg';

export interface BenchDatabase {
  /** The migrated application database. */
  url: string;
  /** The postmaster's pid, for CPU accounting of the whole cluster. */
  pid: number;
  version: string;
  /**
   * A new, empty database on the same server (baselines that want their own tables); `use` gets a connected
   * client for the time it runs. Returns the database's URL.
   */
  createDatabase(name: string, use?: (client: pg.Client) => Promise<unknown>): Promise<string>;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-bench-pg-'));
  const database = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
  await migrate(database.url);
  // The bench manages databases of its own (baselines, scratch copies): that takes the superuser, not the app's role.
  const adminOfAppDatabase = new URL(database.adminUrl);
  adminOfAppDatabase.pathname = new URL(database.url).pathname;
  const pool = new pg.Pool({ connectionString: adminOfAppDatabase.toString(), max: 2 });
  // pool.end() can resolve before a connection's goodbye reached the server; stopping the server then
  // terminates it, which is expected and no error of the run.
  pool.on('error', () => {});
  const query = async <T extends pg.QueryResultRow>(sql: string, values?: unknown[]) =>
    (await pool.query<T>(sql, values)).rows;
  const [versionRow] = await query<{ server_version: string }>('SHOW server_version');
  const postmasterPid = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
  return {
    url: database.url,
    pid: Number(postmasterPid),
    version: versionRow?.server_version ?? 'unknown',
    async createDatabase(name, use) {
      await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await pool.query(`CREATE DATABASE ${name}`);
      const url = new URL(database.adminUrl);
      url.pathname = `/${name}`;
      if (use) {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          await use(client);
        } finally {
          await client.end();
        }
      }
      return url.toString();
    },
    query,
    async stop() {
      await pool.end();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
