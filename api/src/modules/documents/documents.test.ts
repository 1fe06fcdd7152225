import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../../testing/test-app';

const unknownId = '5e0c3f1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('builder documents', () => {
  let t: TestApp;
  let developer: TestUser;
  let reviewer: TestUser;
  let employee: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    developer = await t.createUser(['developer'], { name: 'Dev One' });
    reviewer = await t.createUser(['reviewer'], { name: 'Rita Reviewer' });
    employee = await t.createUser(['employee']);
  });

  const as = (caller: TestUser) => ({
    get: (path: string, query: Record<string, string | number> = {}) =>
      t.http().get(path).query(query).set(bearer(caller.token)),
    send: (method: 'post' | 'patch' | 'delete', path: string, body: object = {}) =>
      t.http()[method](path).set(bearer(caller.token)).send(body),
  });
  const create = async (name: string, kind = 'flow') =>
    (await as(developer).send('post', '/api/documents', { kind, name }).expect(201)).body;
  const names = (body: { items: { name: string }[] }) => body.items.map((item) => item.name);

  it('creates a document that names its author, and audits it', async () => {
    const created = await as(developer)
      .send('post', '/api/documents', { kind: 'taskForm', name: 'Leave request' })
      .expect(201);
    const author = { id: developer.user.id, name: 'Dev One' };
    expect(created.body).toEqual({
      id: expect.any(String),
      kind: 'taskForm',
      name: 'Leave request',
      createdBy: author,
      createdAt: expect.any(String),
      updatedBy: author,
      updatedAt: expect.any(String),
      archived: false,
      publication: { liveVersion: null, pendingVersion: null, editedSinceLive: false },
    });
    expect((await as(reviewer).get(`/api/documents/${created.body.id}`).expect(200)).body).toEqual(
      created.body,
    );
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { targetId: created.body.id } });
    expect(entry).toMatchObject({ action: 'document.created', actorId: developer.user.id });
    expect(entry.details).toEqual({ kind: 'taskForm', name: 'Leave request', imported: false });
  });

  it('imports a valid snapshot as the initial draft, and refuses content its schema rejects', async () => {
    const content = {
      kind: 'taskForm',
      schemaVersion: 1,
      title: 'Expense claim',
      description: '',
      fields: [
        {
          id: 'amount',
          key: 'amount',
          type: 'number',
          label: 'Amount',
          helpText: '',
          required: true,
          order: 'a0',
        },
      ],
    };
    const imported = await as(developer)
      .send('post', '/api/documents', { kind: 'taskForm', name: 'Imported', content })
      .expect(201);
    const row = await t.prisma.document.findUniqueOrThrow({ where: { id: imported.body.id } });
    expect(row.initialContent).toMatchObject({
      title: 'Expense claim',
      fields: [{ key: 'amount', required: true }],
    });
    const before = await t.prisma.document.count();
    for (const bad of [[1, 2], 'text', 42, null, { ...content, kind: 'flow' }]) {
      const refused = await as(developer)
        .send('post', '/api/documents', { kind: 'flow', name: 'Bad import', content: bad })
        .expect(422);
      expect(refused.body.error.code).toBe('validation_failed');
      expect(refused.body.error.details.issues[0].path[0]).toBe('content');
    }
    const missingLabel = { ...content, fields: [{ ...content.fields[0], key: 'Not A Key' }] };
    const refused = await as(developer)
      .send('post', '/api/documents', { kind: 'taskForm', name: 'Bad key', content: missingLabel })
      .expect(422);
    expect(refused.body.error.details.issues[0].path.slice(0, 3)).toEqual(['content', 'fields', 'amount']);
    const huge = { blob: 'x'.repeat(1024 * 1024) };
    await as(developer)
      .send('post', '/api/documents', { kind: 'flow', name: 'Huge', content: huge })
      .expect(413);
    await as(developer).send('post', '/api/documents', { kind: 'flow', name: 'X', owner: 'me' }).expect(400);
    await as(developer).send('post', '/api/documents', { kind: 'spreadsheet', name: 'X' }).expect(400);
    expect(await t.prisma.document.count()).toBe(before);
  });

  it('lists the most recently changed first, page by page, with filters', async () => {
    const isolated = await createTestApp();
    const builder = await isolated.createUser(['developer']);
    const post = (body: object) =>
      isolated.http().post('/api/documents').set(bearer(builder.token)).send(body).expect(201);
    const list = (query: Record<string, string | number>) =>
      isolated.http().get('/api/documents').query(query).set(bearer(builder.token)).expect(200);
    const ids: string[] = [];
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', '100% done']) {
      ids.push((await post({ kind: name === 'Beta' ? 'table' : 'flow', name })).body.id);
    }
    await isolated.prisma.document.updateMany({ data: { updatedAt: new Date('2025-01-01T00:00:00Z') } });
    await isolated
      .http()
      .patch(`/api/documents/${ids[0]}`)
      .set(bearer(builder.token))
      .send({ name: 'Alpha 2' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await list({
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...names(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Alpha was just changed; the others share one time, and the id (descending) breaks the tie.
    const byId = new Map(
      ids.map((id, index) => [id, ['Alpha 2', 'Beta', 'Gamma', 'Delta', '100% done'][index]]),
    );
    const tied = ids.slice(1).sort().reverse();
    expect(seen).toEqual(['Alpha 2', ...tied.map((id) => byId.get(id))]);

    expect(names((await list({ kind: 'table' })).body)).toEqual(['Beta']);
    expect(names((await list({ q: 'ALPHA' })).body)).toEqual(['Alpha 2']);
    expect(names((await list({ q: '%' })).body)).toEqual(['100% done']);
    await isolated
      .http()
      .patch(`/api/documents/${ids[2]}`)
      .set(bearer(builder.token))
      .send({ archived: true });
    expect(names((await list({})).body)).not.toContain('Gamma');
    expect(names((await list({ archived: 'true' })).body)).toEqual(['Gamma']);
    expect(names((await list({ archived: 'all' })).body)).toHaveLength(5);
    await isolated
      .http()
      .get('/api/documents')
      .query({ cursor: 'garbage' })
      .set(bearer(builder.token))
      .expect(400);
  });

  it('counts active documents per kind, every kind present', async () => {
    const isolated = await createTestApp();
    const builder = await isolated.createUser(['developer']);
    const reader = await isolated.createUser(['reviewer']);
    const post = (kind: string, name: string) =>
      isolated.http().post('/api/documents').set(bearer(builder.token)).send({ kind, name }).expect(201);
    await post('flow', 'One');
    await post('flow', 'Two');
    const archived = await post('trigger', 'Old');
    await isolated
      .http()
      .patch(`/api/documents/${archived.body.id}`)
      .set(bearer(builder.token))
      .send({ archived: true })
      .expect(200);
    const counts = await isolated.http().get('/api/documents/counts').set(bearer(reader.token)).expect(200);
    expect(counts.body).toEqual({ counts: { taskForm: 0, flow: 2, trigger: 0, table: 0, dataset: 0 } });
    const employee = await isolated.createUser(['employee']);
    await isolated.http().get('/api/documents/counts').set(bearer(employee.token)).expect(403);
  });

  it('renames, archives and restores, recording who changed it', async () => {
    const document = await create('Expense flow');
    const colleague = await t.createUser(['developer'], { name: 'Dev Two' });
    const renamed = await as(colleague)
      .send('patch', `/api/documents/${document.id}`, { name: 'Expense approval', archived: true })
      .expect(200);
    expect(renamed.body).toMatchObject({
      name: 'Expense approval',
      archived: true,
      createdBy: { name: 'Dev One' },
      updatedBy: { id: colleague.user.id, name: 'Dev Two' },
    });
    expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(document.updatedAt));
    const restored = await as(developer)
      .send('patch', `/api/documents/${document.id}`, { archived: false })
      .expect(200);
    expect(restored.body.archived).toBe(false);
    const changes = await t.prisma.auditEntry.findMany({
      where: { targetId: document.id, action: 'document.updated' },
      orderBy: { id: 'asc' },
    });
    expect(changes.map((entry) => entry.details)).toEqual([
      {
        changes: {
          name: { from: 'Expense flow', to: 'Expense approval' },
          archived: { from: false, to: true },
        },
      },
      { changes: { archived: { from: true, to: false } } },
    ]);
    for (const body of [{ kind: 'table' }, { name: 'Ok', createdById: employee.user.id }]) {
      await as(developer).send('patch', `/api/documents/${document.id}`, body).expect(400);
    }
    expect((await as(developer).get(`/api/documents/${document.id}`).expect(200)).body.kind).toBe('flow');
  });

  it('deletes a document with its history; unknown ids are 404', async () => {
    const document = await create('Short-lived');
    await t.prisma.documentUpdate.create({
      data: { documentId: document.id, update: Buffer.from([1, 2, 3]) },
    });
    await as(developer).send('delete', `/api/documents/${document.id}`).expect(204);
    expect(await t.prisma.documentUpdate.count({ where: { documentId: document.id } })).toBe(0);
    await as(developer).get(`/api/documents/${document.id}`).expect(404);
    await as(developer).send('delete', `/api/documents/${document.id}`).expect(404);
    await as(developer).send('patch', `/api/documents/${unknownId}`, { name: 'Ghost' }).expect(404);
    const actions = await t.prisma.auditEntry.findMany({
      where: { targetId: document.id },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((entry) => entry.action)).toEqual(['document.created', 'document.deleted']);
  });

  it('lets reviewers read, admins write, and employees nothing', async () => {
    const document = await create('Guarded');
    const path = `/api/documents/${document.id}`;
    await as(reviewer).get('/api/documents').expect(200);
    await as(reviewer).get(path).expect(200);
    await as(reviewer).send('post', '/api/documents', { kind: 'flow', name: 'By reviewer' }).expect(403);
    await as(reviewer).send('patch', path, { name: 'By reviewer' }).expect(403);
    await as(reviewer).send('delete', path).expect(403);
    await as(employee).get('/api/documents').expect(403);
    await as(employee).get(path).expect(403);
    await as(employee).send('post', '/api/documents', { kind: 'flow', name: 'By employee' }).expect(403);
    const admin = await t.createUser(['admin']);
    await as(admin).send('patch', path, { name: 'Renamed by admin' }).expect(200);
    expect(await t.prisma.document.count({ where: { name: { startsWith: 'By ' } } })).toBe(0);
  });
});
