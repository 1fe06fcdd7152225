import { AppError } from '@erp/shared';
import type { Prisma } from '../generated/client';
import type { SecretBox } from '../triggers/secrets';

type Db = Prisma.TransactionClient;

// A connection's OAuth tokens, sealed with the secret box: the row id and the field are the associated data,
// so a token copied to another row or field does not open. Only the engine's provider client and the api's
// OAuth callback ever see them in the clear.

type SealedField = 'verifier' | 'refresh' | 'access';
const aadOf = (connectionId: string, field: SealedField) => `connection:${connectionId}:${field}`;

export const sealConnectionValue = (
  box: SecretBox,
  connectionId: string,
  field: SealedField,
  value: string,
) => box.seal(aadOf(connectionId, field), value);

export const openConnectionValue = (
  box: SecretBox,
  connectionId: string,
  field: SealedField,
  sealed: Uint8Array,
) => box.open(aadOf(connectionId, field), sealed);

export interface ConnectionTokens {
  id: string;
  provider: string;
  status: string;
  scopes: string[];
  accessToken: string | null;
  accessExpiresAt: Date | null;
  refreshToken: string | null;
}

/** A connection with its tokens opened, for a provider call; refuses one that is not connected. */
export async function readConnectionTokens(
  db: Db,
  box: SecretBox,
  connectionId: string,
): Promise<ConnectionTokens> {
  const row = await db.connection.findUnique({ where: { id: connectionId } });
  if (!row)
    throw new AppError('not_found', 'The connection this action uses no longer exists; pick another one.');
  if (row.status !== 'connected') {
    throw new AppError(
      'conflict',
      `The ${row.provider} connection${row.account ? ` ${row.account}` : ''} is ${row.status}${
        row.lastError ? ` (${row.lastError})` : ''
      }: reconnect it on the connections page.`,
    );
  }
  return {
    id: row.id,
    provider: row.provider,
    status: row.status,
    scopes: row.scopes,
    accessToken: row.accessToken ? openConnectionValue(box, row.id, 'access', row.accessToken) : null,
    accessExpiresAt: row.accessExpiresAt,
    refreshToken: row.refreshToken ? openConnectionValue(box, row.id, 'refresh', row.refreshToken) : null,
  };
}

/** Stores tokens from a token response; a response without a refresh token keeps the one stored. */
export async function storeConnectionTokens(
  db: Db,
  box: SecretBox,
  connectionId: string,
  tokens: { accessToken: string; expiresInSeconds?: number; refreshToken?: string },
  extra: Prisma.ConnectionUpdateInput = {},
): Promise<void> {
  await db.connection.update({
    where: { id: connectionId },
    data: {
      ...extra,
      status: 'connected',
      lastError: null,
      accessToken: sealConnectionValue(box, connectionId, 'access', tokens.accessToken),
      accessExpiresAt: new Date(Date.now() + (tokens.expiresInSeconds ?? 3600) * 1000),
      ...(tokens.refreshToken
        ? { refreshToken: sealConnectionValue(box, connectionId, 'refresh', tokens.refreshToken) }
        : {}),
    },
  });
}

/** The provider refused the grant (revoked, expired): the connection says so and keeps no tokens. */
export async function markConnectionLost(
  db: Db,
  connectionId: string,
  status: 'expired' | 'revoked',
  lastError: string,
): Promise<void> {
  await db.connection.update({
    where: { id: connectionId },
    data: {
      status,
      lastError: lastError.slice(0, 1_000),
      accessToken: null,
      accessExpiresAt: null,
      refreshToken: null,
    },
  });
}
