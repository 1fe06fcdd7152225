import { Writable } from 'node:stream';
import { answerConsent, type FakeProviders, fakeClients, startFakeProviders } from '@erp/test-support';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp } from '../../testing/test-app';

// Connecting accounts against the loopback fakes of Google's and Microsoft's OAuth servers: the code flow with
// PKCE and state, tokens sealed at rest and absent from every answer and log line, refusals, disconnect.

const fakes: FakeProviders = await startFakeProviders();
afterAll(() => fakes.close());
const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
const [client] = fakeClients;
const t = await createTestApp(
  {
    GOOGLE_OAUTH_BASE_URL: fakes.url,
    GOOGLE_API_BASE_URL: fakes.url,
    MICROSOFT_LOGIN_BASE_URL: fakes.url,
    MICROSOFT_GRAPH_BASE_URL: fakes.url,
    GOOGLE_CLIENT_ID: client?.id ?? '',
    GOOGLE_CLIENT_SECRET: client?.secret ?? '',
    MICROSOFT_CLIENT_ID: client?.id ?? '',
    MICROSOFT_CLIENT_SECRET: client?.secret ?? '',
    // supertest serves each request on a new port: the redirect URL must not depend on it.
    PUBLIC_URL: 'http://127.0.0.1:3000',
  },
  { logger },
);
const developer = await t.make.user(['developer']);
const employee = await t.make.user(['employee']);
const as = (token: string) => ({
  get: (path: string) => t.http().get(path).set(bearer(token)),
  post: (path: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body),
  delete: (path: string) => t.http().delete(path).set(bearer(token)),
});

async function connect(
  provider: 'google' | 'microsoft',
  scopes: string[],
  decision: 'allow' | 'deny' = 'allow',
) {
  const started = await as(developer.token).post('/api/connections', { provider, scopes }).expect(201);
  const redirect = await answerConsent(started.body.authorizationUrl, decision);
  const back = await as(developer.token).get(`${redirect.pathname}${redirect.search}`).expect(303);
  return { id: started.body.id as string, redirect, location: back.headers.location as string };
}

describe('connecting an account', () => {
  it('runs the code flow with PKCE and state, and stores the tokens sealed', async () => {
    const started = await as(developer.token)
      .post('/api/connections', { provider: 'google', scopes: ['gmailSend', 'sheets'] })
      .expect(201);
    const url = new URL(started.body.authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${fakes.url}/o/oauth2/v2/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining([
        'https://www.googleapis.com/auth/gmail.send',
        'https://www.googleapis.com/auth/spreadsheets',
      ]),
    );

    const redirect = await answerConsent(started.body.authorizationUrl);
    expect(redirect.pathname).toBe('/api/connections/callback');
    const back = await as(developer.token).get(`${redirect.pathname}${redirect.search}`).expect(303);
    expect(back.headers.location).toBe(`/console/integrations?connected=${started.body.id}`);

    const list = await as(developer.token).get('/api/connections').expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: started.body.id,
        provider: 'google',
        account: 'ada@example.com',
        scopes: ['gmailSend', 'sheets'],
        status: 'connected',
        lastError: null,
      }),
    ]);
    const row = await t.prisma.connection.findUniqueOrThrow({ where: { id: started.body.id } });
    expect(row.oauthState).toBeNull();
    expect(row.codeVerifier).toBeNull();
    const stored = Buffer.concat([
      Buffer.from(row.refreshToken ?? []),
      Buffer.from(row.accessToken ?? []),
    ]).toString('latin1');
    for (const token of fakes.googleOAuth.issuedTokens) expect(stored).not.toContain(token);
    expect(fakes.googleOAuth.tokenRequests).toEqual(['authorization_code']);

    // The same redirect again (a replay) finds no pending request.
    const replay = await as(developer.token).get(`${redirect.pathname}${redirect.search}`).expect(303);
    expect(replay.headers.location).toMatch(/^\/console\/integrations\?error=/);
  });

  it('connects a Microsoft account (refresh token asked for with offline_access)', async () => {
    const { id, location } = await connect('microsoft', ['mailSend']);
    expect(location).toBe(`/console/integrations?connected=${id}`);
    const row = await t.prisma.connection.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'connected', account: 'grace@example.com' });
  });

  it('refuses a callback whose state is not the one it issued, and a verifier that does not match', async () => {
    const started = await as(developer.token).post('/api/connections', {
      provider: 'google',
      scopes: ['sheets'],
    });
    const redirect = await answerConsent(started.body.authorizationUrl);
    redirect.searchParams.set('state', 'forged-state-value-0000000000');
    const forged = await as(developer.token).get(`${redirect.pathname}${redirect.search}`).expect(303);
    expect(forged.headers.location).toContain('error=');
    // A code stolen from the redirect is useless without the verifier: the token endpoint says so.
    const stolen = await fetch(`${fakes.url}/o/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: `${redirect.origin}${redirect.pathname}`,
        code_verifier: 'a-verifier-guessed-by-someone-else-000000000000',
        client_id: client?.id ?? '',
        client_secret: client?.secret ?? '',
      }),
    });
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    });
  });

  it('says so when the person cancels on the consent page, and keeps no row', async () => {
    const before = await t.prisma.connection.count();
    const { location } = await connect('google', ['gmailSend'], 'deny');
    expect(decodeURIComponent(location)).toContain('Access was not granted at the provider.');
    expect(await t.prisma.connection.count()).toBe(before);
  });

  it('validates the request and holds to the roles', async () => {
    await as(developer.token)
      .post('/api/connections', { provider: 'google', scopes: ['mailSend'] })
      .expect(400);
    await as(developer.token).post('/api/connections', { provider: 'google', scopes: [] }).expect(400);
    await as(developer.token)
      .post('/api/connections', { provider: 'yahoo', scopes: ['x'] })
      .expect(400);
    await as(employee.token)
      .post('/api/connections', { provider: 'google', scopes: ['sheets'] })
      .expect(403);
    await as(employee.token).get('/api/connections').expect(403);
    await t.http().get('/api/connections').expect(401);
  });

  it('disconnects: revokes the grant at the provider and deletes the tokens', async () => {
    const { id } = await connect('google', ['sheets']);
    const issued = fakes.googleOAuth.issuedTokens.filter((token) => token.startsWith('refresh.'));
    const refreshToken = issued[issued.length - 1] ?? '';
    expect(fakes.googleOAuth.isRevoked(refreshToken)).toBe(false);
    await as(developer.token).delete(`/api/connections/${id}`).expect(204);
    expect(fakes.googleOAuth.isRevoked(refreshToken)).toBe(true);
    expect(await t.prisma.connection.findUnique({ where: { id } })).toBeNull();
    await as(developer.token).delete(`/api/connections/${id}`).expect(404);
  });

  it('never shows a token in an answer or a log line', async () => {
    const list = await as(developer.token).get('/api/connections').expect(200);
    const everything = JSON.stringify(list.body) + logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    const tokens = [...fakes.googleOAuth.issuedTokens, ...fakes.microsoftOAuth.issuedTokens];
    expect(tokens.length).toBeGreaterThan(4);
    for (const token of tokens) expect(everything).not.toContain(token);
  });
});

describe('without an OAuth app configured', () => {
  it('answers what to set', async () => {
    const bare = await createTestApp();
    const user = await bare.make.user(['developer']);
    const response = await bare
      .http()
      .post('/api/connections')
      .set(bearer(user.token))
      .send({ provider: 'microsoft', scopes: ['mailSend'] })
      .expect(409);
    expect(response.body.error.message).toContain('MICROSOFT_CLIENT_ID');
  });
});
