import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendJson, startLocalServer } from '../testing/local-server';
import { ApiError, apiRequest, buildUrl, onUnauthenticated, parseForm, splitFormError } from './client';

let server: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  server = await startLocalServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    switch (url.pathname) {
      case '/ok':
        return sendJson(res, 200, { name: 'Ada', echo: url.search });
      case '/echo':
        return sendJson(res, 200, {
          method: req.method,
          type: req.headers['content-type'],
          body: JSON.parse(body),
        });
      case '/invalid':
        return sendJson(res, 400, {
          error: {
            code: 'invalid_input',
            message: 'The request is not valid.',
            details: {
              issues: [
                { path: ['email'], message: 'Invalid email address' },
                { path: ['email'], message: 'second message is not shown' },
                { path: ['roles', '0'], message: 'Invalid option' },
              ],
            },
          },
        });
      case '/unauthenticated':
        return sendJson(res, 401, { error: { code: 'unauthenticated', message: 'Sign in to continue.' } });
      case '/proxy-down':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html>Bad gateway</html>');
      case '/empty':
        res.writeHead(204);
        return res.end();
      default:
        return sendJson(res, 404, {
          error: { code: 'not_found', message: `No route ${req.method} ${url.pathname}.` },
        });
    }
  });
});
afterAll(() => server.close());

const nameSchema = z.object({ name: z.string() });

describe('apiRequest', () => {
  it('parses a successful answer with the given schema', async () => {
    await expect(apiRequest('/ok', { schema: nameSchema })).resolves.toEqual({ name: 'Ada' });
  });

  it('sends JSON bodies and drops empty query values', async () => {
    const answer = await apiRequest('/echo', {
      method: 'POST',
      body: { a: 1 },
      schema: z.object({ method: z.string(), type: z.string(), body: z.unknown() }),
    });
    expect(answer).toEqual({ method: 'POST', type: 'application/json', body: { a: 1 } });
    expect(buildUrl('/x', { q: '', kind: 'flow', cursor: undefined, limit: 5 })).toBe('/x?kind=flow&limit=5');
  });

  it('turns the error body into an ApiError with code, message and field errors', async () => {
    const error = await apiRequest('/invalid').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect([apiError.status, apiError.code, apiError.message]).toEqual([
      400,
      'invalid_input',
      'The request is not valid.',
    ]);
    expect(apiError.fieldErrors).toEqual({ email: 'Invalid email address', roles: 'Invalid option' });
  });

  it('explains an answer that is not our error shape (a proxy page) by its status', async () => {
    await expect(apiRequest('/proxy-down')).rejects.toMatchObject({ status: 502, code: 'unavailable' });
  });

  it('refuses an answer that does not match the schema instead of passing it on', async () => {
    await expect(apiRequest('/ok', { schema: z.object({ id: z.uuid() }) })).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });

  it('accepts 204 without a schema', async () => {
    await expect(apiRequest('/empty', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('raises the session alarm on a 401, except for requests that work without a session', async () => {
    let alarms = 0;
    const stop = onUnauthenticated(() => {
      alarms += 1;
    });
    await expect(apiRequest('/unauthenticated', { isAnonymous: true })).rejects.toMatchObject({
      status: 401,
    });
    expect(alarms).toBe(0);
    await expect(apiRequest('/unauthenticated')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(alarms).toBe(1);
    stop();
    await apiRequest('/unauthenticated').catch(() => undefined);
    expect(alarms).toBe(1);
  });

  it('reports an unreachable server as a network error a person can act on', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('fetch failed'));
    try {
      await expect(apiRequest('/ok')).rejects.toMatchObject({ status: 0, code: 'network' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('form errors', () => {
  const schema = z.object({ email: z.email(), name: z.string().min(1, 'Enter a name.') });

  it('parseForm fails like the server does, so one code path shows both', () => {
    const error = (() => {
      try {
        parseForm(schema, { email: 'nope', name: '' });
      } catch (caught) {
        return caught as ApiError;
      }
    })();
    expect(error?.code).toBe('invalid_input');
    // The schema's own message wins; zod's generic ones become plain language.
    expect(error?.fieldErrors).toEqual({
      email: 'Enter an email address, like name@example.com.',
      name: 'Enter a name.',
    });
  });

  it('splitFormError puts known fields next to them and everything else on the form', () => {
    const fieldError = new ApiError(400, 'invalid_input', 'x', {
      issues: [{ path: ['name'], message: 'Enter a name.' }],
    });
    expect(splitFormError(fieldError, ['name', 'email'])).toEqual({
      fieldErrors: { name: 'Enter a name.' },
      formError: undefined,
    });
    const unknownField = new ApiError(400, 'invalid_input', 'x', {
      issues: [{ path: ['other'], message: 'bad' }],
    });
    expect(splitFormError(unknownField, ['name']).formError).toBe(unknownField);
    const conflict = new ApiError(409, 'conflict', 'The email is taken.');
    expect(splitFormError(conflict, ['email'])).toEqual({ fieldErrors: {}, formError: conflict });
    expect(splitFormError(null, ['email'])).toEqual({ fieldErrors: {}, formError: undefined });
  });
});
