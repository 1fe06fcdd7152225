import { sessionRevokedChannel } from '@erp/prisma';
import { type ChannelListener, listenOnChannel } from './pg-listener';

export interface RevokedSession {
  sessionId: string;
  userId: string;
}

export interface ListenForSessionRevocationsOptions {
  connectionString: string;
  onRevoked(session: RevokedSession): void;
  /** Called each time LISTEN is (re)established: notifications sent while disconnected are gone, so re-check. */
  onListening?(): void;
  onError?(error: Error): void;
  /** Longest wait between reconnect attempts (doubling from 100 ms). */
  maxRetryDelayMs?: number;
}

/** LISTENs on the session-revoked channel (see listenOnChannel). */
export function listenForSessionRevocations(options: ListenForSessionRevocationsOptions): ChannelListener {
  const { onRevoked, ...rest } = options;
  return listenOnChannel({
    ...rest,
    channel: sessionRevokedChannel,
    onPayload: (payload) => {
      const revoked = parseRevokedSession(payload);
      if (revoked) onRevoked(revoked);
    },
  });
}

function parseRevokedSession(payload: string | undefined): RevokedSession | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<RevokedSession>;
    if (typeof value.sessionId !== 'string' || typeof value.userId !== 'string') return null;
    return { sessionId: value.sessionId, userId: value.userId };
  } catch {
    return null;
  }
}
