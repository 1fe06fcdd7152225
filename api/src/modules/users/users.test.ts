import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../../testing/test-app';

describe('users (admin)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin'], { name: 'Root Admin' });
  });

  const asAdmin = () => ({ ...bearer(admin.token) });
  const auditActions = async (targetId: string) =>
    (await t.prisma.auditEntry.findMany({ where: { targetId }, orderBy: { id: 'asc' } })).map(
      (entry) => entry.action,
    );

  it('creates an account that can sign in, and refuses a taken email whatever its case', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(asAdmin())
      .send({ email: 'Grace@Example.com', name: 'Grace', password: 'grace password', roles: ['developer'] })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'grace@example.com', roles: ['developer'], disabled: false });
    expect(created.body.passwordHash).toBeUndefined();
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'grace@example.com', password: 'grace password' })
      .expect(200);
    const duplicate = await t
      .http()
      .post('/api/users')
      .set(asAdmin())
      .send({ email: 'GRACE@example.com', name: 'Other', password: 'other password', roles: ['employee'] })
      .expect(409);
    expect(duplicate.body.error.message).toMatch(/grace@example.com already exists/);
    expect(await t.prisma.user.count({ where: { email: 'grace@example.com' } })).toBe(1);
    expect(await auditActions(created.body.id)).toEqual(['user.created', 'auth.login']);
  });

  it('pages through everyone by name without repeats, and searches and filters', async () => {
    for (const name of ['Zoe Pager', 'Yann Pager', 'Xia Pager', 'Wim Pager', 'Vera Pager']) {
      await t.createUser([name === 'Xia Pager' ? 'reviewer' : 'employee'], { name });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/users')
        .query({ q: 'pager', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(asAdmin())
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((user: { name: string }) => user.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Vera Pager', 'Wim Pager', 'Xia Pager', 'Yann Pager', 'Zoe Pager']);
    const reviewers = await t
      .http()
      .get('/api/users')
      .query({ role: 'reviewer', q: 'PAGER' })
      .set(asAdmin())
      .expect(200);
    expect(reviewers.body.items.map((user: { name: string }) => user.name)).toEqual(['Xia Pager']);
  });

  it('searches literally: % and _ match only themselves', async () => {
    await t.createUser(['employee'], { name: 'Percent 100% Sure' });
    const percent = await t.http().get('/api/users').query({ q: '%' }).set(asAdmin()).expect(200);
    expect(percent.body.items.map((user: { name: string }) => user.name)).toEqual(['Percent 100% Sure']);
    const underscore = await t.http().get('/api/users').query({ q: '_' }).set(asAdmin()).expect(200);
    expect(underscore.body.items).toEqual([]);
  });

  it('refuses a forged cursor and answers 404 for an unknown id', async () => {
    await t.http().get('/api/users').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(asAdmin()).expect(400);
    const missing = await t
      .http()
      .get('/api/users/7f1c1d5e-8d41-4d5c-9a35-4f6c1f0e2a11')
      .set(asAdmin())
      .expect(404);
    expect(missing.body.error.code).toBe('not_found');
    await t.http().get('/api/users/not-a-uuid').set(asAdmin()).expect(400);
    await t
      .http()
      .patch('/api/users/7f1c1d5e-8d41-4d5c-9a35-4f6c1f0e2a11')
      .set(asAdmin())
      .send({ name: 'Ghost' })
      .expect(404);
  });

  it('rejects fields it does not accept instead of ignoring them', async () => {
    const user = await t.createUser(['employee']);
    for (const body of [
      { email: 'new@example.com' },
      { name: 'Ok', passwordHash: 'x' },
      { roles: ['root'] },
    ]) {
      const refused = await t
        .http()
        .patch(`/api/users/${user.user.id}`)
        .set(asAdmin())
        .send(body)
        .expect(400);
      expect(refused.body.error.code).toBe('invalid_input');
    }
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.user.id } });
    expect({ email: row.email, name: row.name, roles: row.roles }).toEqual({
      email: user.user.email,
      name: user.user.name,
      roles: ['employee'],
    });
  });

  it('renames and changes roles, recording what changed', async () => {
    const user = await t.createUser(['employee'], { name: 'Before' });
    const changed = await t
      .http()
      .patch(`/api/users/${user.user.id}`)
      .set(asAdmin())
      .send({ name: 'After', roles: ['employee', 'reviewer'] })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'After', roles: ['employee', 'reviewer'] });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({
      where: { targetId: user.user.id, action: 'user.updated' },
    });
    expect(entry.actorId).toBe(admin.user.id);
    expect(entry.details).toEqual({
      changes: {
        name: { from: 'Before', to: 'After' },
        roles: { from: ['employee'], to: ['employee', 'reviewer'] },
      },
      passwordReset: false,
    });
  });

  it('disabling ends every session and blocks sign-in; re-enabling lets the user back in', async () => {
    const user = await t.createUser(['employee']);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(200);
    await t.http().patch(`/api/users/${user.user.id}`).set(asAdmin()).send({ disabled: true }).expect(200);
    expect(await t.prisma.session.count({ where: { userId: user.user.id } })).toBe(0);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(401);
    const login = { email: user.user.email, password: user.password };
    await t.http().post('/api/auth/login').send(login).expect(401);
    const enabled = await t
      .http()
      .patch(`/api/users/${user.user.id}`)
      .set(asAdmin())
      .send({ disabled: false })
      .expect(200);
    expect(enabled.body.disabled).toBe(false);
    await t.http().post('/api/auth/login').send(login).expect(200);
  });

  it('a password reset ends every session and the new password works', async () => {
    const user = await t.createUser(['employee']);
    await t
      .http()
      .patch(`/api/users/${user.user.id}`)
      .set(asAdmin())
      .send({ password: 'a brand new password' })
      .expect(200);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password })
      .expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: 'a brand new password' })
      .expect(200);
    const entry = await t.prisma.auditEntry.findFirstOrThrow({
      where: { targetId: user.user.id, action: 'user.updated' },
    });
    expect(JSON.stringify(entry.details)).not.toContain('a brand new password');
    expect(entry.details).toMatchObject({ passwordReset: true });
  });

  it('keeps at least one enabled admin, and an admin cannot disable themselves', async () => {
    const isolated = await createTestApp();
    const only = await isolated.createUser(['admin', 'developer']);
    const self = `/api/users/${only.user.id}`;
    const demote = await isolated
      .http()
      .patch(self)
      .set(bearer(only.token))
      .send({ roles: ['developer'] })
      .expect(409);
    expect(demote.body.error.message).toMatch(/last enabled administrator/);
    const disable = await isolated
      .http()
      .patch(self)
      .set(bearer(only.token))
      .send({ disabled: true })
      .expect(409);
    expect(disable.body.error.message).toMatch(/cannot disable your own account/);
    expect(await isolated.prisma.auditEntry.count()).toBe(0);

    // A disabled admin does not count: demoting yourself still leaves no one.
    const dormant = await isolated.createUser(['admin']);
    await isolated.prisma.user.update({ where: { id: dormant.user.id }, data: { disabledAt: new Date() } });
    await isolated
      .http()
      .patch(self)
      .set(bearer(only.token))
      .send({ roles: ['developer'] })
      .expect(409);

    // With a second enabled admin, two admins demoting themselves at once: exactly one of them succeeds.
    const second = await isolated.createUser(['admin']);
    const results = await Promise.all(
      [only, second].map((caller) =>
        isolated
          .http()
          .patch(`/api/users/${caller.user.id}`)
          .set(bearer(caller.token))
          .send({ roles: ['employee'] }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect(await isolated.prisma.user.count({ where: { disabledAt: null, roles: { has: 'admin' } } })).toBe(
      1,
    );
  });

  it('answers 403 to everyone but admins', async () => {
    for (const role of ['employee', 'reviewer', 'developer'] as const) {
      const caller = await t.createUser([role]);
      await t.http().get('/api/users').set(bearer(caller.token)).expect(403);
      await t.http().get(`/api/users/${caller.user.id}`).set(bearer(caller.token)).expect(403);
      await t
        .http()
        .patch(`/api/users/${caller.user.id}`)
        .set(bearer(caller.token))
        .send({ roles: ['admin'] })
        .expect(403);
      await t
        .http()
        .post('/api/users')
        .set(bearer(caller.token))
        .send({
          email: `sneaky-${role}@example.com`,
          name: 'Sneaky',
          password: 'sneaky password',
          roles: ['admin'],
        })
        .expect(403);
    }
    expect(await t.prisma.user.count({ where: { email: { startsWith: 'sneaky-' } } })).toBe(0);
  });

  it('shows any signed-in user a directory of enabled colleagues, without roles', async () => {
    const employee = await t.createUser(['employee'], { name: 'Directory Reader' });
    const gone = await t.createUser(['employee'], { name: 'Directory Gone' });
    await t.prisma.user.update({ where: { id: gone.user.id }, data: { disabledAt: new Date() } });
    const directory = await t
      .http()
      .get('/api/users/directory')
      .query({ q: 'directory' })
      .set(bearer(employee.token))
      .expect(200);
    expect(directory.body).toEqual({
      items: [{ id: employee.user.id, name: 'Directory Reader', email: employee.user.email }],
      nextCursor: null,
    });
    // By ids: the enabled ones of them (the disabled one is not named), and only well-formed ids are asked.
    const named = await t
      .http()
      .get('/api/users/directory')
      .query({ ids: `${gone.user.id},${employee.user.id}` })
      .set(bearer(employee.token))
      .expect(200);
    expect(named.body.items.map((person: { id: string }) => person.id)).toEqual([employee.user.id]);
    for (const ids of ['', 'not-an-id', `${employee.user.id},' OR 1=1 --`]) {
      const refused = await t
        .http()
        .get('/api/users/directory')
        .query({ ids })
        .set(bearer(employee.token))
        .expect(400);
      expect(refused.body.error.code).toBe('invalid_input');
    }
    await t.http().get('/api/users/directory').expect(401);
  });
});
