import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrismaClient } from '@erp/prisma';
import type { Factories } from '@erp/prisma/testing';
import type { Trigger, TriggerAction, TriggerEvent } from '@erp/shared';
import { SMTPServer } from 'smtp-server';
import { afterAll, expect } from 'vitest';
import { publishLive, testRuntime } from '../flows/testing';
import { createOutboundClient } from '../outbound/outbound-client';
import type { ActionServices } from './actions/action';

// Triggers, events and a loopback webhook receiver for engine and api tests.

/** An enabled trigger on `event` running `actions` in the order given. */
export function triggerOf(
  event: TriggerEvent,
  actions: TriggerAction[],
  condition?: Trigger['condition'],
): Trigger {
  return {
    kind: 'trigger',
    schemaVersion: 1,
    name: 'Test trigger',
    description: '',
    enabled: true,
    event,
    ...(condition ? { condition } : {}),
    actions,
  };
}

type ActionBody<Type extends TriggerAction['type']> = Omit<
  Extract<TriggerAction, { type: Type }>,
  'id' | 'order' | 'enabled' | 'type'
>;

/** An enabled action; `index` sets its id and order. */
export function actionOf<Type extends TriggerAction['type']>(
  type: Type,
  body: ActionBody<Type>,
  index = 0,
): TriggerAction {
  return { id: `a${index}`, order: `a${index}`, enabled: true, type, ...body } as unknown as TriggerAction;
}

/** What actions run with in tests: mail to the outbox, outgoing HTTP to loopback allowed, no secrets. */
export function testActionServices(overrides: Partial<ActionServices> = {}): ActionServices {
  return {
    mailer: null,
    mailFrom: 'ERP <erp@example.com>',
    outbound: createOutboundClient({ allowedHosts: ['127.0.0.1'], timeoutMs: 5_000 }),
    secrets: null,
    flows: testRuntime(),
    integrations: null,
    reports: null,
    ...overrides,
  };
}

/** Publishes a trigger on `webhook.received` of a new hook id running `actions`; returns the hook id. */
export async function publishHookTrigger(
  prisma: PrismaClient,
  make: Factories,
  author: { id: string },
  actions: TriggerAction[],
): Promise<string> {
  const hookId = crypto.randomUUID();
  await publishLive(prisma, make, author, triggerOf({ type: 'webhook.received', hookId }, actions));
  return hookId;
}

/** Waits until the event's run has finished (anything but running); returns it with its actions in order. */
export async function waitForRun(prisma: PrismaClient, eventId: string) {
  await expect
    .poll(() => prisma.triggerRun.findFirst({ where: { eventId, outcome: { not: 'running' } } }), {
      timeout: 20_000,
    })
    .toBeTruthy();
  return prisma.triggerRun.findFirstOrThrow({
    where: { eventId },
    include: { actions: { orderBy: { position: 'asc' } } },
  });
}

/** Writes an event as the code that causes it does (its own transaction unless one is given). */
export function emitEvent(prisma: PrismaClient, id: string, type: string, payload: Record<string, unknown>) {
  return prisma.event.create({ data: { id, type, payload: payload as object } });
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Effects applied once per `webhook-id`, as a receiver honouring idempotency keys does. */
  effects: Map<string, ReceivedRequest>;
  /** The status the next requests get (200 unless set). */
  respondWith(status: number, headers?: Record<string, string>): void;
  /** Calls `hook` when a request arrived, before answering (a test can kill the sender there). */
  onRequest(hook: ((request: ReceivedRequest) => Promise<void> | void) | null): void;
}

/** A real HTTP server on 127.0.0.1 recording what it receives; closed after the test file. */
export async function startTestReceiver(): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const effects = new Map<string, ReceivedRequest>();
  let status = 200;
  let extraHeaders: Record<string, string> = {};
  let hook: ((request: ReceivedRequest) => Promise<void> | void) | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      await hook?.(received);
      const key = String(req.headers['webhook-id'] ?? '');
      if (status < 300 && !effects.has(key)) effects.set(key, received);
      res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    effects,
    respondWith(next, headers = {}) {
      status = next;
      extraHeaders = headers;
    },
    onRequest(next) {
      hook = next;
    },
  };
}

/** A real SMTP server on 127.0.0.1 keeping each mail's recipients and raw text; closed after the test file. */
export async function startTestSmtp(): Promise<{ mails: { to: string[]; raw: string }[]; port: number }> {
  const mails: { to: string[]; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
  return { mails, port: (smtp.server.address() as AddressInfo).port };
}
