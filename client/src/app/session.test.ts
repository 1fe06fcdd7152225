import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLocalServer } from '../testing/local-server';
import { loadSession } from './session';

const user = {
  id: '0b6f1f5e-5d2a-4c57-9a8b-2f6f1c1f0a11',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  roles: ['admin', 'developer'],
  disabled: false,
  createdAt: '2026-01-02T03:04:05.000Z',
};

// What the fake installation answers; each test sets it.
let installation: { isSignedIn: boolean; needsSetup: boolean; isDown?: boolean };
let server: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  server = await startLocalServer((req, _body, res) => {
    if (installation.isDown)
      return sendJson(res, 503, { error: { code: 'unavailable', message: 'Starting up.' } });
    if (req.url === '/api/auth/me') {
      return installation.isSignedIn
        ? sendJson(res, 200, { user })
        : sendJson(res, 401, { error: { code: 'unauthenticated', message: 'Sign in to continue.' } });
    }
    if (req.url === '/api/auth/setup')
      return sendJson(res, 200, { needsSetup: installation.needsSetup, needsSetupCode: false });
    sendJson(res, 404, { error: { code: 'not_found', message: 'No route.' } });
  });
});
afterAll(() => server.close());

describe('loadSession', () => {
  it('is signed in when /auth/me answers', async () => {
    installation = { isSignedIn: true, needsSetup: false };
    await expect(loadSession()).resolves.toEqual({ status: 'signedIn', user });
  });

  it('asks for the first account on a new installation', async () => {
    installation = { isSignedIn: false, needsSetup: true };
    await expect(loadSession()).resolves.toEqual({ status: 'needsSetup', needsSetupCode: false });
  });

  it('goes to sign-in otherwise', async () => {
    installation = { isSignedIn: false, needsSetup: false };
    await expect(loadSession()).resolves.toEqual({ status: 'signedOut', reason: 'visit' });
  });

  it('passes other failures on, so the page can offer to try again', async () => {
    installation = { isSignedIn: false, needsSetup: false, isDown: true };
    await expect(loadSession()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
