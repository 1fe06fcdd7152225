import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// A fresh installation per run, started exactly as the README tells users to (`npm start`).
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'erp-e2e-'));
const port = Number(process.env.E2E_PORT ?? 3310);
// The fakes of Google's and Microsoft's OAuth servers and APIs (test-support/), and their control port (+1).
const fakesPort = Number(process.env.E2E_FAKES_PORT ?? port + 50);
const fakes = `http://127.0.0.1:${fakesPort}`;
process.env.E2E_FAKES_CONTROL_URL = `http://127.0.0.1:${fakesPort + 1}`;

export default defineConfig({
  testDir: 'client/e2e',
  timeout: 60_000,
  // CI runs the suite on two cores beside the server, PostgreSQL and two browsers (load 13-15 measured): what
  // takes a second on an idle machine can take several there. A hang still fails, 15 s later.
  expect: { timeout: 15_000 },
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
  webServer: [
    {
      command: 'npm start --workspace @erp/test-support',
      url: `${process.env.E2E_FAKES_CONTROL_URL}/state`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { FAKE_PROVIDERS_PORT: String(fakesPort) },
    },
    {
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
        // Connections go to the fakes (npm start's defaults stay the real providers); the engine may call them.
        GOOGLE_OAUTH_BASE_URL: fakes,
        GOOGLE_API_BASE_URL: fakes,
        MICROSOFT_LOGIN_BASE_URL: fakes,
        MICROSOFT_GRAPH_BASE_URL: fakes,
        GOOGLE_CLIENT_ID: 'erp-builder-test',
        GOOGLE_CLIENT_SECRET: 'fake-client-secret',
        MICROSOFT_CLIENT_ID: 'erp-builder-test',
        MICROSOFT_CLIENT_SECRET: 'fake-client-secret',
        OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      },
    },
  ],
});
