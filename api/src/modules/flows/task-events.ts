import { sessionRevokedChannel } from '@erp/prisma';
import type pg from 'pg';
import type { Logger } from 'pino';

// Live task changes for the portal. The tasks table notifies `erp_task_changed` at commit with the people a
// change concerns (migration flow_runs_notify); one LISTEN connection (from the pool) per API process fans it out to the
// event streams of those people. The same connection hears sessions being deleted (logout, disable, expiry purge),
// which ends that session's streams: a stream lives no longer than the session that opened it.
// The connection opens with the first stream and closes with the last.

export interface StreamHandlers {
  /** A task concerning the stream's user changed. */
  changed(): void;
  /** The stream's session is gone: end the stream. */
  revoked(): void;
}

export interface TaskEvents {
  /** Calls the handlers for `session`'s user and session; returns the unsubscribe. */
  subscribe(session: { userId: string; sessionId: string }, handlers: StreamHandlers): () => void;
}

const taskChannel = 'erp_task_changed';

export function createTaskEvents(options: { pool: pg.Pool; logger: Logger }): TaskEvents {
  const byUser = new Map<string, Set<StreamHandlers>>();
  const bySession = new Map<string, Set<StreamHandlers>>();
  let client: Promise<pg.PoolClient> | null = null;

  const dispatchTasks = (payload: string | undefined) => {
    const message = JSON.parse(payload ?? '{}') as { userIds?: string[] | null };
    // Too many people to name in one notification: everyone checks.
    const targets = message.userIds ?? [...byUser.keys()];
    for (const userId of targets) for (const handlers of byUser.get(userId) ?? []) handlers.changed();
  };
  const dispatchRevoked = (payload: string | undefined) => {
    const { sessionId } = JSON.parse(payload ?? '{}') as { sessionId?: string };
    for (const handlers of (sessionId && bySession.get(sessionId)) || []) handlers.revoked();
  };

  // A pool connection of its own while anyone listens; released (destroyed) when the last stream ends.
  const connect = () => {
    const next = options.pool.connect().then(async (connection) => {
      connection.on('notification', (message) => {
        if (message.channel === sessionRevokedChannel) dispatchRevoked(message.payload);
        else dispatchTasks(message.payload);
      });
      connection.on('error', (error) => {
        options.logger.warn({ message: error.message }, 'task events lost their connection');
        connection.release(error);
        if (client === next) client = null;
        // Streams stay open; listen again while anyone is subscribed.
        setTimeout(() => byUser.size > 0 && !client && connect(), 1_000);
      });
      await connection.query(`LISTEN ${taskChannel}; LISTEN ${sessionRevokedChannel}`);
      return connection;
    });
    next.catch((error: unknown) => {
      options.logger.warn({ message: String(error) }, 'task events could not listen');
      if (client === next) client = null;
    });
    client = next;
  };

  const disconnect = () => {
    const current = client;
    client = null;
    current?.then((connection) => connection.release(true)).catch(() => {});
  };

  const add = (index: Map<string, Set<StreamHandlers>>, key: string, handlers: StreamHandlers) => {
    const set = index.get(key) ?? new Set();
    set.add(handlers);
    index.set(key, set);
    return () => {
      set.delete(handlers);
      if (set.size === 0) index.delete(key);
    };
  };

  return {
    subscribe(session, handlers) {
      const removeUser = add(byUser, session.userId, handlers);
      const removeSession = add(bySession, session.sessionId, handlers);
      if (!client) connect();
      return () => {
        removeUser();
        removeSession();
        if (byUser.size === 0) disconnect();
      };
    },
  };
}
