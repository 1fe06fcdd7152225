import {
  type Listener,
  type ListenOptions,
  listenForNotifications,
  sessionRevokedChannel,
} from '@erp/prisma';

export interface RevokedSession {
  sessionId: string;
  userId: string;
}

export interface ListenForSessionRevocationsOptions
  extends Omit<ListenOptions, 'channel' | 'onNotification'> {
  onRevoked(session: RevokedSession): void;
}

export function listenForSessionRevocations(options: ListenForSessionRevocationsOptions): Listener {
  return listenForNotifications({
    ...options,
    channel: sessionRevokedChannel,
    onNotification: (payload) => {
      const revoked = parseRevokedSession(payload);
      if (revoked) options.onRevoked(revoked);
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
