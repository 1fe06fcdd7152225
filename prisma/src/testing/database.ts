import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { templateDatabase, withDatabase } from './global-setup';

/**
 * A fresh, migrated database for the calling test file, cloned from the template (dropped after the file).
 * Returns its connection string.
 */
export function createTestDatabase(): Promise<string> {
  return createDatabase('erp_test', `TEMPLATE ${templateDatabase}`);
}

/** An empty database (no migrations), for tests of the migration runner itself. */
export function createEmptyDatabase(): Promise<string> {
  return createDatabase('erp_empty', '');
}

async function createDatabase(prefix: string, options: string): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runAdmin(serverUrl, `CREATE DATABASE ${name} ${options}`);
  afterAll(() => runAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return withDatabase(serverUrl, name);
}

async function runAdmin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
