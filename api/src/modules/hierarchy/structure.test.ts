import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../../testing/test-app';

const unknownId = '0b7d2c36-3f0f-4f43-9a57-2b7f7f1e9c11';

describe('company structure (admin)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin']);
  });

  const send = (method: 'post' | 'patch' | 'delete', path: string, body: object = {}) =>
    t.http()[method](path).set(bearer(admin.token)).send(body);
  const get = (path: string) => t.http().get(path).set(bearer(admin.token));

  async function department(name: string, parentId: string | null = null): Promise<string> {
    return (await send('post', '/api/hierarchy/departments', { name, parentId }).expect(201)).body.id;
  }
  async function position(title: string, departmentId: string, parentId: string | null = null) {
    const created = await send('post', '/api/hierarchy/positions', { title, departmentId, parentId }).expect(
      201,
    );
    return created.body.id as string;
  }

  it('shows departments nested, with their positions', async () => {
    const company = await department('Tree Co');
    const finance = await department('Tree Finance', company);
    const ceo = await position('Tree CEO', company);
    const cfo = await position('Tree CFO', finance, ceo);
    const tree = await get('/api/hierarchy/tree').expect(200);
    const root = tree.body.departments.find((node: { id: string }) => node.id === company);
    expect(root).toEqual({
      id: company,
      name: 'Tree Co',
      parentId: null,
      positions: [{ id: ceo, title: 'Tree CEO', departmentId: company, parentId: null, occupants: [] }],
      children: [
        {
          id: finance,
          name: 'Tree Finance',
          parentId: company,
          positions: [{ id: cfo, title: 'Tree CFO', departmentId: finance, parentId: ceo, occupants: [] }],
          children: [],
        },
      ],
    });
    expect(await t.prisma.auditEntry.count({ where: { targetId: cfo, action: 'position.created' } })).toBe(1);
  });

  it('refuses to move a department or position under itself or its descendants', async () => {
    const top = await department('Cycle Top');
    const middle = await department('Cycle Middle', top);
    const bottom = await department('Cycle Bottom', middle);
    for (const parentId of [top, bottom]) {
      const refused = await send('patch', `/api/hierarchy/departments/${top}`, { parentId }).expect(409);
      expect(refused.body.error.message).toMatch(/under itself or one of its own descendants/);
    }
    expect((await t.prisma.department.findUniqueOrThrow({ where: { id: top } })).parentId).toBeNull();
    await send('patch', `/api/hierarchy/departments/${bottom}`, { parentId: top }).expect(200);
    await send('patch', `/api/hierarchy/departments/${middle}`, { parentId: null }).expect(200);

    const boss = await position('Cycle Boss', top);
    const clerk = await position('Cycle Clerk', top, boss);
    await send('patch', `/api/hierarchy/positions/${boss}`, { parentId: clerk }).expect(409);
    await send('patch', `/api/hierarchy/positions/${boss}`, { parentId: boss }).expect(409);
    expect((await t.prisma.position.findUniqueOrThrow({ where: { id: boss } })).parentId).toBeNull();
  });

  it('deletes only empty departments and positions nobody held', async () => {
    const parent = await department('Delete Parent');
    const child = await department('Delete Child', parent);
    const withChild = await send('delete', `/api/hierarchy/departments/${parent}`).expect(409);
    expect(withChild.body.error.message).toMatch(/1 sub-department/);
    const seat = await position('Delete Seat', child);
    await send('delete', `/api/hierarchy/departments/${child}`).expect(409);
    const holder = await t.createUser(['employee']);
    await send('post', '/api/hierarchy/assignments', { userId: holder.user.id, positionId: seat }).expect(
      201,
    );
    const held = await send('delete', `/api/hierarchy/positions/${seat}`).expect(409);
    expect(held.body.error.message).toMatch(/history/);

    const empty = await position('Delete Empty', child);
    await send('delete', `/api/hierarchy/positions/${empty}`).expect(204);
    await send('delete', `/api/hierarchy/positions/${empty}`).expect(404);
    const leaf = await department('Delete Leaf', parent);
    await send('delete', `/api/hierarchy/departments/${leaf}`).expect(204);
    expect(await t.prisma.department.findUnique({ where: { id: leaf } })).toBeNull();
    expect(await t.prisma.auditEntry.count({ where: { targetId: leaf, action: 'department.deleted' } })).toBe(
      1,
    );
  });

  it('closes a position: its holder stops that day, the tree leaves it out from then, the past keeps it', async () => {
    const office = await department('Close Office');
    const lead = await position('Close Lead', office);
    const desk = await position('Close Desk', office, lead);
    const holder = await t.createUser(['employee']);
    await send('post', '/api/hierarchy/assignments', {
      userId: holder.user.id,
      positionId: desk,
      validFrom: '2026-01-01',
    }).expect(201);

    const openBelow = await send('post', `/api/hierarchy/positions/${lead}/close`, {}).expect(409);
    expect(openBelow.body.error.message).toMatch(/1 open position\(s\) below it/);
    const closed = await send('post', `/api/hierarchy/positions/${desk}/close`, {
      validTo: '2026-06-01',
    }).expect(200);
    expect(closed.body.closedAt).toBe('2026-06-01T00:00:00.000Z');
    await send('post', `/api/hierarchy/positions/${desk}/close`, {}).expect(409);

    const titlesAt = async (at: string) => {
      const tree = await get(`/api/hierarchy/tree?at=${at}`).expect(200);
      const node = tree.body.departments.find((item: { id: string }) => item.id === office);
      return node.positions.map((item: { title: string; occupants: { id: string }[] }) => [
        item.title,
        item.occupants.map((occupant) => occupant.id),
      ]);
    };
    expect(await titlesAt('2026-05-31')).toEqual([
      ['Close Desk', [holder.user.id]],
      ['Close Lead', []],
    ]);
    expect(await titlesAt('2026-06-01')).toEqual([['Close Lead', []]]);
    const assignments = await get(`/api/hierarchy/users/${holder.user.id}/assignments`).expect(200);
    expect(assignments.body.positions[0]).toMatchObject({ validTo: '2026-06-01T00:00:00.000Z' });

    const refused = await send('post', '/api/hierarchy/assignments', {
      userId: holder.user.id,
      positionId: desk,
    }).expect(409);
    expect(refused.body.error.message).toMatch(/Close Desk is closed/);
    await send('post', `/api/hierarchy/positions/${lead}/close`, {}).expect(200);
    expect(await t.prisma.auditEntry.count({ where: { targetId: desk, action: 'position.closed' } })).toBe(1);
  });

  it('keeps company role names unique and their history undeletable', async () => {
    const role = await send('post', '/api/hierarchy/org-roles', { name: 'Finance approver' }).expect(201);
    expect(role.body).toMatchObject({ name: 'Finance approver', description: '' });
    await send('post', '/api/hierarchy/org-roles', { name: 'FINANCE APPROVER' }).expect(409);
    const other = await send('post', '/api/hierarchy/org-roles', { name: 'Buyer' }).expect(201);
    await send('patch', `/api/hierarchy/org-roles/${other.body.id}`, { name: 'finance approver' }).expect(
      409,
    );
    await send('patch', `/api/hierarchy/org-roles/${other.body.id}`, { description: 'Buys things' }).expect(
      200,
    );
    const holder = await t.createUser(['employee']);
    await send('post', '/api/hierarchy/org-role-assignments', {
      userId: holder.user.id,
      orgRoleId: role.body.id,
    }).expect(201);
    await send('delete', `/api/hierarchy/org-roles/${role.body.id}`).expect(409);
    await send('delete', `/api/hierarchy/org-roles/${other.body.id}`).expect(204);
    const names = (await get('/api/hierarchy/org-roles').expect(200)).body.items.map(
      (item: { name: string }) => item.name,
    );
    expect(names).toEqual(['Finance approver']);
  });

  it('answers 404 for unknown ids, in the path or the body', async () => {
    const home = await department('Unknown Home');
    await send('patch', `/api/hierarchy/departments/${unknownId}`, { name: 'X' }).expect(404);
    const badParent = await send('post', '/api/hierarchy/departments', { name: 'X', parentId: unknownId });
    expect(badParent.status).toBe(404);
    expect(badParent.body.error.details.issues[0].path).toEqual(['parentId']);
    await send('post', '/api/hierarchy/positions', { title: 'X', departmentId: unknownId }).expect(404);
    await send('post', '/api/hierarchy/positions', {
      title: 'X',
      departmentId: home,
      parentId: unknownId,
    }).expect(404);
    await send('patch', `/api/hierarchy/org-roles/${unknownId}`, { name: 'X' }).expect(404);
    await send('delete', `/api/hierarchy/departments/${unknownId}`).expect(404);
    await get(`/api/hierarchy/positions/${unknownId}/members`).expect(404);
    await get(`/api/hierarchy/org-roles/${unknownId}/members`).expect(404);
    await get(`/api/hierarchy/users/${unknownId}/manager`).expect(404);
    await get(`/api/hierarchy/users/${unknownId}/assignments`).expect(404);
    await send('post', `/api/hierarchy/assignments/${unknownId}/end`).expect(404);
    await send('post', `/api/hierarchy/org-role-assignments/${unknownId}/end`).expect(404);
    expect(await t.prisma.department.count({ where: { name: 'X' } })).toBe(0);
  });

  it('rejects fields it does not know and dates it cannot read', async () => {
    const home = await department('Strict Home');
    await send('patch', `/api/hierarchy/departments/${home}`, { name: 'Renamed', budget: 1 }).expect(400);
    expect((await t.prisma.department.findUniqueOrThrow({ where: { id: home } })).name).toBe('Strict Home');
    await get('/api/hierarchy/tree?at=yesterday').expect(400);
    await get('/api/hierarchy/tree?at=2025-02-30').expect(400);
  });

  it('is read by admins and developers (the builders pick from it) and changed by admins only', async () => {
    for (const role of ['employee', 'reviewer', 'developer'] as const) {
      const caller = await t.createUser([role]);
      await t
        .http()
        .get('/api/hierarchy/tree')
        .set(bearer(caller.token))
        .expect(role === 'developer' ? 200 : 403);
      await t
        .http()
        .post('/api/hierarchy/departments')
        .set(bearer(caller.token))
        .send({ name: `By ${role}` })
        .expect(403);
    }
    expect(await t.prisma.department.count({ where: { name: { startsWith: 'By ' } } })).toBe(0);
  });
});
