import type { ChangeFeed } from '../../http/change-feed';

// Dataset results, kept per process until the data may have changed. Every record and flow change commits an
// event row (whose insert NOTIFYs `erp_events`) and tasks NOTIFY `erp_task_changed`; each notification starts a
// new generation of the feed (change-feed.ts), and an entry answers only in the generation it was computed in.
// Notifications arrive after their commit, so a result read before a commit is never kept past it.

export const datasetChangeChannels = ['erp_events', 'erp_task_changed'];

export interface ResultCache<T> {
  /** The current generation, or null while changes cannot be heard (then nothing is kept). */
  generation(): number | null;
  get(key: string): T | undefined;
  /** Keeps `value` if nothing changed since `generation` was read (before the query ran). */
  set(key: string, generation: number | null, value: T, rows: number): void;
}

export function createResultCache<T>(options: {
  /** The feed of `datasetChangeChannels`. */
  feed: ChangeFeed;
  /** Rows kept at most, over all entries. */
  maxRows: number;
}): ResultCache<T> {
  const { feed } = options;
  const entries = new Map<string, { generation: number; value: T; rows: number }>();
  let keptRows = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    keptRows -= entry.rows;
  };

  return {
    generation: () => feed.generation(),
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.generation !== feed.generation()) {
        drop(key);
        return undefined;
      }
      // Most recently used last: the first entry is the one to drop.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, at, value, rows) {
      if (at === null || at !== feed.generation() || rows > options.maxRows) return;
      drop(key);
      entries.set(key, { generation: at, value, rows });
      keptRows += rows;
      for (const oldest of entries.keys()) {
        if (keptRows <= options.maxRows) break;
        drop(oldest);
      }
    },
  };
}
