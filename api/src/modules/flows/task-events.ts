import type pg from 'pg';
import type { Logger } from 'pino';

// Live task changes for the portal. The tasks table notifies `erp_task_changed` at commit with the people a
// change concerns (migration flow_runs_notify); one LISTEN connection (from the pool) per API process fans it out to the
// event streams of those people. The connection opens with the first stream and closes with the last.

type Listener = () => void;

export interface TaskEvents {
  /** Calls `listener` whenever a task concerning `userId` changes; returns the unsubscribe. */
  subscribe(userId: string, listener: Listener): () => void;
}

const channel = 'erp_task_changed';

export function createTaskEvents(options: { pool: pg.Pool; logger: Logger }): TaskEvents {
  const listeners = new Map<string, Set<Listener>>();
  let client: Promise<pg.PoolClient> | null = null;

  const dispatch = (payload: string | undefined) => {
    const message = JSON.parse(payload ?? '{}') as { userIds?: string[] | null };
    // Too many people to name in one notification: everyone checks.
    const targets = message.userIds ?? [...listeners.keys()];
    for (const userId of targets) for (const listener of listeners.get(userId) ?? []) listener();
  };

  // A pool connection of its own while anyone listens; released (destroyed) when the last stream ends.
  const connect = () => {
    const next = options.pool.connect().then(async (connection) => {
      connection.on('notification', (message) => dispatch(message.payload));
      connection.on('error', (error) => {
        options.logger.warn({ message: error.message }, 'task events lost their connection');
        connection.release(error);
        if (client === next) client = null;
        // Streams stay open; listen again while anyone is subscribed.
        setTimeout(() => listeners.size > 0 && !client && connect(), 1_000);
      });
      await connection.query(`LISTEN ${channel}`);
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

  return {
    subscribe(userId, listener) {
      const forUser = listeners.get(userId) ?? new Set();
      forUser.add(listener);
      listeners.set(userId, forUser);
      if (!client) connect();
      return () => {
        forUser.delete(listener);
        if (forUser.size === 0) listeners.delete(userId);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}
