import pg from 'pg';
import type { Logger } from 'pino';

// Dataset results, kept per process until the data may have changed. Every record and flow change commits an
// event row (whose insert NOTIFYs `erp_events`) and tasks NOTIFY `erp_task_changed`; each notification starts a
// new generation, and an entry answers only in the generation it was computed in. Notifications arrive after
// their commit, so a result read before a commit is never kept past it. Without a listening connection
// (not yet, or lost) nothing is cached: stale answers are worse than slow ones.

const channels = ['erp_events', 'erp_task_changed'];

export interface ResultCache<T> {
  /** The current generation, or null while changes cannot be heard (then results are not kept). */
  generation(): number | null;
  get(key: string): T | undefined;
  /** Keeps `value` if nothing changed since `generation` was read (before the query ran). */
  set(key: string, generation: number | null, value: T, rows: number): void;
}

export function createResultCache<T>(options: {
  connectionString: string | undefined;
  logger: Logger;
  /** Rows kept at most, over all entries. */
  maxRows: number;
}): ResultCache<T> {
  const entries = new Map<string, { generation: number; value: T; rows: number }>();
  let keptRows = 0;
  let generation = 0;
  let state: 'idle' | 'connecting' | 'listening' = 'idle';

  const clear = () => {
    generation += 1;
    entries.clear();
    keptRows = 0;
  };

  // Its own connection, not the pool's: it lives as long as the process and must not hold `pool.end()` back.
  const listen = () => {
    if (state !== 'idle' || !options.connectionString) return;
    state = 'connecting';
    const client = new pg.Client({ connectionString: options.connectionString });
    const lost = (error: Error) => {
      options.logger.warn({ message: error.message }, 'dataset cache stopped hearing changes');
      clear();
      state = 'idle';
      client.end().catch(() => {});
    };
    client.on('error', lost);
    client.on('notification', clear);
    client
      .connect()
      .then(async () => {
        // Neither a test's end nor the process's waits for this socket.
        (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
        await client.query(channels.map((channel) => `LISTEN ${channel}`).join('; '));
        clear();
        state = 'listening';
      })
      .catch(lost);
  };

  return {
    generation() {
      listen();
      return state === 'listening' ? generation : null;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry || state !== 'listening' || entry.generation !== generation) return undefined;
      // Most recently used last: the first entry is the one to drop.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, at, value, rows) {
      if (at === null || at !== generation || state !== 'listening' || rows > options.maxRows) return;
      const previous = entries.get(key);
      if (previous) keptRows -= previous.rows;
      entries.set(key, { generation: at, value, rows });
      keptRows += rows;
      for (const [oldest, entry] of entries) {
        if (keptRows <= options.maxRows) break;
        entries.delete(oldest);
        keptRows -= entry.rows;
      }
    },
  };
}
