import {
  hashSessionToken,
  onLocalSessionChange,
  type PrismaClient,
  type SessionChange,
  type SessionPolicy,
  sessionRevokedChannel,
  slidExpiry,
  userChangedChannel,
  type ValidSession,
  validateSessionToken,
} from '@erp/prisma';
import type { Logger } from 'pino';
import { createChangeFeed } from './change-feed';

// Every request resolves its session: a statement per request, the same answer again and again. Live sessions
// are kept here for a short while, keyed by the token's hash, and dropped the moment they may have changed:
// - this process's revocations and user changes at their commit (`onLocalSessionChange`);
// - everyone else's through NOTIFY: a deleted session (logout, disable, password change, expiry purge) and a
//   changed user (roles, name, email, disabled) each raise a notification (change-feed.ts);
// - a session read from the database while such a change was announced is not kept (its generation has passed),
//   and without a listening connection nothing is kept at all (losing it forgets everything).
// A kept session answers only while both its expiries are ahead and its idle expiry need not slide; otherwise
// the database decides again (it may have slid elsewhere, or be due to slide here).

export interface SessionCache {
  /** `validateSessionToken`, answered from memory while nothing can have changed. */
  validate(token: string): Promise<ValidSession | null>;
}

interface Entry {
  keptUntil: number;
  session: ValidSession;
}

export function createSessionCache(options: {
  prisma: PrismaClient;
  connectionString: string | undefined;
  logger: Logger;
  policy: SessionPolicy;
  /** How long a session is kept without being read again from the database. */
  ttlMs?: number;
  maxEntries?: number;
}): SessionCache {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();

  const forget = (change: SessionChange) => {
    if ('sessionId' in change) {
      entries.delete(change.sessionId);
      return;
    }
    for (const [id, entry] of entries) if (entry.session.user.id === change.userId) entries.delete(id);
  };
  const feed = createChangeFeed({
    connectionString: options.connectionString,
    channels: [sessionRevokedChannel, userChangedChannel],
    logger: options.logger,
    name: 'sessions',
    onChange: (channel, payload) => {
      const change = channel === null ? null : parseChange(channel, payload);
      if (change) forget(change);
      else entries.clear();
    },
  });
  onLocalSessionChange((change) => {
    feed.advance();
    forget(change);
  });

  const keptSession = (id: string, now: number): ValidSession | null => {
    const entry = entries.get(id);
    if (!entry) return null;
    const { session } = entry;
    const isCurrent =
      entry.keptUntil > now &&
      session.expiresAt.getTime() > now &&
      session.absoluteExpiresAt.getTime() > now &&
      slidExpiry(session, now, options.policy) === null;
    if (isCurrent) return session;
    entries.delete(id);
    return null;
  };

  return {
    async validate(token) {
      const generation = feed.generation();
      const id = hashSessionToken(token);
      const now = Date.now();
      const kept = generation === null ? null : keptSession(id, now);
      if (kept) return kept;
      const session = await validateSessionToken(options.prisma, token, options.policy);
      if (session && generation !== null && generation === feed.generation()) {
        entries.set(id, { keptUntil: now + ttlMs, session: { ...session, isRefreshed: false } });
        if (entries.size > maxEntries) {
          const [oldest] = entries.keys();
          if (oldest !== undefined) entries.delete(oldest);
        }
      }
      return session;
    },
  };
}

function parseChange(channel: string, payload: string | undefined): SessionChange | null {
  if (channel === userChangedChannel) return payload ? { userId: payload } : null;
  try {
    const { sessionId } = JSON.parse(payload ?? '') as { sessionId?: unknown };
    return typeof sessionId === 'string' ? { sessionId } : null;
  } catch {
    return null;
  }
}
