import { replaceText } from '@erp/shared/documents';
import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * Applies a new value of a text input to a shared Y.Text as the smallest change (shared's `replaceText`), in
 * one transaction with the local origin, so a colleague's typing elsewhere in the text merges and undo sees
 * it as this user's edit.
 */
export function applyTextChange(text: Y.Text, next: string, origin: unknown): void {
  if (text.toString() === next) return;
  text.doc?.transact(() => replaceText(text, next), origin);
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
