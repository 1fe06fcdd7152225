// The browser keeps a copy of every opened document in IndexedDB (offline work). Copies are per user, and
// a registry in localStorage lets logout delete exactly the previous user's copies.

const registryKey = 'erp.localCopies';
// Copies holding edits the server has not confirmed yet (they may survive reloads and closed tabs).
const unsyncedKey = 'erp.unsyncedCopies';

export function localCopyName(userId: string, documentName: string): string {
  return `erp:${userId}:${documentName}`;
}

function readRegistry(key = registryKey): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberLocalCopy(name: string): void {
  const registry = readRegistry();
  if (!registry.includes(name)) localStorage.setItem(registryKey, JSON.stringify([...registry, name]));
}

/** Records whether a copy holds edits the server has not confirmed. */
export function markUnsynced(name: string, isUnsynced: boolean): void {
  const unsynced = readRegistry(unsyncedKey);
  if (unsynced.includes(name) === isUnsynced) return;
  const next = isUnsynced ? [...unsynced, name] : unsynced.filter((entry) => entry !== name);
  localStorage.setItem(unsyncedKey, JSON.stringify(next));
}

/** Whether signing out now would delete edits of `userId` that exist only in this browser. */
export function hasUnsyncedCopies(userId: string): boolean {
  return readRegistry(unsyncedKey).some((name) => name.startsWith(`erp:${userId}:`));
}

/** Deletes every local copy that belongs to `userId` (called at logout). */
export async function clearLocalCopies(userId: string): Promise<void> {
  const prefix = `erp:${userId}:`;
  const registry = readRegistry();
  const listed =
    typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((db) => db.name) : [];
  const names = new Set(
    [...registry, ...listed].filter((name): name is string => !!name?.startsWith(prefix)),
  );
  await Promise.all([...names].map(deleteDatabase));
  localStorage.setItem(registryKey, JSON.stringify(registry.filter((name) => !names.has(name))));
  localStorage.setItem(
    unsyncedKey,
    JSON.stringify(readRegistry(unsyncedKey).filter((name) => !name.startsWith(prefix))),
  );
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // Another tab still has it open: it is deleted once that tab closes it.
    request.onblocked = () => resolve();
  });
}
