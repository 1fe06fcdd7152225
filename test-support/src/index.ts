import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGoogleApis, googleError } from './google';
import { FakeGraph, graphError } from './graph';
import { bearerOf, type FakeRequest, type FakeResponse, readRequest, send } from './http';
import { FakeAuthorizationServer, type OAuthClient } from './oauth';

export { columnName } from './google';

// Google's and Microsoft's identity platforms and APIs on one loopback port, paths as the real hosts have
// them, so the app points every *_BASE_URL at this one origin. For tests (imported) and Playwright (main.ts).

export interface FakeProvidersOptions {
  port?: number;
  googleAccount?: string;
  microsoftAccount?: string;
  clients?: OAuthClient[];
}

export interface Throttle {
  /** Answers this many API calls (OAuth endpoints excluded) with 429 before letting them through. */
  times: number;
  retryAfterSeconds: number;
}

export interface FakeProviders {
  /** The origin to give as GOOGLE_*_BASE_URL and MICROSOFT_*_BASE_URL. */
  url: string;
  googleOAuth: FakeAuthorizationServer;
  microsoftOAuth: FakeAuthorizationServer;
  google: FakeGoogleApis;
  graph: FakeGraph;
  /** API requests seen: method, path, and when they came (ms since epoch). */
  requests: { method: string; path: string; status: number; at: number }[];
  throttle(throttle: Throttle): void;
  /** Answers the next API calls with this status (5xx) before letting them through. */
  failNext(times: number, status: number): void;
  close(): Promise<void>;
}

export const fakeClients: OAuthClient[] = [{ id: 'erp-builder-test', secret: 'fake-client-secret' }];

export async function startFakeProviders(options: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const clients = options.clients ?? fakeClients;
  const googleAccount = options.googleAccount ?? 'ada@example.com';
  const microsoftAccount = options.microsoftAccount ?? 'grace@example.com';
  const googleOAuth = new FakeAuthorizationServer(
    {
      authorize: '/o/oauth2/v2/auth',
      consent: '/o/oauth2/v2/consent',
      token: '/o/oauth2/token',
      revoke: '/o/oauth2/revoke',
    },
    googleAccount,
    clients,
    false,
  );
  const microsoftOAuth = new FakeAuthorizationServer(
    {
      authorize: '/common/oauth2/v2.0/authorize',
      consent: '/common/oauth2/v2.0/consent',
      token: '/common/oauth2/v2.0/token',
    },
    microsoftAccount,
    clients,
    true,
  );
  const google = new FakeGoogleApis(googleAccount);
  const graph = new FakeGraph(microsoftAccount);
  const requests: FakeProviders['requests'] = [];
  let throttled: Throttle = { times: 0, retryAfterSeconds: 0 };
  let failures = { times: 0, status: 503 };

  const handleApi = (req: FakeRequest): FakeResponse => {
    const isGraph = req.url.pathname.startsWith('/v1.0/');
    const server = isGraph ? microsoftOAuth : googleOAuth;
    if (throttled.times > 0) {
      throttled.times -= 1;
      const headers = { 'retry-after': String(throttled.retryAfterSeconds) };
      return isGraph
        ? graphError(429, 'TooManyRequests', 'Too many requests.', headers)
        : { ...googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric.'), headers };
    }
    if (failures.times > 0) {
      failures.times -= 1;
      return isGraph
        ? graphError(failures.status, 'ServiceNotAvailable', 'Service unavailable.')
        : googleError(failures.status, 'UNAVAILABLE', 'The service is currently unavailable.');
    }
    const grant = server.authenticate(bearerOf(req));
    if (grant === 'invalid' || grant === 'expired') {
      const headers = { 'www-authenticate': 'Bearer realm="fake", error="invalid_token"' };
      return isGraph
        ? graphError(
            401,
            'InvalidAuthenticationToken',
            'Access token has expired or is not yet valid.',
            headers,
          )
        : {
            ...googleError(
              401,
              'UNAUTHENTICATED',
              'Request had invalid authentication credentials. Expected OAuth 2 access token.',
            ),
            headers,
          };
    }
    const answer = isGraph ? graph.handle(req, grant.scopes) : google.handle(req, grant.scopes);
    return (
      answer ??
      (isGraph
        ? graphError(400, 'BadRequest', 'Resource not found for the segment.')
        : googleError(404, 'NOT_FOUND', 'Not Found'))
    );
  };

  const server = createServer((incoming, res) => {
    readRequest(incoming, 'http://fake.invalid')
      .then(async (req) => {
        req.url = new URL(req.url.pathname + req.url.search, origin);
        const oauth = (await googleOAuth.handle(req)) ?? (await microsoftOAuth.handle(req));
        if (oauth) return send(res, oauth);
        const answer = handleApi(req);
        requests.push({ method: req.method, path: req.url.pathname, status: answer.status, at: Date.now() });
        send(res, answer);
      })
      .catch((error: unknown) => send(res, { status: 500, body: { error: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    googleOAuth,
    microsoftOAuth,
    google,
    graph,
    requests,
    throttle: (throttle) => {
      throttled = { ...throttle };
    },
    failNext: (times, status) => {
      failures = { times, status };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a person does on the fake's consent page, over HTTP: opens it, presses Allow (or Cancel), and is sent
 * back; answers the redirect URL (the app's callback with `code` and `state`, or `error`).
 */
export async function answerConsent(
  authorizationUrl: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location') ?? '');
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`No consent form (${page.status}): ${html.slice(0, 200)}`);
  const form = new URLSearchParams({ decision });
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      name ?? '',
      (value ?? '')
        .replaceAll('&amp;', '&')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>'),
    );
  }
  const answer = await fetch(new URL(action, authorizationUrl), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  return new URL(answer.headers.get('location') ?? '');
}
