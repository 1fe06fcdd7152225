import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { templateDatabase, withDatabase } from './global-setup';

/**
 * A fresh, migrated database for the calling test file, cloned from the template (dropped after the file).
 * Returns its connection string.
 */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `erp_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`);
  afterAll(() => runAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return withDatabase(serverUrl, name);
}

/** An empty database (no migrations), for tests of the migration runner itself. */
export async function createEmptyDatabase(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `erp_empty_${randomBytes(6).toString('hex')}`;
  await runAdmin(serverUrl, `CREATE DATABASE ${name}`);
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
