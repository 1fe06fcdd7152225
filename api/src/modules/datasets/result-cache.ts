import type { Logger } from 'pino';
import { createChangeFeed } from '../../http/change-feed';

// Dataset results, kept per process until the data may have changed. Every record and flow change commits an
// event row (whose insert NOTIFYs `erp_events`) and tasks NOTIFY `erp_task_changed`; each notification starts a
// new generation (change-feed.ts), and an entry answers only in the generation it was computed in.
// Notifications arrive after their commit, so a result read before a commit is never kept past it.

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
  const feed = createChangeFeed({
    connectionString: options.connectionString,
    channels,
    logger: options.logger,
    name: 'dataset results',
    onChange: () => {
      entries.clear();
      keptRows = 0;
    },
  });

  return {
    generation: () => feed.generation(),
    get(key) {
      const entry = entries.get(key);
      if (!entry || entry.generation !== feed.generation()) return undefined;
      // Most recently used last: the first entry is the one to drop.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, at, value, rows) {
      if (at === null || at !== feed.generation() || rows > options.maxRows) return;
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
