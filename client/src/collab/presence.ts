import type { Awareness } from 'y-protocols/awareness';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface Peer extends PresenceUser {
  clientId: number;
  /** What the peer is working on (a field or node id), shown beside it in the builders. */
  focus: string | null;
}

const palette = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#db2777', '#7c3aed', '#2563eb'];

/** A stable colour per user, so a colleague keeps their colour across sessions and documents. */
export function colorForUser(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length] ?? '#4f46e5';
}

/** Everyone else in the document, one entry per user (several tabs of one user collapse into one). */
export function listPeers(awareness: Awareness): Peer[] {
  const byUser = new Map<string, Peer>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = (state as { user?: PresenceUser }).user;
    if (!user?.id || byUser.has(user.id)) continue;
    const focus = (state as { focus?: unknown }).focus;
    byUser.set(user.id, { ...user, clientId, focus: typeof focus === 'string' ? focus : null });
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}
