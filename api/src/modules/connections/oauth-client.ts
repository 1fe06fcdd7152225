import {
  authorizationServerOf,
  type ConnectionProvider,
  googleApiUrl,
  graphApiUrl,
  type ProviderUrls,
} from '@erp/shared';
import * as oauth from 'oauth4webapi';
import type { ApiConfig } from '../../config';

// The OAuth client side of connecting an account, with oauth4webapi: the authorization request (PKCE S256 +
// state) and the code exchange. The endpoints are operator configuration (never a user's input), so plain fetch
// is enough here; http is allowed only for loopback (the test fakes).

export interface ProviderClient {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  options: { [oauth.allowInsecureRequests]?: boolean };
}

export function providerClientOf(config: ApiConfig, provider: ConnectionProvider): ProviderClient | null {
  const [id, secret] =
    provider === 'google'
      ? [config.GOOGLE_CLIENT_ID, config.GOOGLE_CLIENT_SECRET]
      : [config.MICROSOFT_CLIENT_ID, config.MICROSOFT_CLIENT_SECRET];
  if (!id || !secret) return null;
  const endpoints = authorizationServerOf(provider, config);
  const as: oauth.AuthorizationServer = { ...endpoints };
  return {
    as,
    client: { client_id: id },
    auth: oauth.ClientSecretPost(secret),
    options: { [oauth.allowInsecureRequests]: isLoopbackHttp(endpoints.token_endpoint) },
  };
}

const isLoopbackHttp = (url: string) => /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/)/.test(url);

export async function startAuthorization(
  provider: ProviderClient,
  params: {
    redirectUri: string;
    scopes: string[];
    state: string;
    codeVerifier: string;
    extra: Record<string, string>;
  },
): Promise<string> {
  const url = new URL(provider.as.authorization_endpoint ?? '');
  url.searchParams.set('client_id', provider.client.client_id);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', params.scopes.join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(params.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [name, value] of Object.entries(params.extra)) url.searchParams.set(name, value);
  return url.toString();
}

/** Checks the redirect (state, error) and exchanges the code; throws oauth4webapi's errors on refusal. */
export async function exchangeCode(
  provider: ProviderClient,
  callback: URLSearchParams,
  expected: { state: string; redirectUri: string; codeVerifier: string },
) {
  const params = oauth.validateAuthResponse(provider.as, provider.client, callback, expected.state);
  const response = await oauth.authorizationCodeGrantRequest(
    provider.as,
    provider.client,
    provider.auth,
    params,
    expected.redirectUri,
    expected.codeVerifier,
    provider.options,
  );
  return oauth.processAuthorizationCodeResponse(provider.as, provider.client, response);
}

/** Best effort: tells the provider to forget the grant (Google); Microsoft has no revocation endpoint. */
export async function revokeToken(provider: ProviderClient, token: string): Promise<void> {
  if (!provider.as.revocation_endpoint) return;
  const response = await oauth.revocationRequest(
    provider.as,
    provider.client,
    provider.auth,
    token,
    provider.options,
  );
  await oauth.processRevocationResponse(response);
}

/** The account's address, read with the new access token. */
export async function fetchAccount(
  urls: ProviderUrls,
  provider: ConnectionProvider,
  accessToken: string,
): Promise<string | null> {
  const url =
    provider === 'google'
      ? googleApiUrl(urls, 'userinfo', '/oauth2/v3/userinfo')
      : graphApiUrl(urls, '/v1.0/me');
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}` },
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) return null;
  const body = (await response.json()) as { email?: string; mail?: string; userPrincipalName?: string };
  const account = body.email ?? body.mail ?? body.userPrincipalName ?? null;
  return account ? account.slice(0, 320) : null;
}

export { generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
