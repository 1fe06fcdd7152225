import type * as Y from 'yjs';

/**
 * Makes `text` read `next` by replacing only the span that differs, so a colleague typing elsewhere in the
 * same text keeps their characters (a whole delete + insert would duplicate or drop them on merge).
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current[start] === next[start]) start += 1;
  let end = 0;
  while (end < shortest - start && current[current.length - 1 - end] === next[next.length - 1 - end])
    end += 1;
  // Never cut a surrogate pair in half: Y.Text counts UTF-16 code units.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start -= 1;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end -= 1;
  text.delete(start, current.length - start - end);
  text.insert(start, next.slice(start, next.length - end));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
