import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// A fresh installation per run, started exactly as the README tells users to (`npm start`).
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'erp-e2e-'));
const port = Number(process.env.E2E_PORT ?? 3310);

export default defineConfig({
  testDir: 'client/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Specs after the first run share nothing but the installation (each makes its own accounts and documents).
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  reporter: [['list']],
  // One installation for the whole run: the first spec sets it up, the others create their accounts in it.
  projects: [
    { name: 'first-run', testMatch: 'first-run.spec.ts' },
    {
      name: 'console',
      testIgnore: ['first-run.spec.ts', 'publish-review.spec.ts'],
      dependencies: ['first-run'],
    },
    // Switches the installation-wide approval setting, which every other publish depends on: runs last, alone.
    { name: 'approval', testMatch: 'publish-review.spec.ts', dependencies: ['console'] },
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    command: 'npm start',
    url: `http://localhost:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      EMBEDDED_POSTGRES_PORT: process.env.E2E_POSTGRES_PORT ?? '54391',
      LOG_LEVEL: 'warn',
    },
  },
});
