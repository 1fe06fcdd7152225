// Vitest global setup: one real PostgreSQL for the whole run with a migrated template database;
// every test file clones its own database from it (see database.ts), so files stay isolated and fast.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../embedded';
import { migrate } from '../migrations/migrate';
import { findFreePort } from './free-port';

export const templateDatabase = 'erp_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // TEST_DATABASE_URL points at an existing server (e.g. the system PostgreSQL); otherwise an embedded one.
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-test-pg-'));
    const database = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
    serverUrl = database.adminUrl;
    stop = async () => {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await migrate(withDatabase(serverUrl, templateDatabase));
  project.provide('pgServerUrl', serverUrl);
  return stop;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
