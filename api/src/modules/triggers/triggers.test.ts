import { type Engine, startEngine } from '@erp/engine';
import { publishLive } from '@erp/engine/testing';
import { actionOf, triggerOf } from '@erp/engine/triggers/testing';
import { signWebhook } from '@erp/prisma';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';

// The triggers API against the real engine: the tester has no side effects, incoming hooks are verified
// (signature, timestamp window, replay, type, size), and what runs shows in runs, outbox and dead letters.

const t: TestApp = await createTestApp();
const developer = await t.make.user(['developer']);
const employee = await t.make.user(['employee']);
const org = await t.make.org();
const as = (token: string) => ({
  get: (path: string) => t.http().get(path).set(bearer(token)),
  post: (path: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body),
});

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({
    connectionString: t.databaseUrl,
    prisma: t.prisma,
    logger: pino({ level: 'silent' }),
    triggerPollMs: 100,
    triggerRetry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
  });
}, 60_000);
afterAll(() => engine?.stop());

const hook = (await as(developer.token).post('/api/webhook-endpoints', { name: 'Orders' }).expect(201))
  .body as {
  id: string;
  path: string;
  secret: string;
};

function deliver(
  body: string,
  options: { id?: string; timestamp?: number; secret?: string; type?: string } = {},
) {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return t
    .http()
    .post(hook.path)
    .set('content-type', options.type ?? 'application/json')
    .set('webhook-id', id)
    .set('webhook-timestamp', String(timestamp))
    .set('webhook-signature', signWebhook(options.secret ?? hook.secret, id, timestamp, body))
    .send(body);
}

const mailTrigger = triggerOf(
  { type: 'webhook.received', hookId: hook.id },
  [
    actionOf('sendEmail', {
      to: [{ type: 'orgRole', orgRoleId: org.orgRole.id }],
      subject: 'Order {{body.number}}',
      body: 'Amount {{body.amount}}',
    }),
  ],
  { type: 'comparison', left: 'body.amount', operator: 'gt', right: 1000 },
);
const triggerId = await publishLive(t.prisma, t.make, developer.user, mailTrigger);

describe('tester', () => {
  it('explains the condition and renders each action, with no side effects', async () => {
    const response = await as(developer.token)
      .post(`/api/triggers/${triggerId}/test`, {
        event: { hookId: hook.id, body: { number: 'N-1', amount: 1200 } },
      })
      .expect(200);
    expect(response.body).toMatchObject({
      matches: true,
      wouldRun: true,
      condition: { type: 'comparison', text: 'body.amount > 1000', actual: 1200, result: true },
      actions: [
        {
          type: 'sendEmail',
          error: null,
          preview: {
            kind: 'email',
            to: [org.member.user.email],
            subject: 'Order N-1',
            html: '<p>Amount 1200</p>',
          },
        },
      ],
    });
    expect(await t.prisma.outboxMessage.count()).toBe(0);
    expect(await t.prisma.triggerRun.count()).toBe(0);
    expect(await t.prisma.event.count()).toBe(0);
  });

  it('tests a draft sent with the request; a value that fails the condition or a filter shows why', async () => {
    const draft = {
      ...mailTrigger,
      condition: { type: 'comparison', left: 'body.amount', operator: 'lt', right: 5 },
    };
    const response = await as(developer.token)
      .post(`/api/triggers/${triggerId}/test`, {
        event: { hookId: crypto.randomUUID(), body: {} },
        trigger: draft,
      })
      .expect(200);
    expect(response.body).toMatchObject({ matches: false, wouldRun: false, condition: { result: false } });
    expect(response.body.condition).not.toHaveProperty('actual');
  });

  it('answers 404 for another kind or an unknown id, 403 for employees, 400 for a bad event', async () => {
    await as(developer.token).post(`/api/triggers/${crypto.randomUUID()}/test`, { event: {} }).expect(404);
    await as(employee.token).post(`/api/triggers/${triggerId}/test`, { event: {} }).expect(403);
    await as(developer.token).post(`/api/triggers/${triggerId}/test`, { event: 'no' }).expect(400);
  });
});

describe('incoming hooks', () => {
  it('refuses a bad signature, a stale timestamp, another type and an oversized body, recording nothing', async () => {
    const body = JSON.stringify({ number: 'N-2', amount: 5 });
    await deliver(body, { secret: 'whsec_d3Jvbmcgc2VjcmV0' }).expect(401);
    await deliver(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }).expect(401);
    await deliver(body, { type: 'text/plain' }).expect(415);
    await deliver(JSON.stringify({ blob: 'x'.repeat(300_000) })).expect(413);
    await t.http().post(hook.path).set('content-type', 'application/json').send(body).expect(401);
    await t.http().post(`/api/hooks/${crypto.randomUUID()}`).send(body).expect(404);
    expect(await t.prisma.event.count()).toBe(0);
  });

  it('a signed delivery becomes one event and one run; its replay is refused', async () => {
    const body = JSON.stringify({ number: 'N-3', amount: 2500 });
    const first = await deliver(body, { id: 'msg_replayed' }).expect(202);
    expect(first.body.eventId).toBe(`webhook.received:${hook.id}:msg_replayed`);
    const replay = await deliver(body, { id: 'msg_replayed' }).expect(409);
    expect(replay.body.error.message).toMatch(/replay refused/);

    await expect
      .poll(
        async () =>
          (await as(developer.token).get(`/api/triggers/${triggerId}/runs`)).body.items?.[0]?.outcome,
        {
          timeout: 20_000,
        },
      )
      .toBe('completed');
    const runs = (await as(developer.token).get(`/api/triggers/${triggerId}/runs`).expect(200)).body;
    expect(runs.items).toHaveLength(1);
    expect(runs.summary).toMatchObject({ runs: 1, successRate: 1, lastError: null });
    expect(runs.items[0].actions[0]).toMatchObject({ type: 'sendEmail', status: 'done', attempts: 1 });
    // The hook's deliveries show the replay refused and the run the accepted one started.
    const deliveries = (await as(developer.token).get(`/api/webhook-endpoints/${hook.id}/deliveries`)).body;
    expect(deliveries.items.slice(0, 2)).toMatchObject([
      { outcome: 'replayed', messageId: 'msg_replayed', runs: 0 },
      { outcome: 'accepted', eventId: first.body.eventId, runs: 1 },
    ]);
    const outbox = (await as(developer.token).get('/api/outbox').expect(200)).body;
    expect(outbox.items).toHaveLength(1);
    expect(outbox.items[0]).toMatchObject({
      subject: 'Order N-3',
      to: [org.member.user.email],
      sentAt: null,
      attachments: [],
    });
    await as(employee.token).get('/api/outbox').expect(403);

    // The tester offers it as a real sample, as the trigger saw it.
    const recent = (await as(developer.token).get('/api/trigger-events?type=webhook.received').expect(200))
      .body;
    expect(recent.items).toMatchObject([
      {
        id: first.body.eventId,
        context: { hookId: hook.id, messageId: 'msg_replayed', body: { amount: 2500 } },
      },
    ]);
    await as(developer.token).get('/api/trigger-events?type=nonsense').expect(400);
    await as(employee.token).get('/api/trigger-events?type=webhook.received').expect(403);
  });
});

describe('dead letters', () => {
  it('lists failed actions with their error and retries them with the same key', async () => {
    const hookId = crypto.randomUUID();
    await publishLive(
      t.prisma,
      t.make,
      developer.user,
      triggerOf({ type: 'webhook.received', hookId }, [
        actionOf('callWebhook', { url: 'http://10.0.0.1/hook', method: 'POST', headers: {}, body: '{}' }),
      ]),
    );
    await t.prisma.event.create({ data: { id: 'dead-1', type: 'webhook.received', payload: { hookId } } });
    await expect
      .poll(async () => (await as(developer.token).get('/api/dead-letters')).body.items?.length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [letter] = (await as(developer.token).get('/api/dead-letters')).body.items;
    expect(letter).toMatchObject({ type: 'callWebhook', eventType: 'webhook.received', attempts: 1 });
    expect(letter.error).toMatch(/internal address: refused/);
    const retried = await as(developer.token).post(`/api/dead-letters/${letter.id}/retry`).expect(200);
    expect(retried.body).toMatchObject({ status: 'pending', idempotencyKey: letter.idempotencyKey });
    await as(developer.token).post(`/api/dead-letters/${crypto.randomUUID()}/retry`).expect(404);
    await as(employee.token).post(`/api/dead-letters/${letter.id}/retry`).expect(403);
  });
});

describe('signing secrets', () => {
  it('stores a given secret sealed to its row and never returns its value', async () => {
    const created = await as(developer.token)
      .post('/api/secrets', { name: 'Partner key', value: 'hunter2-secret' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Partner key', usedBy: [] });
    expect(JSON.stringify(created.body)).not.toContain('hunter2');
    const listed = await as(developer.token).get('/api/secrets').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('hunter2');
    const row = await t.prisma.secret.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(Buffer.from(row.ciphertext).toString('utf8')).not.toContain('hunter2');
    // Hooks' own verification secrets are managed through their hook, not listed here.
    const hookSecret = await t.prisma.hook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(hookSecret.secretId);
  });

  it('generates a value shown once, rotates it under the same id, and refuses to delete one a live trigger signs with', async () => {
    const created = await as(developer.token).post('/api/secrets', { name: 'ERP partner' }).expect(201);
    expect(created.body.value).toMatch(/^whsec_/);
    const signer = await publishLive(
      t.prisma,
      t.make,
      developer.user,
      triggerOf({ type: 'flow.started' }, [
        actionOf('callWebhook', {
          url: 'https://partner.example/hook',
          method: 'POST',
          headers: {},
          body: '{}',
          secretRef: created.body.id,
        }),
      ]),
    );
    const listed = (await as(developer.token).get('/api/secrets').expect(200)).body.items;
    expect(listed.find((item: { id: string }) => item.id === created.body.id).usedBy).toEqual([
      { documentId: signer, name: expect.any(String) },
    ]);

    const rotated = await as(developer.token).post(`/api/secrets/${created.body.id}/rotate`).expect(200);
    expect(rotated.body).toMatchObject({ id: created.body.id, usedBy: [{ documentId: signer }] });
    expect(rotated.body.value).toMatch(/^whsec_/);
    expect(rotated.body.value).not.toBe(created.body.value);

    const refused = await t.http().delete(`/api/secrets/${created.body.id}`).set(bearer(developer.token));
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.usedBy).toEqual([{ documentId: signer, name: expect.any(String) }]);
    const unused = await as(developer.token).post('/api/secrets', { name: 'Spare' }).expect(201);
    await t.http().delete(`/api/secrets/${unused.body.id}`).set(bearer(employee.token)).expect(403);
    await t.http().delete(`/api/secrets/${unused.body.id}`).set(bearer(developer.token)).expect(204);
    await t.http().delete(`/api/secrets/${unused.body.id}`).set(bearer(developer.token)).expect(404);
    const hookSecret = await t.prisma.hook.findUniqueOrThrow({ where: { id: hook.id } });
    await t.http().delete(`/api/secrets/${hookSecret.secretId}`).set(bearer(developer.token)).expect(404);
    await as(developer.token).post(`/api/secrets/${hookSecret.secretId}/rotate`).expect(404);
  });
});

describe('outbox attachments', () => {
  it('lists a mail’s files and downloads each as an attachment that runs nothing; others answer 404', async () => {
    // A report's mail as the engine keeps it (engine/src/triggers/actions/send-report.ts).
    const message = await t.prisma.outboxMessage.create({
      data: {
        idempotencyKey: 'report-run:0:a0:reader',
        messageId: '<report@erp-builder.invalid>',
        to: [org.member.user.email],
        subject: 'Weekly spend',
        text: '',
        html: '',
        attachments: {
          create: [
            {
              position: 0,
              filename: 'Weekly spend.csv',
              contentType: 'text/csv',
              size: 18,
              content: new TextEncoder().encode('region,spend\r\nN,1\r\n'),
            },
          ],
        },
      },
    });
    const listed = (await as(developer.token).get('/api/outbox').expect(200)).body.items;
    expect(listed.find((item: { id: string }) => item.id === message.id)?.attachments).toEqual([
      { position: 0, filename: 'Weekly spend.csv', contentType: 'text/csv', size: 18 },
    ]);
    const file = await as(developer.token).get(`/api/outbox/${message.id}/attachments/0`).expect(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Weekly spend.csv"; filename*=UTF-8''Weekly%20spend.csv`,
    );
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.text).toBe('region,spend\r\nN,1\r\n');
    await as(developer.token).get(`/api/outbox/${message.id}/attachments/1`).expect(404);
    await as(developer.token).get(`/api/outbox/${crypto.randomUUID()}/attachments/0`).expect(404);
    await as(developer.token).get(`/api/outbox/${message.id}/attachments/x`).expect(400);
    await as(employee.token).get(`/api/outbox/${message.id}/attachments/0`).expect(403);
  });
});
