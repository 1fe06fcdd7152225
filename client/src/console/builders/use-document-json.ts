import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * The document's JSON, re-read after every change (local, remote or undo). `read` must be stable; the value is
 * recomputed lazily, once per change, however many components use it.
 */
export function useDocumentJson<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const store = useMemo(() => {
    let version = 0;
    let cached: { version: number; value: T } | null = null;
    return {
      subscribe(listener: () => void) {
        const onUpdate = () => {
          version += 1;
          listener();
        };
        doc.on('update', onUpdate);
        return () => doc.off('update', onUpdate);
      },
      get(): T {
        if (cached?.version !== version) cached = { version, value: read(doc) };
        return cached.value;
      },
    };
  }, [doc, read]);
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  return useSyncExternalStore(subscribe, store.get);
}
