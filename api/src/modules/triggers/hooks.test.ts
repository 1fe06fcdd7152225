import { signWebhook } from '@erp/prisma';
import { describe, expect, it } from 'vitest';
import { bearer, createTestApp } from '../../testing/test-app';

// Incoming hooks: rotating the signing secret (the new one shown once, the old one stops verifying at once),
// every delivery recorded with what its check found, deletion.

const t = await createTestApp();
const developer = await t.make.user(['developer']);
const employee = await t.make.user(['employee']);

function deliver(
  path: string,
  secret: string,
  id: string,
  { body = JSON.stringify({ ok: true }), timestamp = Math.floor(Date.now() / 1000) } = {},
) {
  return t
    .http()
    .post(path)
    .set('content-type', 'application/json')
    .set('webhook-id', id)
    .set('webhook-timestamp', String(timestamp))
    .set('webhook-signature', signWebhook(secret, id, timestamp, body))
    .send(body);
}

describe('hook secret rotation', () => {
  it('answers a new secret once; deliveries signed with the old one are refused', async () => {
    const created = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(developer.token))
      .send({ name: 'Orders' })
      .expect(201);
    await deliver(created.body.path, created.body.secret, 'm1').expect(202);
    await t
      .http()
      .post(`/api/webhook-endpoints/${created.body.id}/rotate-secret`)
      .set(bearer(employee.token))
      .expect(403);
    const rotated = await t
      .http()
      .post(`/api/webhook-endpoints/${created.body.id}/rotate-secret`)
      .set(bearer(developer.token))
      .expect(200);
    expect(rotated.body).toMatchObject({ id: created.body.id, path: created.body.path });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await deliver(created.body.path, created.body.secret, 'm2').expect(401);
    await deliver(created.body.path, rotated.body.secret, 'm3').expect(202);
    const listed = await t.http().get('/api/webhook-endpoints').set(bearer(developer.token)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(rotated.body.secret);
    await t
      .http()
      .post(`/api/webhook-endpoints/${crypto.randomUUID()}/rotate-secret`)
      .set(bearer(developer.token))
      .expect(404);
  });
});

const developerHttp = {
  get: (path: string) => t.http().get(path).set(bearer(developer.token)),
  post: (path: string, body: object = {}) => t.http().post(path).set(bearer(developer.token)).send(body),
  delete: (path: string) => t.http().delete(path).set(bearer(developer.token)),
};

describe('hook deliveries', () => {
  it('records each delivery with what verifying it found, newest first, never its body', async () => {
    const hook = (await developerHttp.post('/api/webhook-endpoints', { name: 'Invoices' }).expect(201)).body;
    await deliver(hook.path, hook.secret, 'ok-1', { body: '{"card":"4242 secret"}' }).expect(202);
    await deliver(hook.path, hook.secret, 'ok-1').expect(409);
    await deliver(hook.path, 'whsec_d3Jvbmcgc2VjcmV0', 'forged').expect(401);
    await deliver(hook.path, hook.secret, 'old', { timestamp: Math.floor(Date.now() / 1000) - 3600 }).expect(
      401,
    );
    await deliver(hook.path, hook.secret, 'broken', { body: '{"a":' }).expect(400);
    await t.http().post(hook.path).set('content-type', 'application/json').send('{}').expect(401);

    const listed = await developerHttp.get(`/api/webhook-endpoints/${hook.id}/deliveries`).expect(200);
    expect(listed.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'unsigned',
      'bad_body',
      'stale',
      'bad_signature',
      'replayed',
      'accepted',
    ]);
    expect(listed.body.items.at(-1)).toMatchObject({
      messageId: 'ok-1',
      eventId: `webhook.received:${hook.id}:ok-1`,
      runs: 0,
      size: 22,
    });
    expect(listed.body.items[0]).toMatchObject({ messageId: null, eventId: null });
    expect(JSON.stringify(listed.body)).not.toContain('4242');

    await t
      .http()
      .get(`/api/webhook-endpoints/${hook.id}/deliveries`)
      .set(bearer(employee.token))
      .expect(403);
    await developerHttp.get(`/api/webhook-endpoints/${crypto.randomUUID()}/deliveries`).expect(404);
  });

  it('keeps only the newest 100 deliveries of a hook', async () => {
    const hook = (await developerHttp.post('/api/webhook-endpoints', { name: 'Noisy' }).expect(201)).body;
    for (let index = 0; index < 103; index += 1) {
      await t.http().post(hook.path).set('content-type', 'application/json').send('{}').expect(401);
    }
    expect(await t.prisma.hookDelivery.count({ where: { hookId: hook.id } })).toBe(100);
  });

  it('deletes a hook with its secret and deliveries; its URL then answers 404', async () => {
    const hook = (await developerHttp.post('/api/webhook-endpoints', { name: 'Gone' }).expect(201)).body;
    await deliver(hook.path, hook.secret, 'before').expect(202);
    const { secretId } = await t.prisma.hook.findUniqueOrThrow({ where: { id: hook.id } });
    await t.http().delete(`/api/webhook-endpoints/${hook.id}`).set(bearer(employee.token)).expect(403);
    await developerHttp.delete(`/api/webhook-endpoints/${hook.id}`).expect(204);
    await deliver(hook.path, hook.secret, 'after').expect(404);
    expect(await t.prisma.secret.count({ where: { id: secretId } })).toBe(0);
    expect(await t.prisma.hookDelivery.count({ where: { hookId: hook.id } })).toBe(0);
    await developerHttp.delete(`/api/webhook-endpoints/${hook.id}`).expect(404);
    const audit = await t.prisma.auditEntry.findMany({
      where: { targetId: hook.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((entry) => entry.action)).toEqual(['hook.created', 'hook.deleted']);
  });
});
