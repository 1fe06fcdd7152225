import { hashSessionToken } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from './engine';

// pg-boss starts its schema and workers per test: slow on a busy machine, so a generous bound.
describe('engine', { timeout: 60_000 }, () => {
  let engine: Engine | undefined;
  afterAll(() => engine?.stop());

  it('purges expired sessions through the sessions.purge job and keeps live ones', async () => {
    const { prisma, databaseUrl: url, make } = await createTestPrisma({ max: 2 });
    const { user, token } = await make.user(['employee']);
    const live = hashSessionToken(token);
    const expired = hashSessionToken(await make.session(user.id));
    await prisma.session.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });

    engine = await startEngine({ connectionString: url, prisma, logger: pino({ level: 'silent' }) });
    const jobId = await engine.boss.send('sessions.purge', {});
    if (!jobId) throw new Error('job not queued');
    await expect
      .poll(async () => (await engine?.boss.getJobById('sessions.purge', jobId))?.state, { timeout: 15_000 })
      .toBe('completed');
    expect((await prisma.session.findMany()).map((session) => session.id)).toEqual([live]);
  });

  it('logs a lost database connection as a warning (pg-boss reconnects), not as an error', async () => {
    const { prisma, databaseUrl } = await createTestPrisma({ max: 2 });
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const other = await startEngine({ connectionString: databaseUrl, prisma, logger });
    try {
      // What a database stopping under the app does (Ctrl-C reaches the embedded PostgreSQL too): 57P01 on
      // pg-boss's connections (those whose last query was one of pg-boss's).
      const database = new URL(databaseUrl).pathname.slice(1);
      await expect
        .poll(
          async () => {
            await prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = ${database} AND pid <> pg_backend_pid() AND query LIKE '%pgboss.%'`;
            return lines.length;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBeGreaterThan(0);
      expect(lines.map((line) => line.msg)).toContain('pg-boss lost its database connection');
      expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
