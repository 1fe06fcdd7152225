import { sessionCookieName } from '@erp/prisma';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';

const admin = { email: 'Ada@Example.com', name: 'Ada Admin', password: 'correct horse battery staple' };

describe('first account and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('offers setup on a new installation, once', async () => {
    expect((await t.http().get('/api/auth/setup')).body).toEqual({ needsSetup: true, needsSetupCode: false });
    const created = await t.http().post('/api/auth/setup').send(admin).expect(201);
    expect(created.body.user).toMatchObject({
      email: 'ada@example.com',
      roles: ['admin', 'developer'],
      disabled: false,
    });
    expect(created.body.token).toMatch(/^[a-z2-7]{50,}$/);
    expect(created.body.user.passwordHash).toBeUndefined();
    expect(String(created.headers['set-cookie'])).toMatch(
      new RegExp(`${sessionCookieName}=.*HttpOnly.*SameSite=Lax`),
    );
    expect((await t.http().get('/api/auth/setup')).body).toEqual({
      needsSetup: false,
      needsSetupCode: false,
    });
    const again = await t
      .http()
      .post('/api/auth/setup')
      .send({ ...admin, email: 'eve@example.com' })
      .expect(409);
    expect(again.body.error.code).toBe('conflict');
    expect(await t.prisma.user.count()).toBe(1);
  });

  it('logs in with the cookie or the bearer token, and logout kills the token', async () => {
    const agent = t.http();
    const login = await agent
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const { token } = login.body;
    expect((await agent.get('/api/auth/me').expect(200)).body.user.email).toBe('ada@example.com');
    expect((await t.http().get('/api/auth/me').set(bearer(token)).expect(200)).body.user.name).toBe(
      'Ada Admin',
    );
    expect(await t.prisma.session.findUnique({ where: { id: token } })).toBeNull();
    await agent.post('/api/auth/logout').expect(204);
    expect((await t.http().get('/api/auth/me').set(bearer(token)).expect(401)).body.error.code).toBe(
      'unauthenticated',
    );
    await agent.get('/api/auth/me').expect(401);
  });

  it('rotates the session at login', async () => {
    const first = await t
      .http()
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const second = await t
      .http()
      .post('/api/auth/login')
      .set('Cookie', `${sessionCookieName}=${first.body.token}`)
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    expect(second.body.token).not.toBe(first.body.token);
    await t.http().get('/api/auth/me').set(bearer(first.body.token)).expect(401);
    await t.http().get('/api/auth/me').set(bearer(second.body.token)).expect(200);
  });

  it('refuses a wrong password with one vague message', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'nope' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'who@example.com', password: 'nope' })
      .expect(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('accepts passwords of any length and characters', async () => {
    const password = `🔑 ${'ü'.repeat(2000)}\u0000\t"'<>`;
    const user = await t.createUser(['employee'], { password });
    await t.http().post('/api/auth/login').send({ email: user.user.email, password }).expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: password.slice(0, -1) })
      .expect(401);
  });

  it('ends all sessions when the password changes', async () => {
    const user = await t.createUser(['employee'], { password: 'old password 1' });
    const other = await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: 'old password 1' });
    const changed = await t
      .http()
      .post('/api/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: 'old password 1', newPassword: 'new password 2' })
      .expect(200);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(401);
    await t.http().get('/api/auth/me').set(bearer(other.body.token)).expect(401);
    await t.http().get('/api/auth/me').set(bearer(changed.body.token)).expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: 'new password 2' })
      .expect(200);
  });

  it('refuses a disabled user with the same answer as a wrong password, and ends their sessions', async () => {
    const user = await t.createUser(['employee']);
    await t.prisma.user.update({ where: { id: user.user.id }, data: { disabledAt: new Date() } });
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(401);
    const right = await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    const wrong = await t.http().post('/api/auth/login').send({ email: user.user.email, password: 'wrong' });
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
  });

  it('throttles repeated failures per account, whatever X-Forwarded-For says', async () => {
    const user = await t.createUser(['employee']);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', `10.0.0.${attempt}`)
        .send({ email: user.user.email, password: 'wrong' })
        .expect(401);
    }
    const blocked = await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles failures per IP across accounts', async () => {
    const isolated = await createTestApp();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await isolated
        .http()
        .post('/api/auth/login')
        .send({ email: `nobody${attempt}@example.com`, password: 'wrong' })
        .expect(401);
    }
    const user = await isolated.createUser(['employee']);
    const blocked = await isolated
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(blocked.status).toBe(429);
  });

  it('takes a point before checking the password: a parallel burst on one account cannot slip through', async () => {
    const user = await t.createUser(['employee']);
    const attempt = (password: string) =>
      t.http().post('/api/auth/login').send({ email: user.user.email, password });
    const burst = await Promise.all(Array.from({ length: 14 }, () => attempt('wrong')));
    const statuses = burst.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Blocked now, the right password included.
    expect((await attempt(user.password)).status).toBe(429);
  });

  it("a success inside a burst does not erase the burst's failures", async () => {
    const user = await t.createUser(['employee']);
    const attempt = (password: string) =>
      t.http().post('/api/auth/login').send({ email: user.user.email, password });
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, index) => attempt(index === 5 ? user.password : `wrong ${index}`)),
    );
    const statuses = burst.map((response) => response.status);
    // At most the account's allowance of passwords was ever checked.
    expect(statuses.filter((status) => status !== 429).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(30);
    expect((await attempt(user.password)).status).toBe(429);
  });

  it('a parallel burst across accounts from one IP is held to the IP allowance', async () => {
    const isolated = await createTestApp();
    const burst = await Promise.all(
      Array.from({ length: 70 }, (_, index) =>
        isolated
          .http()
          .post('/api/auth/login')
          .send({ email: `nobody${index}@example.com`, password: 'wrong' }),
      ),
    );
    const statuses = burst.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(50);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(20);
  });

  it('throttles guesses of the current password on a password change, in parallel too', async () => {
    const user = await t.createUser(['employee']);
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/api/auth/password')
        .set(bearer(user.token))
        .send({ currentPassword, newPassword: 'a brand new password' });
    const burst = await Promise.all(Array.from({ length: 14 }, (_, index) => change(`guess ${index}`)));
    const statuses = burst.map((response) => response.status);
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
    const right = await change(user.password);
    expect(right.status).toBe(429);
    // Nothing rotated: the session still works and the password is unchanged.
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(200);
  });

  it('audits sign-ins, failed sign-ins, lockouts and logouts', async () => {
    // Its own database: the bursts above used up this IP's allowance.
    const isolated = await createTestApp();
    const user = await isolated.createUser(['employee']);
    const login = (password: string) =>
      isolated.http().post('/api/auth/login').send({ email: user.user.email, password });
    const session = await login(user.password).expect(200);
    await isolated.http().post('/api/auth/logout').set(bearer(session.body.token)).expect(204);
    for (let attempt = 0; attempt < 10; attempt += 1) await login('wrong').expect(401);
    const rows = await isolated.prisma.auditEntry.findMany({
      where: { targetId: user.user.id, action: { startsWith: 'auth.' } },
      orderBy: { id: 'asc' },
    });
    const actions = rows.map((row) => row.action);
    expect(actions.slice(0, 3)).toEqual(['auth.login', 'auth.logout', 'auth.login_failed']);
    expect(actions.filter((action) => action === 'auth.login_failed')).toHaveLength(10);
    expect(actions.at(-1)).toBe('auth.lockout');
    expect(rows[0]).toMatchObject({ actorId: user.user.id, details: { ip: expect.any(String) } });
  });

  it('limits WebSockets in the CSP to this site', async () => {
    const response = await t.http().get('/api/health');
    const connectSrc = String(response.headers['content-security-policy'])
      .split(';')
      .find((directive) => directive.trim().startsWith('connect-src'));
    expect(connectSrc?.trim()).toBe("connect-src 'self'");
  });

  it('refuses cross-site mutating requests', async () => {
    const user = await t.createUser(['employee']);
    const cookie = `${sessionCookieName}=${user.token}`;
    const byOrigin = await t
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example');
    expect(byOrigin.status).toBe(403);
    const byFetchSite = await t
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site');
    expect(byFetchSite.status).toBe(403);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(200);
    const sameOrigin = await t
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('Host', 'localhost:3000')
      .set('Origin', 'http://localhost:3000');
    expect(sameOrigin.status).toBe(204);
  });

  it('answers bad input with the one error shape and changes nothing', async () => {
    const before = await t.prisma.user.count();
    const bad = await t
      .http()
      .post('/api/auth/setup')
      .send({ email: 'not-an-email', name: '', password: 'x' })
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.details.issues.map((issue: { path: string[] }) => issue.path[0])).toEqual(
      expect.arrayContaining(['email', 'name', 'password']),
    );
    await t.http().post('/api/auth/login').set('Content-Type', 'text/plain').send('hello').expect(415);
    const empty = await t.http().post('/api/auth/login').expect(400);
    expect(empty.body.error.code).toBe('invalid_input');
    await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(await t.prisma.user.count()).toBe(before);
  });
});
