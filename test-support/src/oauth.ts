import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml, type FakeRequest, type FakeResponse, json } from './http';

// An OAuth 2.0 authorization server as Google's and Microsoft's identity platforms behave for a confidential
// web client: a consent page, the authorization code grant with PKCE (S256 only), refresh tokens, revocation.
// Error bodies follow RFC 6749 §5.2 ({ error, error_description }).

export interface OAuthClient {
  id: string;
  secret: string;
}

export interface OAuthPaths {
  authorize: string;
  consent: string;
  token: string;
  /** Google has one (RFC 7009-like); Microsoft's identity platform has none. */
  revoke?: string;
}

interface Grant {
  clientId: string;
  scopes: string[];
  isRevoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

const token = (prefix: string) => `${prefix}.${randomBytes(24).toString('base64url')}`;
const oauthError = (status: number, error: string, description: string) =>
  json(status, { error, error_description: description });

export class FakeAuthorizationServer {
  private readonly codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; scopes: string[]; expiresAt: number }
  >();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** Every token handed out (access and refresh), for tests that check none leaks into logs or responses. */
  readonly issuedTokens: string[] = [];
  /** Every grant request seen (grant_type), for tests that assert a refresh happened. */
  readonly tokenRequests: string[] = [];
  accessTokenTtlSeconds = 3599;

  constructor(
    readonly paths: OAuthPaths,
    readonly account: string,
    private readonly clients: OAuthClient[],
    /** Microsoft rotates refresh tokens on use; Google keeps the one it gave. */
    private readonly rotatesRefreshTokens: boolean,
  ) {}

  handle(req: FakeRequest): Promise<FakeResponse> | FakeResponse | null {
    const path = req.url.pathname;
    if (path === this.paths.authorize && req.method === 'GET') return this.authorizePage(req);
    if (path === this.paths.consent && req.method === 'POST') return this.consent(req);
    if (path === this.paths.token && req.method === 'POST') return this.token(req);
    if (path === this.paths.revoke && req.method === 'POST') return this.revoke(req);
    return null;
  }

  /** The grant an API request's bearer token carries: its scopes, or why it is refused. */
  authenticate(accessToken: string | undefined): Grant | 'expired' | 'invalid' {
    const found = accessToken ? this.accessTokens.get(accessToken) : undefined;
    if (!found || found.grant.isRevoked) return 'invalid';
    if (found.expiresAt <= Date.now()) return 'expired';
    return found.grant;
  }

  /** Every access token issued so far stops working (refresh tokens still do). */
  expireAccessTokens(): void {
    for (const issued of this.accessTokens.values()) issued.expiresAt = 0;
  }

  /** Whether the grant behind this refresh token was revoked (disconnect, or the user in their account). */
  isRevoked(refreshToken: string): boolean {
    return this.grants.get(refreshToken)?.isRevoked ?? true;
  }

  /** The user removed the app's access in their account settings: every grant is gone. */
  revokeAllGrants(): void {
    for (const grant of this.grants.values()) grant.isRevoked = true;
  }

  private authorizePage(req: FakeRequest): FakeResponse {
    const query = req.url.searchParams;
    const client = this.clients.find((candidate) => candidate.id === query.get('client_id'));
    if (!client)
      return {
        status: 400,
        body: '<h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p>',
      };
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirectUri)) {
      return { status: 400, body: '<h1>Error 400: redirect_uri_mismatch</h1>' };
    }
    const back = new URL(redirectUri);
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      if (query.get('state')) back.searchParams.set('state', query.get('state') ?? '');
      return { status: 302, headers: { location: back.toString() } };
    };
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type');
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
      return fail('invalid_request');
    }
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return fail('invalid_scope');
    const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'scope']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`)
      .join('');
    const body = `<!doctype html><html lang="en"><head><title>Sign in – Fake identity provider</title></head>
<body><main><h1>Fake identity provider</h1>
<p>Signed in as <strong>${escapeHtml(this.account)}</strong>.</p>
<p>The application <strong>${escapeHtml(client.id)}</strong> wants to:</p>
<ul>${scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('')}</ul>
<form method="post" action="${this.paths.consent}">${hidden}
<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Cancel</button>
</form></main></body></html>`;
    return { status: 200, body };
  }

  private consent(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    const back = new URL(form.get('redirect_uri') ?? '');
    const state = form.get('state');
    if (state) back.searchParams.set('state', state);
    if (form.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: back.toString() } };
    }
    const code = token('code');
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    this.codes.set(code, {
      clientId: form.get('client_id') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      challenge: form.get('code_challenge') ?? '',
      scopes,
      expiresAt: Date.now() + 10 * 60_000,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    const grantType = form.get('grant_type') ?? '';
    this.tokenRequests.push(grantType);
    const client = this.authenticateClient(req, form);
    if (!client) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now() || code.clientId !== client.id) {
        return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      }
      if (code.redirectUri !== form.get('redirect_uri')) {
        return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      }
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!verifier || challenge !== code.challenge) {
        return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
      }
      const refreshToken = token('refresh');
      this.issuedTokens.push(refreshToken);
      const grant = { clientId: client.id, scopes: code.scopes, isRevoked: false };
      this.grants.set(refreshToken, grant);
      return json(200, { ...this.issueAccessToken(grant), refresh_token: refreshToken });
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      const grant = this.grants.get(refreshToken);
      if (!grant || grant.isRevoked || grant.clientId !== client.id) {
        return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      }
      if (!this.rotatesRefreshTokens) return json(200, this.issueAccessToken(grant));
      this.grants.delete(refreshToken);
      const rotated = token('refresh');
      this.issuedTokens.push(rotated);
      this.grants.set(rotated, grant);
      return json(200, { ...this.issueAccessToken(grant), refresh_token: rotated });
    }
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
  }

  private revoke(req: FakeRequest): FakeResponse {
    const value = new URLSearchParams(req.body).get('token') ?? req.url.searchParams.get('token') ?? '';
    const grant = this.grants.get(value) ?? this.accessTokens.get(value)?.grant;
    if (!grant) return oauthError(400, 'invalid_token', 'Token expired or revoked');
    grant.isRevoked = true;
    return json(200, {});
  }

  // client_secret_post or client_secret_basic, as both providers accept.
  private authenticateClient(req: FakeRequest, form: URLSearchParams): OAuthClient | undefined {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const [user, password] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(password ?? '');
    }
    return this.clients.find((client) => client.id === id && client.secret === secret);
  }

  private issueAccessToken(grant: Grant) {
    const accessToken = token('access');
    this.issuedTokens.push(accessToken);
    this.accessTokens.set(accessToken, { grant, expiresAt: Date.now() + this.accessTokenTtlSeconds * 1000 });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.accessTokenTtlSeconds,
      scope: grant.scopes.join(' '),
    };
  }
}
