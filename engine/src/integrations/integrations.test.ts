import { Writable } from 'node:stream';
import { createSecretBox, type SecretBox, storeConnectionTokens } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import { answerConsent, type FakeProviders, fakeClients, startFakeProviders } from '@erp/test-support';
import { pino } from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { publishLive } from '../flows/testing';
import { createOutboundClient } from '../outbound/outbound-client';
import {
  actionOf,
  emitEvent,
  publishHookTrigger,
  testActionServices,
  triggerOf,
  waitForRun,
} from '../triggers/testing';
import { startTriggerRunner } from '../triggers/trigger-runner';
import { pollConnectedEvents } from './event-sources';

// Gmail, Sheets and Outlook actions against the loopback fakes of the providers: each call recorded on the run,
// tokens refreshed before expiry and after a 401, a revoked grant marking the connection, 429 + Retry-After,
// and no token in any log line or run record.

const fakes: FakeProviders = await startFakeProviders();
afterAll(() => fakes.close());
const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
const { user: developer } = await make.user(['developer']);
const box: SecretBox = createSecretBox('a test key of thirty-two characters or more');
const [client] = fakeClients;
const config = {
  GOOGLE_OAUTH_BASE_URL: fakes.url,
  GOOGLE_API_BASE_URL: fakes.url,
  MICROSOFT_LOGIN_BASE_URL: fakes.url,
  MICROSOFT_GRAPH_BASE_URL: fakes.url,
  GOOGLE_CLIENT_ID: client?.id,
  GOOGLE_CLIENT_SECRET: client?.secret,
  MICROSOFT_CLIENT_ID: client?.id,
  MICROSOFT_CLIENT_SECRET: client?.secret,
};
const logLines: string[] = [];
const runner = await startTriggerRunner({
  connectionString: databaseUrl,
  prisma,
  logger: pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  ),
  pollMs: 100,
  retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
  services: testActionServices({
    secrets: box,
    integrations: { prisma, config, callsPerSecond: 50, maxRetryWaitMs: 3_000 },
  }),
});
afterAll(() => runner.stop());

beforeEach(() => {
  fakes.googleOAuth.accessTokenTtlSeconds = 3599;
  fakes.microsoftOAuth.accessTokenTtlSeconds = 3599;
});

// The OAuth dance as the api does it (its own test covers the api's side), tokens sealed on a new row.
async function connect(provider: 'google' | 'microsoft', scopes: string[]): Promise<string> {
  const server = provider === 'google' ? fakes.googleOAuth : fakes.microsoftOAuth;
  const verifier = 'v'.repeat(50);
  const challenge = Buffer.from(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  ).toString('base64url');
  const authorize = new URL(`${fakes.url}${server.paths.authorize}`);
  const redirectUri = 'http://127.0.0.1:3000/api/connections/callback';
  authorize.search = new URLSearchParams({
    client_id: client?.id ?? '',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    state: 'state-of-this-test',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await answerConsent(authorize.toString());
  const response = await fetch(`${fakes.url}${server.paths.token}`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: client?.id ?? '',
      client_secret: client?.secret ?? '',
    }),
  });
  const tokens = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
  };
  const id = crypto.randomUUID();
  await prisma.connection.create({
    data: {
      id,
      provider,
      scopes: [],
      status: 'connected',
      account: server.account,
      createdById: developer.id,
    },
  });
  await storeConnectionTokens(prisma, box, id, {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresInSeconds: tokens.expires_in,
  });
  return id;
}

const gmail = 'https://www.googleapis.com/auth/gmail.send';
const sheets = 'https://www.googleapis.com/auth/spreadsheets';
let eventCount = 0;
async function fire(hookId: string, body: Record<string, unknown>) {
  const id = `webhook.received:${hookId}:${++eventCount}`;
  await emitEvent(prisma, id, 'webhook.received', { hookId, messageId: String(eventCount), body });
  return waitForRun(prisma, id);
}

describe('Gmail', () => {
  it('sends as the account, threaded by Message-ID, with the idempotency key as its own Message-ID', async () => {
    const connectionId = await connect('google', [gmail]);
    const original = fakes.google.receive({ from: 'customer@example.com', subject: 'Order 7' });
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('gmailSend', {
        connectionId,
        to: [{ type: 'path', path: 'body.customer' }],
        subject: 'Re: Order {{body.number}}',
        body: 'Shipped today.',
        inReplyTo: '{{body.messageId}}',
      }),
    ]);
    const run = await fire(hookId, {
      customer: 'customer@example.com',
      number: 7,
      messageId: original.headers['message-id'],
    });
    expect(run.outcome).toBe('completed');
    const [action] = run.actions;
    const result = action?.result as { messageId: string; threadId: string; calls: unknown[] };
    const sent = fakes.google.sentMail.find((mail) => mail.headers['message-id'] === result.messageId);
    expect(sent).toMatchObject({
      threadId: original.threadId,
      headers: {
        to: 'customer@example.com',
        subject: 'Re: Order 7',
        'in-reply-to': original.headers['message-id'],
      },
    });
    expect(result.threadId).toBe(original.threadId);
    expect(result.calls).toEqual([
      {
        method: 'POST',
        endpoint: `${fakes.url}/gmail/v1/users/me/messages/send`,
        status: 200,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('refuses a reply-to that is not a Message-ID, and a connection of the wrong provider', async () => {
    const google = await connect('google', [gmail]);
    const microsoft = await connect('microsoft', ['offline_access', 'Mail.Send']);
    const mail = { to: [{ type: 'email' as const, address: 'a@example.com' }], subject: 'Hi', body: 'Hello' };
    const badReply = await publishHookTrigger(prisma, make, developer, [
      actionOf('gmailSend', { connectionId: google, ...mail, inReplyTo: '{{body.text}}' }),
    ]);
    const refused = await fire(badReply, { text: 'x>\r\nBcc: everyone@example.com' });
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toContain('is not a Message-ID');
    const wrongProvider = await publishHookTrigger(prisma, make, developer, [
      actionOf('gmailSend', { connectionId: microsoft, ...mail, inReplyTo: '' }),
    ]);
    expect((await fire(wrongProvider, {})).error).toContain('needs a google connection');
  });
});

describe('Google Sheets', () => {
  it('appends a row by column header and updates the rows where a column equals a value', async () => {
    const connectionId = await connect('google', [sheets]);
    const spreadsheetId = 'sheet-0123456789';
    fakes.google.spreadsheets.set(spreadsheetId, new Map([['Orders', [['Number', 'Customer', 'Status']]]]));
    const where = { connectionId, spreadsheetId, sheet: 'Orders' };
    const append = await publishHookTrigger(prisma, make, developer, [
      actionOf('sheetsAppendRow', {
        ...where,
        values: {
          Customer: { type: 'path', path: 'body.customer' },
          Number: { type: 'path', path: 'body.number' },
          Status: { type: 'value', value: 'new' },
        },
      }),
    ]);
    expect((await fire(append, { number: 1, customer: '=HYPERLINK("http://evil.example")' })).outcome).toBe(
      'completed',
    );
    expect((await fire(append, { number: 2, customer: 'Bob' })).outcome).toBe('completed');
    const update = await publishHookTrigger(prisma, make, developer, [
      actionOf('sheetsUpdateRows', {
        ...where,
        matchColumn: 'Number',
        matchValue: { type: 'path', path: 'body.number' },
        values: { Status: { type: 'value', value: 'paid' } },
      }),
    ]);
    const run = await fire(update, { number: 2 });
    expect(run.actions[0]?.result).toMatchObject({ updatedRows: [3] });
    expect(fakes.google.spreadsheets.get(spreadsheetId)?.get('Orders')).toEqual([
      ['Number', 'Customer', 'Status'],
      ['1', '=HYPERLINK("http://evil.example")', 'new'],
      ['2', 'Bob', 'paid'],
    ]);
    // A missing match value never means every row.
    const missing = await fire(update, {});
    expect(missing.outcome).toBe('failed');
    expect(missing.error).toContain('missing from the event');
  });

  it('names a mapped column the sheet does not have', async () => {
    const connectionId = await connect('google', [sheets]);
    fakes.google.spreadsheets.set('sheet-columns-01', new Map([['S', [['A']]]]));
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('sheetsAppendRow', {
        connectionId,
        spreadsheetId: 'sheet-columns-01',
        sheet: 'S',
        values: { Total: { type: 'value', value: 1 } },
      }),
    ]);
    const run = await fire(hookId, {});
    expect(run.error).toContain('The sheet "S" has no column "Total"');
  });
});

describe('Outlook', () => {
  it('sends mail through Graph with the idempotency key as an X- header', async () => {
    const connectionId = await connect('microsoft', ['offline_access', 'User.Read', 'Mail.Send']);
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('outlookSend', {
        connectionId,
        to: [{ type: 'email', address: 'finance@example.com' }],
        subject: 'Invoice {{body.number}}',
        body: 'Please pay.',
      }),
    ]);
    const run = await fire(hookId, { number: 'INV-9' });
    expect(run.outcome).toBe('completed');
    const result = run.actions[0]?.result as { idempotencyKey: string };
    expect(fakes.graph.sentMail.at(-1)).toMatchObject({
      subject: 'Invoice INV-9',
      to: ['finance@example.com'],
      headers: { 'x-erp-idempotency-key': result.idempotencyKey },
    });
  });
});

describe('tokens', () => {
  it('refreshes an access token about to expire before calling, and one the provider stopped accepting', async () => {
    fakes.microsoftOAuth.accessTokenTtlSeconds = 30;
    const connectionId = await connect('microsoft', ['offline_access', 'Mail.Send']);
    const before = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('outlookSend', {
        connectionId,
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'S',
        body: 'B',
      }),
    ]);
    const refreshes = () =>
      fakes.microsoftOAuth.tokenRequests.filter((grant) => grant === 'refresh_token').length;
    const start = refreshes();
    expect((await fire(hookId, {})).outcome).toBe('completed');
    expect(refreshes()).toBe(start + 1);
    const after = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    // Microsoft rotates refresh tokens: the new one is what is stored.
    expect(Buffer.from(after.refreshToken ?? []).equals(Buffer.from(before.refreshToken ?? []))).toBe(false);

    fakes.microsoftOAuth.accessTokenTtlSeconds = 3599;
    expect((await fire(hookId, {})).outcome).toBe('completed');
    expect(refreshes()).toBe(start + 2);
    fakes.microsoftOAuth.expireAccessTokens();
    expect((await fire(hookId, {})).outcome).toBe('completed');
    expect(refreshes()).toBe(start + 3);
  });

  it('marks a revoked grant on the connection and fails the runs with the reason', async () => {
    const connectionId = await connect('google', [gmail]);
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('gmailSend', {
        connectionId,
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'S',
        body: 'B',
        inReplyTo: '',
      }),
    ]);
    fakes.googleOAuth.revokeAllGrants();
    const run = await fire(hookId, {});
    expect(run.outcome).toBe('failed');
    expect(run.actions[0]?.status).toBe('dead');
    expect(run.error).toContain('reconnect the account');
    const connection = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection).toMatchObject({ status: 'revoked', refreshToken: null, accessToken: null });
    expect(connection.lastError).toContain('Token has been expired or revoked.');
    const next = await fire(hookId, {});
    expect(next.error).toMatch(/connection ada@example.com is revoked .*reconnect it/);
  });
});

describe('rate limits', () => {
  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    const connectionId = await connect('microsoft', ['offline_access', 'Mail.Send']);
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('outlookSend', {
        connectionId,
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'S',
        body: 'B',
      }),
    ]);
    fakes.throttle({ times: 1, retryAfterSeconds: 1 });
    const run = await fire(hookId, {});
    expect(run.outcome).toBe('completed');
    const [throttled, passed] = fakes.requests
      .filter((request) => request.path === '/v1.0/me/sendMail')
      .slice(-2);
    expect(throttled?.status).toBe(429);
    expect(passed?.status).toBe(202);
    expect((passed?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    const calls = (run.actions[0]?.result as { calls: { status: number }[] } | undefined)?.calls ?? [];
    expect(calls.map((call) => call.status)).toEqual([429, 202]);
  });

  it('hands a long Retry-After back to the ledger: the action is retried no sooner', async () => {
    const connectionId = await connect('google', [gmail]);
    const hookId = await publishHookTrigger(prisma, make, developer, [
      actionOf('gmailSend', {
        connectionId,
        to: [{ type: 'email', address: 'a@example.com' }],
        subject: 'S',
        body: 'B',
        inReplyTo: '',
      }),
    ]);
    fakes.throttle({ times: 1, retryAfterSeconds: 120 });
    const id = `webhook.received:${hookId}:long`;
    await emitEvent(prisma, id, 'webhook.received', { hookId, messageId: 'long', body: {} });
    await expect
      .poll(() => prisma.triggerAction.findFirst({ where: { run: { eventId: id }, attempts: 1 } }), {
        timeout: 20_000,
      })
      .toBeTruthy();
    const action = await prisma.triggerAction.findFirstOrThrow({ where: { run: { eventId: id } } });
    expect(action.status).toBe('pending');
    expect(action.error).toContain('answered 429');
    expect(action.availableAt.getTime() - action.updatedAt.getTime()).toBeGreaterThanOrEqual(119_000);
    fakes.throttle({ times: 0, retryAfterSeconds: 0 });
  });
});

describe('events of connected accounts', () => {
  const sources = {
    prisma,
    logger: pino({ level: 'silent' }),
    secrets: box,
    outbound: createOutboundClient({ allowedHosts: ['127.0.0.1'] }),
    integrations: { prisma, config, callsPerSecond: 50, maxRetryWaitMs: 3_000 },
  };
  const noteAction = actionOf('sendEmail', {
    to: [{ type: 'email', address: 'log@example.com' }],
    subject: 'Seen: {{subject}}{{row.Customer}}',
    body: 'From {{from}}',
  });
  const runsOf = (triggerId: string) =>
    prisma.triggerRun.findMany({ where: { documentId: triggerId }, orderBy: { createdAt: 'asc' } });

  it('Gmail: new messages matching the query, incrementally by history id; one run per message even when seen twice', async () => {
    const connectionId = await connect('google', ['https://www.googleapis.com/auth/gmail.readonly']);
    fakes.google.receive({ from: 'old@example.com', subject: 'Invoice 1 (before the trigger)' });
    const triggerId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'gmail.message_received', connectionId, query: 'subject:invoice' }, [noteAction]),
    );
    expect(await pollConnectedEvents(sources)).toBe(0);
    const cursor = await prisma.integrationCursor.findUniqueOrThrow({ where: { triggerId } });
    fakes.google.receive({ from: 'billing@example.com', subject: 'Invoice 2' });
    fakes.google.receive({ from: 'friend@example.com', subject: 'Lunch?' });
    expect(await pollConnectedEvents(sources)).toBe(1);
    await runner.idle();
    await expect.poll(async () => (await runsOf(triggerId)).map((run) => run.outcome)).toEqual(['completed']);
    const [run] = await runsOf(triggerId);
    expect(run?.context).toMatchObject({
      from: 'billing@example.com',
      subject: 'Invoice 2',
      triggerId,
      connectionId,
    });
    expect((run?.context as { messageId?: string } | undefined)?.messageId).toMatch(/^<.+@mail\.example>$/);
    // Nothing new: nothing polled.
    expect(await pollConnectedEvents(sources)).toBe(0);
    // The same messages delivered again (a crash before the cursor moved): still one run.
    await prisma.integrationCursor.update({ where: { triggerId }, data: { cursor: cursor.cursor } });
    expect(await pollConnectedEvents(sources)).toBe(1);
    await runner.idle();
    expect(await runsOf(triggerId)).toHaveLength(1);
  });

  it('Sheets: each row added after the trigger went live is one event with its values by header', async () => {
    const connectionId = await connect('google', [sheets]);
    const spreadsheetId = 'sheet-events-0001';
    fakes.google.spreadsheets.set(
      spreadsheetId,
      new Map([
        [
          'Orders',
          [
            ['Number', 'Customer'],
            ['1', 'Old'],
          ],
        ],
      ]),
    );
    const triggerId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'sheets.row_added', connectionId, spreadsheetId, sheet: 'Orders' }, [noteAction]),
    );
    expect(await pollConnectedEvents(sources)).toBe(0);
    fakes.google.spreadsheets.get(spreadsheetId)?.get('Orders')?.push(['2', 'Ada'], ['3', 'Bob']);
    expect(await pollConnectedEvents(sources)).toBe(2);
    await runner.idle();
    await expect.poll(async () => (await runsOf(triggerId)).length).toBe(2);
    const contexts = (await runsOf(triggerId)).map(
      (run) => run.context as { rowNumber: number; row: object },
    );
    expect(contexts.map((context) => [context.rowNumber, context.row]).sort()).toEqual([
      [3, { Number: '2', Customer: 'Ada' }],
      [4, { Number: '3', Customer: 'Bob' }],
    ]);
  });

  it('Outlook: new messages in the folder through delta links', async () => {
    const connectionId = await connect('microsoft', ['offline_access', 'Mail.Read']);
    for (let index = 0; index < 12; index += 1)
      fakes.graph.receive({ from: 'old@example.com', subject: `Old ${index}` });
    const triggerId = await publishLive(
      prisma,
      make,
      developer,
      triggerOf({ type: 'outlook.message_received', connectionId, folder: 'inbox' }, [noteAction]),
    );
    // The first sync pages through what is there (10 a page) and fires nothing.
    expect(await pollConnectedEvents(sources)).toBe(0);
    expect((await prisma.integrationCursor.findUniqueOrThrow({ where: { triggerId } })).cursor).toContain(
      '$deltatoken=',
    );
    fakes.graph.receive({ from: 'boss@example.com', subject: 'Budget' });
    fakes.graph.receive({ from: 'boss@example.com', subject: 'Filed' }, 'archive');
    expect(await pollConnectedEvents(sources)).toBe(1);
    await runner.idle();
    await expect
      .poll(async () => (await runsOf(triggerId)).map((run) => run.context))
      .toEqual([expect.objectContaining({ from: 'boss@example.com', subject: 'Budget' })]);
  });
});

it('never writes a token to a log line or a run record', async () => {
  await runner.idle();
  const runs = await prisma.triggerRun.findMany({ include: { actions: true } });
  const everything = JSON.stringify(runs) + logLines.join('\n');
  const tokens = [...fakes.googleOAuth.issuedTokens, ...fakes.microsoftOAuth.issuedTokens];
  expect(logLines.length).toBeGreaterThan(0);
  expect(tokens.length).toBeGreaterThan(10);
  for (const token of tokens) expect(everything).not.toContain(token);
});
