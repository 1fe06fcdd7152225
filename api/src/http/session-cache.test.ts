import {
  announceUserChanged,
  createPrismaClient,
  hashSessionToken,
  type PrismaClient,
  revokeSession,
} from '@erp/prisma';
import { createFactories, createTestDatabase, type Factories } from '@erp/prisma/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../testing/test-app';
import { createSessionCache, type SessionCache } from './session-cache';

// The session cache against a real database: what it keeps answers without a statement, and every way a session
// or its user can change (here, elsewhere, while deaf) reaches it.

const hour = 3_600_000;
const policy = { idleMs: 2 * hour, maxMs: 10 * hour };
const pollOptions = { timeout: 20_000, interval: 25 };

describe('session cache', () => {
  let pool: pg.Pool;
  let prisma: PrismaClient;
  let make: Factories;
  let other: pg.Pool;
  let cache: SessionCache;
  let statements = 0;
  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // Every statement of Prisma's checks a connection out of the pool: zero checkouts, zero statements.
    pool.on('acquire', () => {
      statements += 1;
    });
    prisma = createPrismaClient(pool);
    make = createFactories(prisma);
    // Another process's connection: its changes reach the cache only through their notifications.
    other = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    cache = createSessionCache({
      prisma,
      connectionString: databaseUrl,
      logger: pino({ level: 'silent' }),
      policy,
    });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await pool.end();
    await other.end();
  });

  const statementsOf = async (token: string) => {
    const before = statements;
    const session = await cache.validate(token);
    return { session, statements: statements - before };
  };
  // Once the cache listens, the second validation of a live session is answered from memory.
  const kept = async (token: string) => {
    await expect
      .poll(async () => (await cache.validate(token)) && (await statementsOf(token)).statements, pollOptions)
      .toBe(0);
  };
  const account = async () => {
    const { user, token } = await make.user(['developer']);
    await prisma.session.update({
      where: { id: hashSessionToken(token) },
      data: {
        expiresAt: new Date(Date.now() + policy.idleMs),
        absoluteExpiresAt: new Date(Date.now() + policy.maxMs),
      },
    });
    return { user, token, sessionId: hashSessionToken(token) };
  };

  it('answers a live session from memory, as the database would', async () => {
    const { user, token } = await account();
    await kept(token);
    const { session } = await statementsOf(token);
    expect(session?.user).toMatchObject({ id: user.id, email: user.email, roles: ['developer'] });
    expect((await statementsOf('not-a-token-at-all')).session).toBeNull();
  });

  it('forgets a session deleted by another process once its notification arrives', async () => {
    const { token, sessionId } = await account();
    await kept(token);
    await other.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
    await expect.poll(() => cache.validate(token), pollOptions).toBeNull();
  });

  it("follows another process's change of the user: roles, name, disabled", async () => {
    const { user, token } = await account();
    await kept(token);
    await other.query(`UPDATE users SET roles = '{employee}', name = 'Renamed' WHERE id = $1`, [user.id]);
    await expect
      .poll(async () => (await cache.validate(token))?.user, pollOptions)
      .toMatchObject({ roles: ['employee'], name: 'Renamed' });
    await kept(token);
    await other.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    await expect.poll(() => cache.validate(token), pollOptions).toBeNull();
  });

  it("applies this process's revocations and user changes at once, without waiting for a notification", async () => {
    const revoked = await account();
    await kept(revoked.token);
    await revokeSession(prisma, revoked.sessionId);
    expect(await cache.validate(revoked.token)).toBeNull();

    const changed = await account();
    await kept(changed.token);
    await prisma.user.update({ where: { id: changed.user.id }, data: { roles: ['reviewer'] } });
    announceUserChanged(changed.user.id);
    expect((await cache.validate(changed.token))?.user.roles).toEqual(['reviewer']);
  });

  it('keeps nothing while it cannot hear changes, and listens again', async () => {
    const { token } = await account();
    await kept(token);
    await other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    // The connection's end is heard: from then on every validation asks the database, until it listens again.
    await expect.poll(async () => (await statementsOf(token)).statements, pollOptions).toBeGreaterThan(0);
    await kept(token);
  });
});

describe('session cache in the API', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin']);
  });

  it('a changed role or a disabled account applies to the very next request', async () => {
    const colleague = await t.createUser(['admin']);
    // Kept by the cache: the route answers many times over before the change.
    for (let n = 0; n < 20; n++) await t.http().get('/api/users').set(bearer(colleague.token)).expect(200);
    await t
      .http()
      .patch(`/api/users/${colleague.user.id}`)
      .set(bearer(admin.token))
      .send({ roles: ['employee'] })
      .expect(200);
    await t.http().get('/api/users').set(bearer(colleague.token)).expect(403);
    await t
      .http()
      .patch(`/api/users/${colleague.user.id}`)
      .set(bearer(admin.token))
      .send({ disabled: true })
      .expect(200);
    await t.http().get('/api/auth/me').set(bearer(colleague.token)).expect(401);
  });

  it('a signed-out token is refused on the very next request', async () => {
    const person = await t.createUser(['employee']);
    for (let n = 0; n < 20; n++) await t.http().get('/api/auth/me').set(bearer(person.token)).expect(200);
    await t.http().post('/api/auth/logout').set(bearer(person.token)).expect(204);
    await t.http().get('/api/auth/me').set(bearer(person.token)).expect(401);
  });
});
