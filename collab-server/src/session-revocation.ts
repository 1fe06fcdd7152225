import { findLiveSessionIds, type PrismaClient } from '@erp/prisma';
import type { Logger } from 'pino';
import { listenForSessionRevocations } from './session-revocation-listener';
import { closeCodes, type SocketRegistry } from './sockets';

export interface SessionWatchOptions {
  databaseUrl: string;
  prisma: PrismaClient;
  sockets: SocketRegistry;
  logger: Logger;
  /** How often open sockets' sessions are re-checked (expiry, and any notification missed while reconnecting). */
  recheckMs: number;
}

/**
 * Closes the sockets of a session as soon as it is revoked (logout, disabled user, expiry): a Postgres
 * trigger NOTIFYs every deleted session row. The periodic re-check covers what a NOTIFY cannot: sessions
 * that expire without being deleted, and notifications sent while the LISTEN connection was down.
 */
export function watchSessionRevocations(options: SessionWatchOptions): { close(): Promise<void> } {
  const { prisma, sockets, logger } = options;
  let isClosed = false;

  const closeSession = (sessionId: string, why: string) => {
    const closed = sockets.closeSession(sessionId, closeCodes.sessionRevoked, 'session-revoked');
    if (closed > 0) logger.info({ sockets: closed, why }, 'collab sockets of a revoked session closed');
  };

  const recheck = async () => {
    const sessionIds = sockets.sessionIds();
    if (isClosed || sessionIds.length === 0) return;
    try {
      const liveIds = await findLiveSessionIds(prisma, sessionIds);
      for (const sessionId of sessionIds) {
        if (!liveIds.has(sessionId)) closeSession(sessionId, 'recheck');
      }
    } catch (error) {
      logger.warn({ err: error }, 'collab session re-check failed');
    }
  };

  const listener = listenForSessionRevocations({
    connectionString: options.databaseUrl,
    onRevoked: ({ sessionId }) => closeSession(sessionId, 'notify'),
    onListening: () => void recheck(),
    onError: (error) => logger.warn({ err: error }, 'collab session-revocation listener lost; reconnecting'),
  });
  const timer = setInterval(() => void recheck(), options.recheckMs);
  timer.unref();

  return {
    async close() {
      isClosed = true;
      clearInterval(timer);
      await listener.close();
    },
  };
}
