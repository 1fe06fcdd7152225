import { signWebhook } from '@erp/prisma';
import { describe, expect, it } from 'vitest';
import { bearer, createTestApp } from '../../testing/test-app';

// Rotating an incoming hook's signing secret: the new one is shown once, the old one stops verifying at once.

const t = await createTestApp();
const developer = await t.make.user(['developer']);
const employee = await t.make.user(['employee']);

function deliver(path: string, secret: string, id: string) {
  const body = JSON.stringify({ ok: true });
  const timestamp = Math.floor(Date.now() / 1000);
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
