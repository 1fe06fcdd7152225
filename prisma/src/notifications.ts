import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

export interface ListenOptions {
  connectionString: string;
  channel: string;
  onNotification(payload: string | undefined): void;
  /** Called each time LISTEN is (re)established: notifications sent while disconnected are gone, so re-check. */
  onListening?(): void;
  onError?(error: Error): void;
  /** Longest wait between reconnect attempts (doubling from 100 ms). */
  maxRetryDelayMs?: number;
}

/**
 * LISTENs on one channel over one dedicated connection (a pooled one would lose the LISTEN), reconnecting with
 * backoff whenever that connection drops.
 */
export function listenForNotifications(options: ListenOptions): Listener {
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  let client: pg.Client | null = null;
  let isClosed = false;
  let retryDelayMs = 100;
  let retryTimer: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (isClosed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryDelayMs);
    retryDelayMs = Math.min(retryDelayMs * 2, maxRetryDelayMs);
  };

  const connect = async () => {
    const current = new pg.Client({ connectionString: options.connectionString });
    client = current;
    current.on('notification', (message) => options.onNotification(message.payload));
    const drop = () => {
      if (client !== current) return;
      client = null;
      current.end().catch(() => {});
      scheduleReconnect();
    };
    current.on('error', (error) => {
      options.onError?.(error);
      drop();
    });
    // A terminated backend may end the connection without an error event.
    current.on('end', drop);
    try {
      await current.connect();
      await current.query(`LISTEN ${options.channel}`);
      if (isClosed) {
        await current.end();
        return;
      }
      retryDelayMs = 100;
      options.onListening?.();
    } catch (error) {
      options.onError?.(error as Error);
      drop();
    }
  };

  void connect();

  return {
    async close() {
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
