// The browser keeps a copy of every opened document in IndexedDB (offline work). Copies are per user, and
// a registry in localStorage lets logout delete exactly the previous user's copies.

const registryKey = 'erp.localCopies';

export function localCopyName(userId: string, documentName: string): string {
  return `erp:${userId}:${documentName}`;
}

function readRegistry(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(registryKey) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberLocalCopy(name: string): void {
  const registry = readRegistry();
  if (!registry.includes(name)) localStorage.setItem(registryKey, JSON.stringify([...registry, name]));
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
