import { collabEventChannel } from '@erp/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from './testing/test-app';

// The API's half of "changes reach open collab connections": the NOTIFY every collab process LISTENs to
// (collab-server/src/collab-events.ts applies it; collab-access-changes.test.ts shows that half).
describe('collab events from the API', () => {
  let t: TestApp;
  let admin: TestUser;
  const events: unknown[] = [];
  let listener: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin', 'developer'], { name: 'Ada' });
    listener = new pg.Client({ connectionString: t.databaseUrl });
    await listener.connect();
    listener.on('notification', (message) => events.push(JSON.parse(message.payload ?? 'null')));
    await listener.query(`LISTEN ${collabEventChannel}`);
  });
  afterAll(() => listener.end());

  it('a role change names the user; a rename sends nothing', async () => {
    const user = await t.createUser(['developer']);
    const patch = (body: object) =>
      t.http().patch(`/api/users/${user.user.id}`).set(bearer(admin.token)).send(body).expect(200);
    await patch({ name: 'Renamed' });
    await patch({ roles: ['reviewer'] });
    await expect.poll(() => events).toEqual([{ type: 'userAccessChanged', userId: user.user.id }]);
    events.length = 0;
  });

  it('archiving and deleting a document say so, and who did it', async () => {
    const send = (method: 'post' | 'patch' | 'delete', path: string, body?: object) =>
      t.http()[method](path).set(bearer(admin.token)).send(body);
    const created = await send('post', '/api/documents', { kind: 'flow', name: 'Doomed' });
    const id = created.body.id;
    await send('patch', `/api/documents/${id}`, { name: 'Still here' });
    await send('patch', `/api/documents/${id}`, { archived: true });
    await send('delete', `/api/documents/${id}`);
    const by = { id: admin.user.id, name: 'Ada' };
    await expect
      .poll(() => events)
      .toEqual([
        { type: 'documentRemoved', documentId: id, reason: 'archived', by },
        { type: 'documentRemoved', documentId: id, reason: 'deleted', by },
      ]);
  });
});
