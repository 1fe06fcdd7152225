import { createPrismaClient, createSession, hashSessionToken, type PrismaClient } from '@erp/prisma';
import { createTestDatabase } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from './engine';

describe('engine', () => {
  let engine: Engine | undefined;
  let prisma: PrismaClient | undefined;
  afterAll(async () => {
    await engine?.stop();
    await prisma?.$disconnect();
  });

  it('purges expired sessions through the sessions.purge job and keeps live ones', async () => {
    const url = await createTestDatabase();
    prisma = createPrismaClient(url, { max: 2 });
    const user = await prisma.user.create({
      data: { email: 'e@example.com', name: 'E', passwordHash: 'x', roles: ['employee'] },
    });
    const policy = { idleMs: 60_000, maxMs: 120_000 };
    const live = hashSessionToken((await createSession(prisma, user.id, policy)).token);
    const expired = hashSessionToken((await createSession(prisma, user.id, policy)).token);
    await prisma.session.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });

    engine = await startEngine({ connectionString: url, prisma, logger: pino({ level: 'silent' }) });
    const jobId = await engine.boss.send('sessions.purge', {});
    if (!jobId) throw new Error('job not queued');
    await expect
      .poll(async () => (await engine?.boss.getJobById('sessions.purge', jobId))?.state, { timeout: 15_000 })
      .toBe('completed');
    expect((await prisma.session.findMany()).map((session) => session.id)).toEqual([live]);
  });
});
