import {
  type Connection,
  markConnectionLost,
  openConnectionValue,
  sealConnectionValue,
  storeConnectionTokens,
} from '@erp/prisma';
import {
  AppError,
  type ConnectInput,
  type ConnectionProvider,
  type ConnectionView,
  requestedScopes,
} from '@erp/shared';
import type { Request } from 'express';
import type { AppDeps } from '../../deps';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { secretBoxOf } from '../triggers/secrets.service';
import {
  exchangeCode,
  fetchAccount,
  generateRandomCodeVerifier,
  generateRandomState,
  type ProviderClient,
  providerClientOf,
  revokeToken,
  startAuthorization,
} from './oauth-client';

// Connecting an account: a pending row keeps the request's state and sealed PKCE verifier; the provider sends
// the browser back to the callback, which exchanges the code and seals the tokens on that same row. Reconnect
// runs the same dance on an existing row; disconnect revokes (where the provider can) and deletes it.

export const callbackPath = '/api/connections/callback';
const consolePath = '/console/integrations';

const view = (row: Connection): ConnectionView => ({
  id: row.id,
  provider: row.provider as ConnectionProvider,
  account: row.account,
  scopes: row.scopes,
  status: row.status,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function listConnections(deps: AppDeps) {
  const rows = await deps.prisma.connection.findMany({
    where: { status: { not: 'pending' } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return { items: rows.map(view) };
}

function clientOf(deps: AppDeps, provider: ConnectionProvider): ProviderClient {
  const client = providerClientOf(deps.config, provider);
  if (!client) {
    const prefix = provider === 'google' ? 'GOOGLE' : 'MICROSOFT';
    // A state of this installation that only its admin can change, not an outage: 409, not 503.
    throw new AppError(
      'conflict',
      `${provider === 'google' ? 'Google' : 'Microsoft'} is not set up on this server: set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET (see the README, "Connections").`,
    );
  }
  return client;
}

// The redirect URL registered with the provider: PUBLIC_URL's origin, else the origin this request came to.
function redirectUriOf(deps: AppDeps, req: Request): string {
  const origin = deps.config.PUBLIC_URL
    ? new URL(deps.config.PUBLIC_URL).origin
    : `${req.protocol}://${req.get('host')}`;
  return `${origin}${callbackPath}`;
}

export async function startConnection(
  deps: AppDeps,
  user: SessionUser,
  req: Request,
  input: ConnectInput & { connectionId?: string },
) {
  const client = clientOf(deps, input.provider);
  const box = secretBoxOf(deps);
  const state = generateRandomState();
  const codeVerifier = generateRandomCodeVerifier();
  const id = input.connectionId ?? crypto.randomUUID();
  const pending = {
    oauthState: state,
    codeVerifier: sealConnectionValue(box, id, 'verifier', codeVerifier),
  };
  if (input.connectionId) {
    await deps.prisma.connection.update({ where: { id }, data: pending });
  } else {
    await deps.prisma.connection.create({
      data: {
        id,
        provider: input.provider,
        scopes: input.scopes,
        status: 'pending',
        createdById: user.id,
        ...pending,
      },
    });
  }
  // Google gives a refresh token only for offline access, and again on reconnect only with prompt=consent.
  const extra: Record<string, string> =
    input.provider === 'google'
      ? { access_type: 'offline', prompt: 'consent' }
      : { prompt: 'select_account' };
  const authorizationUrl = await startAuthorization(client, {
    redirectUri: redirectUriOf(deps, req),
    scopes: requestedScopes(input.provider, input.scopes),
    state,
    codeVerifier,
    extra,
  });
  return { id, authorizationUrl };
}

export async function reconnect(deps: AppDeps, user: SessionUser, req: Request, connectionId: string) {
  const row = await findConnection(deps, connectionId);
  return startConnection(deps, user, req, {
    provider: row.provider as ConnectionProvider,
    scopes: row.scopes,
    connectionId,
  } as ConnectInput & { connectionId: string });
}

/**
 * The provider's redirect: the state names the pending row (one use), the code becomes sealed tokens. Answers
 * where the browser goes next: the connections page, saying what happened.
 */
export async function completeConnection(deps: AppDeps, user: SessionUser, req: Request): Promise<string> {
  const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
  const state = query.get('state') ?? '';
  const row = await deps.prisma.connection.findUnique({ where: { oauthState: state } });
  if (!row?.codeVerifier || row.createdById !== user.id) {
    return `${consolePath}?error=${encodeURIComponent('This sign-in link is not valid any more; connect again.')}`;
  }
  // The state is spent whatever happens next: a replayed redirect finds nothing.
  await deps.prisma.connection.update({
    where: { id: row.id },
    data: { oauthState: null, codeVerifier: null },
  });
  const provider = row.provider as ConnectionProvider;
  const box = secretBoxOf(deps);
  try {
    const tokens = await exchangeCode(clientOf(deps, provider), query, {
      state,
      redirectUri: redirectUriOf(deps, req),
      codeVerifier: openConnectionValue(box, row.id, 'verifier', row.codeVerifier),
    });
    if (!tokens.refresh_token && !row.refreshToken) {
      throw new Error('The provider gave no refresh token, so the connection could not outlive this hour.');
    }
    const account = await fetchAccount(deps.config, provider, tokens.access_token);
    await deps.prisma.$transaction(async (tx) => {
      await storeConnectionTokens(
        tx,
        box,
        row.id,
        {
          accessToken: tokens.access_token,
          expiresInSeconds: tokens.expires_in,
          refreshToken: tokens.refresh_token,
        },
        { account },
      );
      await recordAudit(tx, {
        actorId: user.id,
        action: 'connection.connected',
        targetType: 'connection',
        targetId: row.id,
        details: { provider, account, scopes: row.scopes },
      });
    });
    return `${consolePath}?connected=${row.id}`;
  } catch (error) {
    const reason = describeOAuthError(error);
    deps.logger.warn({ connectionId: row.id, provider, reason }, 'connecting an account failed');
    if (row.status === 'pending') await deps.prisma.connection.delete({ where: { id: row.id } });
    else await deps.prisma.connection.update({ where: { id: row.id }, data: { lastError: reason } });
    return `${consolePath}?error=${encodeURIComponent(reason)}`;
  }
}

// oauth4webapi's errors carry the provider's `error` / `error_description` (on the error for a redirect, on its
// parsed body for the token endpoint); nothing in them is a token.
function describeOAuthError(error: unknown): string {
  const fields = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>;
  const code = typeof fields.error === 'string' ? fields.error : null;
  if (code === 'access_denied') return 'Access was not granted at the provider.';
  const description = typeof fields.error_description === 'string' ? `: ${fields.error_description}` : '';
  if (code) return `The provider refused (${code}${description}).`.slice(0, 500);
  return (error instanceof Error ? error.message : 'Connecting failed.').slice(0, 500);
}

async function findConnection(deps: AppDeps, id: string): Promise<Connection> {
  const row = await deps.prisma.connection.findUnique({ where: { id } });
  if (!row || row.status === 'pending') throw new AppError('not_found', 'No connection has this id.');
  return row;
}

export async function disconnect(deps: AppDeps, user: SessionUser, id: string): Promise<void> {
  const row = await findConnection(deps, id);
  const provider = row.provider as ConnectionProvider;
  const client = providerClientOf(deps.config, provider);
  if (client && row.refreshToken) {
    const token = openConnectionValue(secretBoxOf(deps), row.id, 'refresh', row.refreshToken);
    await revokeToken(client, token).catch((error: unknown) => {
      // Already revoked at the provider, or unreachable: the grant dies with our copy of it either way.
      deps.logger.warn({ connectionId: id, reason: describeOAuthError(error) }, 'revoking a grant failed');
    });
  }
  await deps.prisma.$transaction(async (tx) => {
    await markConnectionLost(tx, id, 'revoked', 'Disconnected.');
    await tx.connection.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'connection.disconnected',
      targetType: 'connection',
      targetId: id,
      details: { provider, account: row.account },
    });
  });
}
