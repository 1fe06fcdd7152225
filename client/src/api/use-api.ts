import { useCallback, useEffect, useRef, useState } from 'react';

// Small hooks instead of a data library: the console's needs are "load this, show progress and errors, reload".

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => void;
}

/** Loads when `key` changes (and on `reload`); a newer load aborts the older one. */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; isLoading: boolean }>({ isLoading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation are the triggers by design.
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, isLoading: true }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, isLoading: false }),
      (error: unknown) => !controller.signal.aborted && setState({ error, isLoading: false }),
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.data, error: state.error, isLoading: state.isLoading, reload };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> extends Loaded<T[]> {
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMoreError: unknown;
  loadMore: () => void;
}

/** A cursor-paginated list: the first page follows `key`, "load more" appends the next one. */
export function usePagedList<T>(
  key: string,
  loadPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
): PagedList<T> {
  const first = useApi(key, (signal) => loadPage(undefined, signal));
  const [more, setMore] = useState<{ key: string; pages: Page<T>[] }>({ key, pages: [] });
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<unknown>();

  // Appended pages belong to one first page: a new key or a reload starts over.
  const pages = more.key === key && first.data && !first.isLoading ? more.pages : [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the first page is (re)loaded.
  useEffect(() => {
    setMore({ key, pages: [] });
    setLoadMoreError(undefined);
  }, [key, first.data]);

  const last = pages.at(-1) ?? first.data;
  const loadMore = () => {
    if (!last?.nextCursor || isLoadingMore) return;
    setIsLoadingMore(true);
    setLoadMoreError(undefined);
    loadPage(last.nextCursor, new AbortController().signal)
      .then((page) => setMore({ key, pages: [...pages, page] }), setLoadMoreError)
      .finally(() => setIsLoadingMore(false));
  };

  return {
    data: first.data && [...first.data.items, ...pages.flatMap((page) => page.items)],
    error: first.error,
    isLoading: first.isLoading,
    reload: first.reload,
    hasMore: Boolean(last?.nextCursor),
    isLoadingMore,
    loadMoreError,
    loadMore,
  };
}

export type ActionResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<ActionResult<R>>;
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

/** A mutation with pending and error state; `run` never rejects: it says whether it worked (the error is kept). */
export function useAction<A extends unknown[], R>(perform: (...args: A) => Promise<R>): Action<A, R> {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const performRef = useRef(perform);
  performRef.current = perform;

  const run = useCallback(async (...args: A): Promise<ActionResult<R>> => {
    setIsPending(true);
    setError(null);
    try {
      return { ok: true, value: await performRef.current(...args) };
    } catch (caught) {
      setError(caught);
      return { ok: false, error: caught };
    } finally {
      setIsPending(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, isPending, error, reset };
}
