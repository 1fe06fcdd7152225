import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '@erp/prisma/testing';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` as a user runs it (minus the client build, done once before the tests): one process, one port.
describe('the one-process start', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  async function start(dataDir: string, port: number, postgresPort: number) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(postgresPort),
      },
      stdio: 'ignore',
    });
    const base = `http://localhost:${port}`;
    await expect
      .poll(
        () =>
          fetch(`${base}/api/health`).then(
            (response) => response.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);
    return { child, base };
  }

  const exitCode = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const postgresProcesses = (dataDir: string) => {
    const listing = execFileSync('ps', ['-eo', 'command'], { encoding: 'utf8' });
    return listing.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir));
  };

  it('serves the SPA and the API on one port, stops cleanly on SIGTERM, and keeps its data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-start-'));
    folders.push(dataDir);
    const [port, postgresPort] = [await findFreePort(), await findFreePort()];

    const first = await start(dataDir, port, postgresPort);
    const page = await fetch(`${first.base}/console/flows`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    // Assets go out precompressed (the build writes .br and .gz beside them), with their own content type.
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    const asset = await fetch(`${first.base}${script}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    const setup = await fetch(`${first.base}/api/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.com', name: 'First', password: 'long enough secret' }),
    });
    expect(setup.status).toBe(201);
    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);
    expect(postgresProcesses(dataDir)).toEqual([]);

    const second = await start(dataDir, port, postgresPort);
    expect(await (await fetch(`${second.base}/api/auth/setup`)).json()).toMatchObject({ needsSetup: false });
    second.child.kill('SIGINT');
    expect(await exitCode(second.child)).toBe(0);
    expect(postgresProcesses(dataDir)).toEqual([]);
  });
});
