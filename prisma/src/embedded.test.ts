import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

  it('recovers its cluster after the process that ran it was killed with SIGKILL, keeping the data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-embedded-'));
    folders.push(dataDir);
    const port = await findFreePort();
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
  });

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
