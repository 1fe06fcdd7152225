import {
  markConnectionLost,
  type Prisma,
  type PrismaClient,
  readConnectionTokens,
  type SecretBox,
  storeConnectionTokens,
} from '@erp/prisma';
import { authorizationServerOf, type ConnectionProvider, type ProviderUrls } from '@erp/shared';
import * as oauth from 'oauth4webapi';
import { type OutboundClient, OutboundStatusError } from '../outbound/outbound-client';
import { PermanentActionError } from '../triggers/action-errors';

// Calls to Google and Microsoft APIs with a connection's token: through the SSRF-safe client, paced per
// connection, the access token refreshed before it expires (and once more on a 401), 429 / 5xx retried after
// Retry-After within a small budget. Each call is recorded (method, endpoint, status, duration) — never a
// header or a body. A refused grant marks the connection, outside the action's transaction (which rolls back
// with the failure) so the console shows it.

export interface ProviderConfig extends ProviderUrls {
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  MICROSOFT_CLIENT_ID?: string;
  MICROSOFT_CLIENT_SECRET?: string;
}

export interface IntegrationServices {
  /** Token refreshes and connection status commit on their own, not with the action's transaction. */
  prisma: PrismaClient;
  config: ProviderConfig;
  /** Calls per connection and second; a provider's quota is per account. */
  callsPerSecond: number;
  /** The longest Retry-After waited for inside an action; longer ones go back to the ledger's backoff. */
  maxRetryWaitMs: number;
}

// A type, not an interface: kept in the ledger's JSON result.
export type ProviderCall = {
  method: string;
  endpoint: string;
  status: number;
  durationMs: number;
};

/** A 429 or 5xx that outlasted the retries here: the ledger retries the action no sooner than this. */
export class ProviderBusyError extends Error {
  override name = 'ProviderBusyError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
}

export interface ProviderSession {
  call<T = Record<string, unknown>>(request: ProviderRequest): Promise<T>;
  readonly calls: ProviderCall[];
}

const refreshMarginMs = 60_000;
const maxAttempts = 4;
const nextSlot = new Map<string, number>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One connection's calls are spaced so a burst of actions stays inside the provider's per-user quota.
async function pace(connectionId: string, callsPerSecond: number): Promise<void> {
  const now = Date.now();
  const slot = Math.max(now, nextSlot.get(connectionId) ?? 0);
  nextSlot.set(connectionId, slot + 1000 / callsPerSecond);
  if (slot > now) await sleep(slot - now);
}

function retryAfterMs(error: OutboundStatusError): number {
  const header = error.response.headers['retry-after'];
  if (header && /^\d+$/.test(header)) return Number(header) * 1000;
  const date = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(date)
    ? 1000 * 2 ** Math.min(error.status === 429 ? 2 : 1, 4)
    : Math.max(0, date - Date.now());
}

/** A session of provider calls for one action with one connection (provider checked against the action). */
export async function openProviderSession(input: {
  db: Prisma.TransactionClient;
  box: SecretBox | null;
  outbound: OutboundClient;
  services: IntegrationServices;
  connectionId: string;
  provider: ConnectionProvider;
}): Promise<ProviderSession> {
  const { box, services, outbound, connectionId } = input;
  if (!box) throw new PermanentActionError('SECRETS_KEY is not set: connections cannot be used.');
  const tokens = await readConnectionTokens(input.db, box, connectionId);
  if (tokens.provider !== input.provider) {
    throw new PermanentActionError(
      `This action needs a ${input.provider} connection; this one is ${tokens.provider}.`,
    );
  }
  let accessToken = tokens.accessToken;
  let expiresAt = tokens.accessExpiresAt?.getTime() ?? 0;
  const calls: ProviderCall[] = [];

  const refresh = async (rejected: string | null) => {
    const refreshed = await refreshAccessToken(
      services,
      box,
      outbound,
      connectionId,
      input.provider,
      rejected,
    );
    accessToken = refreshed.accessToken;
    expiresAt = refreshed.expiresAt;
  };

  const send = async (request: ProviderRequest) => {
    await pace(connectionId, services.callsPerSecond);
    const started = performance.now();
    const url = new URL(request.url);
    const record = (status: number) =>
      calls.push({
        method: request.method,
        endpoint: `${url.origin}${url.pathname}`,
        status,
        durationMs: Math.round(performance.now() - started),
      });
    try {
      const response = await outbound.request({
        method: request.method,
        url: request.url,
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? null : JSON.stringify(request.body),
      });
      record(response.status);
      return response;
    } catch (error) {
      record(error instanceof OutboundStatusError ? error.status : 0);
      throw error;
    }
  };

  return {
    calls,
    async call<T>(request: ProviderRequest): Promise<T> {
      let hasRefreshed = false;
      let rejected: string | null = null;
      for (let attempt = 1; ; attempt += 1) {
        if (rejected || !accessToken || expiresAt - refreshMarginMs < Date.now()) {
          await refresh(rejected);
          rejected = null;
          hasRefreshed = true;
        }
        try {
          const response = await send(request);
          return (response.body ? JSON.parse(response.body) : {}) as T;
        } catch (error) {
          if (!(error instanceof OutboundStatusError)) throw error;
          // An access token the provider stopped accepting before its time: one refresh, then the call again.
          if (error.status === 401 && !hasRefreshed) {
            rejected = accessToken;
            continue;
          }
          const detail = providerMessage(error);
          if (!error.isRetryable) {
            throw new PermanentActionError(
              `${request.method} ${new URL(request.url).pathname} answered ${error.status}${detail}`,
            );
          }
          const wait = retryAfterMs(error);
          if (attempt >= maxAttempts || wait > services.maxRetryWaitMs) {
            throw new ProviderBusyError(
              `The provider answered ${error.status}${detail}; retrying later.`,
              wait,
            );
          }
          await sleep(wait);
        }
      }
    },
  };
}

// Google: { error: { message } }; Graph: { error: { code, message } }.
function providerMessage(error: OutboundStatusError): string {
  try {
    const body = JSON.parse(error.response.body) as { error?: { message?: string; code?: string | number } };
    return body.error?.message ? `: ${String(body.error.message).slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

// Under the connection's row lock, so two engines never refresh at once (Microsoft rotates refresh tokens:
// the loser's would be spent). A token another engine just refreshed is taken as it is.
async function refreshAccessToken(
  services: IntegrationServices,
  box: SecretBox,
  outbound: OutboundClient,
  connectionId: string,
  provider: ConnectionProvider,
  /** The token the provider just refused: refreshed even if it looks valid. */
  rejected: string | null,
): Promise<{ accessToken: string; expiresAt: number }> {
  const outcome = await services.prisma.$transaction(
    async (tx): Promise<{ lost: string } | { accessToken: string; expiresAt: number }> => {
      await tx.$queryRaw`SELECT id FROM connections WHERE id = ${connectionId}::uuid FOR UPDATE`;
      const current = await readConnectionTokens(tx, box, connectionId);
      const currentExpiry = current.accessExpiresAt?.getTime() ?? 0;
      if (
        current.accessToken &&
        current.accessToken !== rejected &&
        currentExpiry - refreshMarginMs > Date.now()
      ) {
        return { accessToken: current.accessToken, expiresAt: currentExpiry };
      }
      if (!current.refreshToken) return { lost: 'The connection has no refresh token: reconnect it.' };
      const client = oauthClientOf(services.config, provider, outbound);
      const response = await oauth.refreshTokenGrantRequest(
        client.as,
        client.client,
        client.auth,
        current.refreshToken,
        client.options,
      );
      try {
        const tokens = await oauth.processRefreshTokenResponse(client.as, client.client, response);
        await storeConnectionTokens(tx, box, connectionId, {
          accessToken: tokens.access_token,
          expiresInSeconds: tokens.expires_in,
          refreshToken: tokens.refresh_token,
        });
        return {
          accessToken: tokens.access_token,
          expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000,
        };
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') {
          return {
            lost: `The provider refused the grant (${error.error_description ?? 'revoked or expired'}): reconnect the account.`,
          };
        }
        throw error;
      }
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  if ('lost' in outcome) {
    await markConnectionLost(services.prisma, connectionId, 'revoked', outcome.lost);
    throw new PermanentActionError(outcome.lost);
  }
  return outcome;
}

function oauthClientOf(config: ProviderConfig, provider: ConnectionProvider, outbound: OutboundClient) {
  const [id, secret] =
    provider === 'google'
      ? [config.GOOGLE_CLIENT_ID, config.GOOGLE_CLIENT_SECRET]
      : [config.MICROSOFT_CLIENT_ID, config.MICROSOFT_CLIENT_SECRET];
  if (!id || !secret) {
    throw new PermanentActionError(
      `The ${provider} OAuth app is not configured on the engine (client id and secret).`,
    );
  }
  const as: oauth.AuthorizationServer = { ...authorizationServerOf(provider, config) };
  return {
    as,
    client: { client_id: id },
    auth: oauth.ClientSecretPost(secret),
    options: {
      // The token endpoint is reached through the SSRF-safe client like every other call out.
      [oauth.customFetch]: outboundFetch(outbound),
      [oauth.allowInsecureRequests]: as.token_endpoint?.startsWith('http:') ?? false,
    },
  };
}

function outboundFetch(outbound: OutboundClient): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const request = {
      method: init?.method ?? 'GET',
      url: String(input instanceof Request ? input.url : input),
      headers,
      body: init?.body === undefined || init.body === null ? null : String(init.body),
    };
    const answer = await outbound.request(request).catch((error: unknown) => {
      if (error instanceof OutboundStatusError) return error.response;
      throw error;
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }) as typeof fetch;
}
