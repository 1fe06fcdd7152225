import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createEmptyDatabase, createTestDatabase } from '../testing';
import { withDatabase } from '../testing/global-setup';
import { defaultMigrationsDir, migrate, readMigrations } from './migrate';
import { diffSchemas } from './schema-diff';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('applies every migration once, recorded as Prisma records them, and is idempotent', async () => {
    const url = await createEmptyDatabase();
    const migrations = await readMigrations();
    expect((await migrate(url)).applied).toEqual(migrations.map((migration) => migration.name));
    expect((await migrate(url)).applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    expect(rows.map((row) => row.migration_name).sort()).toEqual(
      migrations.map((migration) => migration.name),
    );
    expect(rows.every((row) => row.applied_steps_count === 1)).toBe(true);
    expect(rows.find((row) => row.migration_name === migrations[0]?.name)?.checksum).toBe(
      migrations[0]?.checksum,
    );
  });

  it('runs safely from two processes at once', async () => {
    const url = await createEmptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results.flatMap((result) => result.applied)).toHaveLength((await readMigrations()).length);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const url = await createTestDatabase();
    await query(url, "UPDATE _prisma_migrations SET checksum = 'edited'");
    await expect(migrate(url)).rejects.toThrow(/was changed after it was applied/);
  });

  it('has a migration for every change in schema.prisma', async () => {
    const migrations = await readMigrations();
    const last = migrations.at(-1);
    if (!last) throw new Error('no migrations');
    const saved = await readFile(path.join(defaultMigrationsDir, last.name, 'schema.prisma'), 'utf8');
    const current = await readFile(path.join(defaultMigrationsDir, '..', 'schema.prisma'), 'utf8');
    const missing = await diffSchemas(await createTestDatabase(), saved, current);
    expect(missing, 'schema.prisma changed without a migration: run `npm run db:migration -- <name>`').toBe(
      '',
    );
  });

  it('detects a schema change that no migration covers', async () => {
    const current = await readFile(path.join(defaultMigrationsDir, '..', 'schema.prisma'), 'utf8');
    const changed = current.replace(
      '  name         String\n',
      '  name         String\n  nickname     String?\n',
    );
    expect(changed).not.toBe(current);
    expect(await diffSchemas(await createTestDatabase(), current, changed)).toMatch(
      /ADD COLUMN\s+"nickname"/,
    );
  });
});

// The system PostgreSQL 15 of development and CI machines: migrations must not need features newer than it.
const systemServer = process.env.SYSTEM_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const isSystemServerUp = await (async () => {
  const client = new pg.Client({ connectionString: systemServer, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!isSystemServerUp)(`migrations on the system PostgreSQL (${systemServer})`, () => {
  it('apply on PostgreSQL 15 too', async () => {
    const name = `erp_compat_${Date.now()}`;
    const admin = new pg.Client({ connectionString: systemServer });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ server_version_num: string }>('SHOW server_version_num');
      expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      await admin.query(`CREATE DATABASE ${name}`);
      const { applied } = await migrate(withDatabase(systemServer, name));
      expect(applied).toEqual((await readMigrations()).map((migration) => migration.name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
if (!isSystemServerUp) console.warn(`skipped: no PostgreSQL at ${systemServer} for the compatibility check`);
