// What this browser last heard for some reads (lists, a document's details), kept per user in localStorage so
// that the console still shows them with no network. Only the signed-in user's copies are read or written;
// signing out deletes them with the documents' local copies.

const prefix = 'erp.offline:';
let owner: string | null = null;

/** Whose copies requests read and write from now on (null: nobody's). */
export function setOfflineCopyOwner(userId: string | null): void {
  owner = userId;
}

export function keepOfflineCopy(url: string, payload: unknown): void {
  if (!owner) return;
  try {
    localStorage.setItem(`${prefix}${owner}:${url}`, JSON.stringify(payload));
  } catch {
    // Storage full or refused: the copy is a convenience, the answer itself is fine.
  }
}

/** The payload last kept for `url`, or undefined when there is none. */
export function readOfflineCopy(url: string): unknown {
  if (!owner) return undefined;
  const text = localStorage.getItem(`${prefix}${owner}:${url}`);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function clearOfflineCopies(userId: string): void {
  const mine = `${prefix}${userId}:`;
  const keys = Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index));
  for (const key of keys) if (key?.startsWith(mine)) localStorage.removeItem(key);
}
