// A fresh embedded PostgreSQL per run, in a temporary folder (never the user's .data), migrated like a new
// installation.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmbeddedDatabase, migrate, startEmbeddedPostgres } from '@erp/prisma';
import { findFreePort } from '@erp/prisma/testing';
import pg from 'pg';
import { readStat } from './cpu';

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
  /**
   * With `BENCH_PG_STAT_STATEMENTS=1`, pg_stat_statements (nested statements too: triggers, functions):
   * `reset` before a phase, `top` after it — the statements of every database by total execution time.
   * Null otherwise (the extension costs a little on every statement).
   */
  statements: StatementStats | null;
  stop(): Promise<void>;
}

export interface StatementStats {
  /** Starts a window: statement statistics reset, each PostgreSQL process's CPU noted. */
  reset(): Promise<void>;
  top(limit: number): Promise<StatementStat[]>;
  /** CPU of each PostgreSQL process since `reset`, busiest first, with what it is and last ran. */
  backends(): Promise<BackendCpu[]>;
  /** The processes and the top statements since `reset` as text, per unit of work (`units` of `unit`). */
  describe(units: number, unit: string): Promise<string>;
}

export interface BackendCpu {
  pid: number;
  cpuMs: number;
  /** `client backend`, `autovacuum worker`, `walwriter`, … — or `exited` for backends gone since. */
  kind: string;
  lastQuery: string;
}

export interface StatementStat {
  database: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  /** Planning time, all calls. */
  planMs: number;
  rows: number;
  /** WAL written, all calls. */
  walBytes: number;
  /** Blocks found in shared buffers, read, dirtied, written. */
  blocks: { hit: number; read: number; dirtied: number; written: number };
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-bench-pg-'));
  const port = await findFreePort();
  let database = await startEmbeddedPostgres({ dataDir, port });
  await migrate(database.url);
  const tracksStatements = process.env.BENCH_PG_STAT_STATEMENTS === '1';
  if (tracksStatements) database = await restartWithStatementStats(database, { dataDir, port });
  // The bench manages databases of its own (baselines, scratch copies): that takes the superuser, not the app's role.
  const pool = new pg.Pool({ connectionString: adminOfAppDatabase(database), max: 2 });
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
    statements: tracksStatements ? statementStats(query, Number(postmasterPid)) : null,
    async stop() {
      await pool.end();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// The superuser's URL of the app's database.
function adminOfAppDatabase(database: EmbeddedDatabase): string {
  const url = new URL(database.adminUrl);
  url.pathname = new URL(database.url).pathname;
  return url.toString();
}

// A preloaded library takes a restart (a warm start: tens of ms); the extension lives in the app's database.
async function restartWithStatementStats(
  database: EmbeddedDatabase,
  options: { dataDir: string; port: number },
): Promise<EmbeddedDatabase> {
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
  await admin.query('ALTER SYSTEM SET pg_stat_statements.track_planning = on');
  await admin.end();
  await database.stop();
  const restarted = await startEmbeddedPostgres(options);
  const client = new pg.Client({ connectionString: adminOfAppDatabase(restarted) });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.end();
  return restarted;
}

// CPU (ms) of the postmaster's children by pid, and what the postmaster reaped of exited ones (key 0).
function backendCpuMs(postmasterPid: number): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const stat = readStat(Number(entry));
    if (stat?.pid === postmasterPid) cpu.set(0, stat.reapedMs);
    else if (stat?.ppid === postmasterPid) cpu.set(stat.pid, stat.ownMs);
  }
  return cpu;
}

function statementStats(
  query: <T extends pg.QueryResultRow>(sql: string, values?: unknown[]) => Promise<T[]>,
  postmasterPid: number,
): StatementStats {
  let before = new Map<number, number>();
  const stats: StatementStats = {
    async describe(units, unit) {
      return describeStatements(await stats.top(25), await stats.backends(), units, unit);
    },
    async reset() {
      await query('SELECT pg_stat_statements_reset()');
      before = backendCpuMs(postmasterPid);
    },
    async backends() {
      const after = backendCpuMs(postmasterPid);
      const activity = await query<{ pid: number; kind: string; last: string }>(
        `SELECT pid, backend_type || coalesce(' ' || nullif(application_name, ''), '') AS kind,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS last FROM pg_stat_activity`,
      );
      const known = new Map(activity.map((row) => [row.pid, row]));
      // What the postmaster reaped over the window includes the lives of the backends that ended in it: their
      // CPU before the window is not the window's.
      let beforeOfEnded = 0;
      for (const [pid, cpuMs] of before) if (pid !== 0 && !after.has(pid)) beforeOfEnded += cpuMs;
      return [...after]
        .map(([pid, cpuMs]) => ({
          pid,
          cpuMs: cpuMs - (before.get(pid) ?? 0) - (pid === 0 ? beforeOfEnded : 0),
          kind: pid === 0 ? 'exited' : (known.get(pid)?.kind ?? 'unknown'),
          lastQuery: known.get(pid)?.last ?? '',
        }))
        .filter((backend) => backend.cpuMs > 0)
        .sort((a, b) => b.cpuMs - a.cpuMs);
    },
    async top(limit) {
      const rows = await query<{
        database: string;
        query: string;
        calls: string;
        total: number;
        mean: number;
        plan: number;
        rows: string;
        wal: string;
        hit: string;
        read: string;
        dirtied: string;
        written: string;
      }>(
        `SELECT d.datname AS database, s.query, s.calls, s.total_exec_time AS total, s.mean_exec_time AS mean,
                s.total_plan_time AS plan, s.rows, s.wal_bytes AS wal,
                s.shared_blks_hit AS hit, s.shared_blks_read AS read, s.shared_blks_dirtied AS dirtied,
                s.shared_blks_written AS written
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({
        database: row.database,
        query: row.query,
        calls: Number(row.calls),
        totalMs: row.total,
        meanMs: row.mean,
        planMs: row.plan,
        rows: Number(row.rows),
        walBytes: Number(row.wal),
        blocks: {
          hit: Number(row.hit),
          read: Number(row.read),
          dirtied: Number(row.dirtied),
          written: Number(row.written),
        },
      }));
    },
  };
  return stats;
}

// Where PostgreSQL's time went over a phase, per unit of work (a request, an event).
function describeStatements(
  statements: StatementStat[],
  backends: BackendCpu[],
  units: number,
  unit: string,
): string {
  const per = (value: number) => (units > 0 ? value / units : 0);
  const processes = backends
    .slice(0, 15)
    .map(
      (backend) =>
        `  ${per(backend.cpuMs).toFixed(3)} ms/${unit} CPU, pid ${backend.pid} ${backend.kind}: ${backend.lastQuery}`,
    );
  const lines = statements.map(
    (statement) =>
      `  ${per(statement.totalMs).toFixed(3)} ms/${unit} exec + ${per(statement.planMs).toFixed(3)} plan, ` +
      `${per(statement.calls).toFixed(2)} calls/${unit}, ${per(statement.walBytes).toFixed(0)} B WAL/${unit}, ` +
      `mean ${statement.meanMs.toFixed(3)} ms, blocks hit ${statement.blocks.hit} dirtied ${statement.blocks.dirtied} ` +
      `[${statement.database}] ${statement.query.replace(/\s+/g, ' ').slice(0, 300)}`,
  );
  return `PostgreSQL processes over ${units} ${unit}, by CPU:\n${processes.join('\n')}\npg_stat_statements, by total time:\n${lines.join('\n')}`;
}
