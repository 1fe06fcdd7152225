import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../../testing/test-app';

describe('dated assignments and who manages whom', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin']);
  });

  const post = (path: string, body: object = {}) => t.http().post(path).set(bearer(admin.token)).send(body);
  const get = (path: string, query: Record<string, string> = {}) =>
    t.http().get(path).query(query).set(bearer(admin.token)).expect(200);
  const managerName = async (userId: string, at: string) =>
    (await get(`/api/hierarchy/users/${userId}/manager`, { at })).body.manager?.name ?? null;

  async function seat(title: string, parentId: string | null = null): Promise<string> {
    const home = await post('/api/hierarchy/departments', { name: `${title} department` }).expect(201);
    const created = await post('/api/hierarchy/positions', { title, departmentId: home.body.id, parentId });
    return created.body.id;
  }
  async function person(name: string): Promise<string> {
    return (await t.createUser(['employee'], { name })).user.id;
  }
  async function people<const Names extends readonly string[]>(...names: Names) {
    const ids: string[] = [];
    for (const name of names) ids.push(await person(name));
    return ids as { [Index in keyof Names]: string };
  }
  async function assign(userId: string, positionId: string, validFrom: string, reportsToId?: string) {
    const body = { userId, positionId, validFrom, ...(reportsToId ? { reportsToId } : {}) };
    return (await post('/api/hierarchy/assignments', body).expect(201)).body;
  }

  it('keeps the past across a re-organisation: asking about an old date gives the old manager', async () => {
    const ceoSeat = await seat('CEO');
    const cfoSeat = await seat('CFO', ceoSeat);
    const accountantSeat = await seat('Accountant', cfoSeat);
    const strategySeat = await seat('Strategy lead', ceoSeat);
    const [carla, frank, alice, bob] = await people('Carla', 'Frank', 'Alice', 'Bob');
    await assign(carla, ceoSeat, '2025-01-01');
    const frankAsCfo = await assign(frank, cfoSeat, '2025-01-01');
    await assign(alice, accountantSeat, '2025-01-01');
    expect(await managerName(alice, '2025-03-01')).toBe('Frank');

    // June: Frank moves to strategy, Bob becomes CFO. September: Alice reports straight to Carla.
    const frankAsStrategist = await assign(frank, strategySeat, '2025-06-01');
    await assign(bob, cfoSeat, '2025-06-01');
    await assign(alice, accountantSeat, '2025-09-01', carla);

    expect(await managerName(alice, '2025-03-01')).toBe('Frank');
    expect(await managerName(alice, '2025-07-01')).toBe('Bob');
    const september = await get(`/api/hierarchy/users/${alice}/manager`, { at: '2025-10-01' });
    expect(september.body).toEqual({
      manager: { id: carla, name: 'Carla', email: expect.any(String) },
      via: 'reportsTo',
      positionId: null,
    });
    const july = await get(`/api/hierarchy/users/${alice}/manager`, { at: '2025-07-01' });
    expect(july.body).toMatchObject({ via: 'position', positionId: cfoSeat });
    expect(await managerName(alice, '2024-12-31')).toBeNull();

    const history = await get(`/api/hierarchy/users/${frank}/assignments`);
    expect(history.body.positions).toEqual([
      { ...frankAsCfo, validTo: '2025-06-01T00:00:00.000Z' },
      frankAsStrategist,
    ]);
    const cfoThen = await get(`/api/hierarchy/positions/${cfoSeat}/members`, { at: '2025-05-31T23:59:59Z' });
    expect(cfoThen.body.items.map((member: { user: { name: string } }) => member.user.name)).toEqual([
      'Frank',
    ]);
    const cfoNow = await get(`/api/hierarchy/positions/${cfoSeat}/members`);
    expect(cfoNow.body.items.map((member: { user: { name: string } }) => member.user.name)).toEqual(['Bob']);

    const treeThen = await get('/api/hierarchy/tree', { at: '2025-03-01' });
    const cfoNode = treeThen.body.departments
      .flatMap((department: { positions: { id: string }[] }) => department.positions)
      .find((position: { id: string }) => position.id === cfoSeat);
    expect(cfoNode.occupants.map((occupant: { name: string }) => occupant.name)).toEqual(['Frank']);
  });

  it('skips a vacant position and finds the next occupant further up', async () => {
    const top = await seat('Vacancy top');
    const vacant = await seat('Vacancy middle', top);
    const bottom = await seat('Vacancy bottom', vacant);
    const [boss, worker] = await people('Vacancy Boss', 'Vacancy Worker');
    await assign(boss, top, '2025-01-01');
    await assign(worker, bottom, '2025-01-01');
    const found = await get(`/api/hierarchy/users/${worker}/manager`, { at: '2025-02-01' });
    expect(found.body).toMatchObject({ manager: { name: 'Vacancy Boss' }, via: 'position', positionId: top });
    expect(await managerName(boss, '2025-02-01')).toBeNull();
  });

  it('never rewrites history: no backdating before what is recorded, no second end', async () => {
    const place = await seat('History seat');
    const holder = await person('History Holder');
    const first = await assign(holder, place, '2025-03-01');
    const backdated = await post('/api/hierarchy/assignments', {
      userId: holder,
      positionId: place,
      validFrom: '2025-02-01',
    }).expect(409);
    expect(backdated.body.error.message).toMatch(/rewrite history/);
    await post(`/api/hierarchy/assignments/${first.id}/end`, { validTo: '2025-02-01' }).expect(400);
    const ended = await post(`/api/hierarchy/assignments/${first.id}/end`, { validTo: '2025-04-01' }).expect(
      200,
    );
    expect(ended.body.validTo).toBe('2025-04-01T00:00:00.000Z');
    await post(`/api/hierarchy/assignments/${first.id}/end`, {}).expect(409);
    await post('/api/hierarchy/assignments', {
      userId: holder,
      positionId: place,
      validFrom: '2025-03-15',
    }).expect(409);
    await assign(holder, place, '2025-05-01');
    expect(await t.prisma.positionAssignment.count({ where: { userId: holder } })).toBe(2);
    const row = await t.prisma.positionAssignment.findUniqueOrThrow({ where: { id: first.id } });
    expect([row.validFrom.toISOString(), row.validTo?.toISOString()]).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-04-01T00:00:00.000Z',
    ]);
  });

  it('refuses reporting lines that loop back', async () => {
    const top = await seat('Loop top');
    const below = await seat('Loop below', top);
    const [head, member] = await people('Loop Head', 'Loop Member');
    await assign(head, top, '2025-01-01');
    await assign(member, below, '2025-01-01');
    // The member's manager is the head (by position); the head reporting to the member closes a loop.
    const loop = await post('/api/hierarchy/assignments', {
      userId: head,
      positionId: top,
      reportsToId: member,
      validFrom: '2025-02-01',
    }).expect(409);
    expect(loop.body.error.message).toMatch(/loop/);
    await post('/api/hierarchy/assignments', {
      userId: head,
      positionId: top,
      reportsToId: head,
      validFrom: '2025-02-01',
    }).expect(409);
    expect(await t.prisma.positionAssignment.count({ where: { userId: head } })).toBe(1);
    expect(await t.prisma.positionAssignment.count({ where: { userId: head, validTo: null } })).toBe(1);
  });

  it('holds one open position per person even when two assignments race', async () => {
    const [first, second] = [await seat('Race one'), await seat('Race two')];
    const racer = await person('Racer');
    const results = await Promise.all(
      [first, second].map((positionId) => post('/api/hierarchy/assignments', { userId: racer, positionId })),
    );
    expect(results.every((result) => [201, 409].includes(result.status))).toBe(true);
    expect(results.some((result) => result.status === 201)).toBe(true);
    expect(await t.prisma.positionAssignment.count({ where: { userId: racer, validTo: null } })).toBe(1);
  });

  it('dates company roles the same way', async () => {
    const role = await post('/api/hierarchy/org-roles', { name: 'Dated approver' }).expect(201);
    const holder = await person('Role Holder');
    const members = async (at: string) =>
      (await get(`/api/hierarchy/org-roles/${role.body.id}/members`, { at })).body.items.map(
        (member: { user: { name: string } }) => member.user.name,
      );
    const given = await post('/api/hierarchy/org-role-assignments', {
      userId: holder,
      orgRoleId: role.body.id,
      validFrom: '2025-01-01',
    }).expect(201);
    const twice = await post('/api/hierarchy/org-role-assignments', {
      userId: holder,
      orgRoleId: role.body.id,
      validFrom: '2025-02-01',
    }).expect(409);
    expect(twice.body.error.message).toMatch(/already holds/);
    await post(`/api/hierarchy/org-role-assignments/${given.body.id}/end`, { validTo: '2025-06-01' }).expect(
      200,
    );
    expect(await members('2025-03-01')).toEqual(['Role Holder']);
    expect(await members('2025-07-01')).toEqual([]);
    expect(await members('2024-12-01')).toEqual([]);
    const actions = await t.prisma.auditEntry.findMany({
      where: { targetId: given.body.id },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((entry) => entry.action)).toEqual([
      'org_role_assignment.created',
      'org_role_assignment.ended',
    ]);
  });
});
