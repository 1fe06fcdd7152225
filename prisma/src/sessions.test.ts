import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from './index';
import { createSession, hashSessionToken, revokeUserSessions, validateSessionToken } from './sessions';
import { createTestPrisma, type Factories } from './testing';

const hour = 3_600_000;
const policy = { idleMs: 2 * hour, maxMs: 10 * hour };

describe('sessions', () => {
  let prisma: PrismaClient;
  let make: Factories;
  let userId: string;
  beforeAll(async () => {
    ({ prisma, make } = await createTestPrisma({ max: 2 }));
    userId = (await make.user(['developer'])).user.id;
  });

  it('stores only the hash of a 256-bit token', async () => {
    const { token } = await createSession(prisma, userId, policy);
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    expect(await prisma.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: hashSessionToken(token) } })).not.toBeNull();
  });

  it('slides the idle expiry once past its half-life, never beyond the absolute cap', async () => {
    const { token } = await createSession(prisma, userId, policy);
    const id = hashSessionToken(token);
    const fresh = await validateSessionToken(prisma, token, policy);
    expect(fresh?.isRefreshed).toBe(false);

    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 0.5 * hour) } });
    const slid = await validateSessionToken(prisma, token, policy);
    expect(slid?.isRefreshed).toBe(true);
    expect(slid?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 1.9 * hour);

    const cap = new Date(Date.now() + 0.25 * hour);
    await prisma.session.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() + 0.1 * hour), absoluteExpiresAt: cap },
    });
    const capped = await validateSessionToken(prisma, token, policy);
    expect(capped?.isRefreshed).toBe(true);
    expect(capped?.expiresAt.getTime()).toBe(cap.getTime());
    // At the cap there is nowhere to slide: later requests write nothing.
    const stays = await validateSessionToken(prisma, token, policy);
    expect(stays?.isRefreshed).toBe(false);
    expect(stays?.expiresAt.getTime()).toBe(cap.getTime());
  });

  it('ends idle, over-age and disabled users’ sessions, deleting them', async () => {
    const idle = await createSession(prisma, userId, policy);
    await prisma.session.update({
      where: { id: hashSessionToken(idle.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await validateSessionToken(prisma, idle.token, policy)).toBeNull();
    expect(await prisma.session.count({ where: { id: hashSessionToken(idle.token) } })).toBe(0);

    const old = await createSession(prisma, userId, policy);
    await prisma.session.update({
      where: { id: hashSessionToken(old.token) },
      data: { absoluteExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await validateSessionToken(prisma, old.token, policy)).toBeNull();

    const disabled = await make.user(['employee'], { disabled: true });
    expect(await validateSessionToken(prisma, disabled.token, policy)).toBeNull();
  });

  it('refuses malformed tokens without a query, and revokes every session of a user', async () => {
    for (const token of ['', 'short', 'UPPERCASE'.repeat(6), `${'a'.repeat(52)}'; DROP TABLE sessions; --`]) {
      expect(await validateSessionToken(prisma, token, policy)).toBeNull();
    }
    const first = await createSession(prisma, userId, policy);
    const second = await createSession(prisma, userId, policy);
    await revokeUserSessions(prisma, userId);
    expect(await validateSessionToken(prisma, first.token, policy)).toBeNull();
    expect(await validateSessionToken(prisma, second.token, policy)).toBeNull();
  });
});
