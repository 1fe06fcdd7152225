// `npm run db:migration -- <name>`: writes the next migration from the change in schema.prisma.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded';
import { findFreePort } from '../testing/free-port';
import { defaultMigrationsDir, readMigrations } from './migrate';
import { diffSchemas } from './schema-diff';

const schemaPath = path.resolve(defaultMigrationsDir, '..', 'schema.prisma');

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  if (!/^[a-z][a-z0-9_]{0,60}$/.test(name)) {
    console.error(
      'usage: npm run db:migration -- <name>   (lower-case letters, digits and _, e.g. add_versions)',
    );
    process.exit(1);
  }
  const migrations = await readMigrations();
  const last = migrations.at(-1);
  const previous = last
    ? await readFile(path.join(defaultMigrationsDir, last.name, 'schema.prisma'), 'utf8')
    : null;
  const current = await readFile(schemaPath, 'utf8');
  const sql = await withScratchDatabase((url) => diffSchemas(url, previous, current));
  if (!sql) {
    console.log('schema.prisma has no changes that need a migration.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(defaultMigrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  // The schema each migration leads to is kept beside it: the next diff starts from it.
  await copyFile(schemaPath, path.join(folder, 'schema.prisma'));
  await writeFile(path.join(defaultMigrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`created ${path.relative(process.cwd(), folder)}`);
}

async function withScratchDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return run(process.env.DATABASE_URL);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-migration-'));
  const database = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
  try {
    return await run(database.url);
  } finally {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
