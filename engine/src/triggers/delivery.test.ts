import { createTestPrisma } from '@erp/prisma/testing';
import { createTransport } from 'nodemailer';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive, start } from '../flows/testing';
import { createOutboundClient } from '../outbound/outbound-client';
import {
  actionOf,
  emitEvent,
  publishHookTrigger,
  startTestReceiver,
  startTestSmtp,
  testActionServices,
  triggerOf,
  waitForRun,
} from './testing';
import { startTriggerRunner } from './trigger-runner';

// Mail through a real SMTP server on loopback, SSRF refusals seen from the receiver's side, and a chain that
// goes through two triggers (A→B→A).

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 4 });
const { user: developer } = await make.user(['developer']);
const receiver = await startTestReceiver();
const { mails, port: smtpPort } = await startTestSmtp();

// Nothing internal is allowed here: the loopback receiver must stay untouched.
const services = testActionServices({
  mailer: createTransport(`smtp://127.0.0.1:${smtpPort}`),
  outbound: createOutboundClient({ allowedHosts: [] }),
});
const runner = await startTriggerRunner({
  connectionString: databaseUrl,
  prisma,
  logger: pino({ level: 'silent' }),
  pollMs: 100,
  services,
});
afterAll(() => runner.stop());

it('sends mail over SMTP to an org role, with the Message-ID made from the key, and keeps it in the outbox', async () => {
  const org = await make.org();
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('sendEmail', {
      to: [
        { type: 'orgRole', orgRoleId: org.orgRole.id },
        { type: 'path', path: 'body.cc' },
      ],
      subject: 'Invoice {{body.number}}',
      body: JSON.stringify({
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Total ', marks: [{ type: 'bold' }] },
              {
                type: 'text',
                text: '{{body.total}}',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ],
      }),
    }),
  ]);
  await emitEvent(prisma, 'webhook.received:smtp-1', 'webhook.received', {
    hookId,
    body: { number: 'I-9', total: '<b>42</b>', cc: 'cc@example.com' },
  });
  const run = await waitForRun(prisma, 'webhook.received:smtp-1');
  expect(run.actions[0]).toMatchObject({ status: 'done' });
  await expect.poll(() => mails.length).toBe(1);
  const [mail] = mails;
  expect(mail?.to.sort()).toEqual(['cc@example.com', org.member.user.email].sort());
  const outbox = await prisma.outboxMessage.findUniqueOrThrow({
    where: { idempotencyKey: run.actions[0]?.idempotencyKey },
  });
  expect(mail?.raw).toContain(`Message-ID: ${outbox.messageId}`);
  expect(mail?.raw).toContain('Subject: Invoice I-9');
  expect(outbox.sentAt).not.toBeNull();
  // Escaped value, bold kept, the javascript: link dropped.
  expect(outbox.html).toBe('<p><strong>Total </strong>&#60;b&#62;42&#60;/b&#62;</p>');
});

it('a webhook to an internal address is refused at once: dead-lettered, and the receiver saw nothing', async () => {
  const hookId = await publishHookTrigger(prisma, make, developer, [
    actionOf('callWebhook', { url: `${receiver.url}/internal`, method: 'POST', headers: {}, body: '{}' }),
  ]);
  await emitEvent(prisma, 'webhook.received:ssrf-1', 'webhook.received', { hookId, body: {} });
  const run = await waitForRun(prisma, 'webhook.received:ssrf-1');
  expect(run.outcome).toBe('failed');
  expect(run.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
  expect(run.actions[0]?.error).toMatch(/internal address: refused/);
  expect(receiver.requests).toEqual([]);
});

it("A→B→A: two triggers starting each other's flow stop at the depth limit", {
  timeout: 60_000,
}, async () => {
  const formId = await publishLive(prisma, make, developer, approvalForm());
  const flowOfLevel = () =>
    flowOf(
      [node.start(), node.level('a', formId, { type: 'person', userId: developer.id }), node.end()],
      edges(['start>a', 'a>end']),
    );
  const flowA = await publishLive(prisma, make, developer, flowOfLevel());
  const flowB = await publishLive(prisma, make, developer, flowOfLevel());
  const triggerA = await publishLive(
    prisma,
    make,
    developer,
    triggerOf({ type: 'flow.started', flowId: flowA }, [actionOf('startFlow', { flowId: flowB, data: {} })]),
  );
  const triggerB = await publishLive(
    prisma,
    make,
    developer,
    triggerOf({ type: 'flow.started', flowId: flowB }, [actionOf('startFlow', { flowId: flowA, data: {} })]),
  );
  await start(prisma, flowA, developer.id);
  const limited = () =>
    prisma.triggerRun.findFirst({
      where: { documentId: { in: [triggerA, triggerB] }, outcome: 'depthLimited' },
    });
  await expect.poll(limited, { timeout: 30_000 }).toBeTruthy();
  const runs = await prisma.triggerRun.findMany({
    where: { documentId: { in: [triggerA, triggerB] } },
    orderBy: { depth: 'asc' },
  });
  expect(runs.map((run) => [run.documentId === triggerA ? 'A' : 'B', run.depth])).toEqual([
    ['A', 1],
    ['B', 2],
    ['A', 3],
    ['B', 4],
    ['A', 5],
    ['B', 6],
  ]);
  expect(runs.at(-1)?.outcome).toBe('depthLimited');
});
