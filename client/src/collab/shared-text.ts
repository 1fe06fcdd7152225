import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * Applies a new value of a text input to a shared Y.Text as the smallest delete + insert (the changed middle),
 * so concurrent typing by colleagues elsewhere in the same text merges instead of being overwritten.
 */
export function applyTextChange(text: Y.Text, next: string, origin: unknown): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start += 1;
  let endCurrent = current.length;
  let endNext = next.length;
  while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
    endCurrent -= 1;
    endNext -= 1;
  }
  text.doc?.transact(() => {
    if (endCurrent > start) text.delete(start, endCurrent - start);
    if (endNext > start) text.insert(start, next.slice(start, endNext));
  }, origin);
}

/** The current value of a shared text and a setter for an input bound to it. */
export function useSharedText(text: Y.Text | undefined, origin: unknown): [string, (next: string) => void] {
  const subscribe = useCallback(
    (listener: () => void) => {
      text?.observe(listener);
      return () => text?.unobserve(listener);
    },
    [text],
  );
  const value = useSyncExternalStore(subscribe, () => text?.toString() ?? '');
  const setValue = useCallback((next: string) => text && applyTextChange(text, next, origin), [text, origin]);
  return [value, setValue];
}
