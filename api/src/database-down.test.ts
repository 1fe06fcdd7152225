import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, createSession, migrate, startEmbeddedPostgres } from '@erp/prisma';
import { findFreePort } from '@erp/prisma/testing';
import pg from 'pg';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { loadApiConfig } from './config';
import { hashPassword } from './modules/auth/passwords';
import { bearer, testAuditKey } from './testing/test-app';

// A database of its own that the test stops and starts again under the running app.
describe('when the database goes away', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('sessions, sign-ins, lists and health answer 503 in the error shape, and the app recovers without a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-db-down-'));
    folders.push(dataDir);
    const port = await findFreePort();
    let database = await startEmbeddedPostgres({ dataDir, port });
    await migrate(database.url);
    const pool = new pg.Pool({ connectionString: database.url, max: 4, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => {});
    const prisma = createPrismaClient(pool);
    const config = loadApiConfig({ DATABASE_URL: database.url, AUDIT_KEY: testAuditKey });
    const http = supertest(createApp({ prisma, pool, config, logger: pino({ level: 'silent' }) }));
    const password = 'a password that works';
    const user = await prisma.user.create({
      data: {
        email: 'down@example.com',
        name: 'Down',
        passwordHash: await hashPassword(password),
        roles: ['admin'],
      },
    });
    const { token } = await createSession(prisma, user.id, { idleMs: 3_600_000, maxMs: 7_200_000 });
    const requests = {
      me: () => http.get('/api/auth/me').set(bearer(token)),
      users: () => http.get('/api/users').set(bearer(token)),
      login: () => http.post('/api/auth/login').send({ email: 'down@example.com', password }),
      health: () => http.get('/api/health'),
    };
    for (const request of Object.values(requests)) expect((await request()).status).toBeLessThan(300);

    await database.stop();
    for (const [name, request] of Object.entries(requests)) {
      const response = await request();
      expect(response.status, name).toBe(503);
      expect(response.body.error.code, name).toBe('unavailable');
    }

    database = await startEmbeddedPostgres({ dataDir, port });
    try {
      for (const [name, request] of Object.entries(requests)) {
        await expect.poll(async () => (await request()).status, { timeout: 20_000 }).toBeLessThan(300);
        expect((await request()).status, name).toBeLessThan(300);
      }
    } finally {
      await prisma.$disconnect();
      await pool.end();
      await database.stop();
    }
  }, 90_000);
});
