import { hashSessionToken } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from './engine';

describe('engine', () => {
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
});
