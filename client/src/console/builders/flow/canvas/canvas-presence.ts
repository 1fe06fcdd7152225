import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { CollabSession } from '../../../../collab';

type Point = { x: number; y: number };

/** What one colleague does on the canvas, shared through awareness (never through the document). */
export interface CanvasPeer {
  clientId: number;
  name: string;
  color: string;
  /** Pointer in flow coordinates; null when outside the canvas. */
  cursor: Point | null;
  /** Nodes being dragged right now and where they are; the document gets the final position only. */
  dragging: Record<string, Point> | null;
  selection: string[];
}

interface CanvasState {
  cursor: Point | null;
  dragging: Record<string, Point> | null;
  selection: string[];
}
const field = 'flowCanvas';

/**
 * Colleagues' cursors, drags and selections, and this user's, published at most once per animation frame
 * (pointer moves come far more often than frames are drawn), the first change of a frame without waiting. Only what shows colleagues subscribes
 * (`usePeers`): their every pointer move must not re-render the builder around the canvas.
 */
export function useCanvasPresence(session: CollabSession): CanvasPresence {
  const store = useMemo(() => createPresenceStore(session), [session]);
  useEffect(() => store.destroy, [store]);
  return store;
}

export type CanvasPresence = ReturnType<typeof createPresenceStore>;

export function usePeers(presence: CanvasPresence): CanvasPeer[] {
  return useSyncExternalStore(presence.subscribe, presence.getPeers);
}

function createPresenceStore(session: CollabSession) {
  const awareness = session.provider.awareness;
  let state: CanvasState = { cursor: null, dragging: null, selection: [] };
  let frame = 0;
  // A change arrived after this frame's was sent.
  let isPending = false;
  let peers: CanvasPeer[] = [];
  const listeners = new Set<() => void>();

  const readPeers = () => {
    if (!awareness) return;
    const next: CanvasPeer[] = [];
    for (const [clientId, raw] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const user = (raw as { user?: { name?: string; color?: string } }).user;
      const canvas = (raw as { [field]?: Partial<CanvasState> })[field];
      if (!user?.name || !canvas) continue;
      next.push({
        clientId,
        name: user.name,
        color: user.color ?? '#4f46e5',
        cursor: canvas.cursor ?? null,
        dragging: canvas.dragging ?? null,
        selection: Array.isArray(canvas.selection) ? canvas.selection : [],
      });
    }
    peers = next;
    for (const listener of listeners) listener();
  };
  // This user's own pointer moves change awareness too; they must not re-render the canvas.
  const onChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    if ([...added, ...updated, ...removed].some((clientId) => clientId !== awareness?.clientID)) readPeers();
  };
  awareness?.on('change', onChange);
  readPeers();

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getPeers: () => peers,
    publish(patch: Partial<CanvasState>) {
      state = { ...state, ...patch };
      if (frame) {
        isPending = true;
        return;
      }
      // The first change of a frame leaves at once (waiting for the frame cost colleagues up to one frame of
      // delay on every drag step); later ones in the same frame are gathered and leave with the next frame.
      session.provider.setAwarenessField(field, state);
      const flush = () => {
        if (!isPending) {
          frame = 0;
          return;
        }
        isPending = false;
        session.provider.setAwarenessField(field, state);
        frame = requestAnimationFrame(flush);
      };
      frame = requestAnimationFrame(flush);
    },
    destroy() {
      cancelAnimationFrame(frame);
      awareness?.off('change', onChange);
      session.provider.setAwarenessField(field, null);
    },
  };
}

/** Where colleagues' drags put nodes right now. */
export function remotePositionsOf(peers: CanvasPeer[]): Map<string, Point> | undefined {
  const dragged = peers.flatMap((peer) => Object.entries(peer.dragging ?? {}));
  return dragged.length === 0 ? undefined : new Map(dragged);
}

/** Who (else) has each node selected. */
export function peerSelectionsOf(peers: CanvasPeer[]): Map<string, { name: string; color: string }[]> {
  const byNode = new Map<string, { name: string; color: string }[]>();
  for (const peer of peers) {
    for (const id of peer.selection)
      byNode.set(id, [...(byNode.get(id) ?? []), { name: peer.name, color: peer.color }]);
  }
  return byNode;
}
