import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * The document's JSON, re-read after every change (local, remote or undo) at most once per change, however
 * often the component renders. `read` must be stable. Each caller reads the whole document on its own: call
 * it once at the top of a builder and pass parts down, not in every row.
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
  return useSyncExternalStore(store.subscribe, store.get);
}
