import { type CollabNotice, parseCollabNotice } from '@erp/shared/collab-notices';
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { localCopyName, markUnsynced, rememberLocalCopy } from './local-copies';
import { listPeers, type Peer, type PresenceUser } from './presence';

export type SyncState = 'connecting' | 'offline' | 'syncing' | 'synced' | 'denied' | 'removed';

/** Someone archived or deleted the document while it was open (the server said so, and who). */
export type DocumentRemoval = Omit<Extract<CollabNotice, { type: 'documentRemoved' }>, 'type'>;

export interface CollabSnapshot {
  state: SyncState;
  /** Edits made here that the server has not confirmed yet. */
  pendingChanges: number;
  /** The local copy has been loaded from IndexedDB (the document can be shown, even offline). */
  isLoaded: boolean;
  isReadOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  peers: Peer[];
  deniedReason: string | null;
  /** Set once the document was archived or deleted: nothing is saved any more; the local copy stays exportable. */
  removal: DocumentRemoval | null;
}

export interface CollabSession {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Who this session edits as (what colleagues see in presence and carets). */
  user: PresenceUser;
  /** Pass as the transaction origin of every local edit: undo tracks only this origin. */
  origin: object;
  undo(): void;
  redo(): void;
  /** Runs a local edit as an undo step of its own, to be offered back ("Removed. Undo"). */
  editAsStep(edit: () => void): UndoStep;
  setFocus(focus: string | null): void;
  getSnapshot(): CollabSnapshot;
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

export interface UndoStep {
  /** Nothing was undone or edited here since: undoing now reverts exactly this step. */
  isLatest(): boolean;
  undo(): void;
}

export interface OpenOptions {
  url: string;
  documentName: string;
  user: PresenceUser;
}

/**
 * Opens a builder document: local copy in IndexedDB first (works offline, survives reloads), then the
 * Hocuspocus connection, which exchanges whatever either side is missing whenever it (re)connects.
 */
export function openCollabSession(options: OpenOptions): CollabSession {
  const doc = new Y.Doc();
  const origin = { user: options.user.id };
  const persistenceName = localCopyName(options.user.id, options.documentName);
  rememberLocalCopy(persistenceName);
  const persistence = new IndexeddbPersistence(persistenceName, doc);
  const provider = new HocuspocusProvider({
    url: options.url,
    name: options.documentName,
    document: doc,
    // Browsers authenticate with their HttpOnly session cookie, sent with the WebSocket handshake.
    token: null,
  });
  // Only the local user's transactions are tracked, so undo never reverts a colleague's edit. Yjs merges
  // edits within captureTimeout into one step; only typing on in the same text should merge, so any other edit
  // starts a step of its own. This listener is registered before the UndoManager's, so it runs first.
  let lastTypedText: Y.Text | null = null;
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    const [changed, ...others] = transaction.changed.keys();
    const typedText = changed instanceof Y.Text && others.length === 0 ? changed : null;
    if (typedText === null || typedText !== lastTypedText) undoManager.stopCapturing();
    lastTypedText = typedText;
  });
  const undoManager = new Y.UndoManager(doc, { trackedOrigins: new Set([origin]), captureTimeout: 400 });
  provider.setAwarenessField('user', options.user);

  const listeners = new Set<() => void>();
  let status: WebSocketStatus = WebSocketStatus.Connecting;
  let isLoaded = false;
  let deniedReason: string | null = null;
  let removal: DocumentRemoval | null = null;
  // The server changed this user's access on the open connection (roles changed); overrides the scope.
  let grantedAccess: 'read' | 'write' | null = null;
  let snapshot = computeSnapshot();

  function computeSnapshot(): CollabSnapshot {
    const pendingChanges = provider.unsyncedChanges;
    let state: SyncState;
    if (removal) state = 'removed';
    else if (deniedReason) state = 'denied';
    else if (status === WebSocketStatus.Disconnected) state = 'offline';
    else if (status === WebSocketStatus.Connecting && !provider.isSynced) state = 'connecting';
    else state = provider.isSynced && pendingChanges === 0 ? 'synced' : 'syncing';
    return {
      state,
      pendingChanges,
      isLoaded,
      isReadOnly:
        removal !== null ||
        (grantedAccess ? grantedAccess === 'read' : provider.authorizedScope === 'readonly'),
      canUndo: undoManager.canUndo(),
      canRedo: undoManager.canRedo(),
      peers: provider.awareness ? listPeers(provider.awareness) : [],
      deniedReason,
      removal,
    };
  }
  function notify() {
    const next = computeSnapshot();
    // Awareness changes with every pointer move over a canvas (this user's own too): the page re-renders only
    // when something it shows changed.
    if (isSameSnapshot(snapshot, next)) return;
    snapshot = next;
    // Set while edits wait for the server; cleared only once everything is confirmed (not by a reload).
    if (snapshot.pendingChanges > 0) markUnsynced(persistenceName, true);
    else if (snapshot.state === 'synced') markUnsynced(persistenceName, false);
    for (const listener of listeners) listener();
  }

  provider.on('status', ({ status: next }: { status: WebSocketStatus }) => {
    status = next;
    notify();
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    deniedReason = reason || 'You may not open this document.';
    notify();
  });
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const notice = parseCollabNotice(payload);
    if (notice?.type === 'documentRemoved') {
      removal = { reason: notice.reason, by: notice.by };
      // The server closed this document and refuses it now: stop trying; the local copy stays.
      provider.configuration.websocketProvider.disconnect();
    } else if (notice?.access === 'none') {
      deniedReason = 'Your access to this document was removed.';
    } else if (notice) {
      grantedAccess = notice.access;
    }
    notify();
  });
  for (const event of ['synced', 'unsyncedChanges', 'authenticated', 'awarenessChange'])
    provider.on(event, notify);
  persistence.once('synced', () => {
    isLoaded = true;
    notify();
  });
  // The browser knows first when the network goes: drop the socket at once (edits queue locally and the
  // status says so) and reconnect the moment it is back, instead of waiting out the retry backoff.
  const socket = provider.configuration.websocketProvider;
  const goOffline = () => socket.disconnect();
  const goOnline = () => {
    // connect() is a no-op while the socket still reports 'connected' during the close handshake of a quick
    // offline → online blip; shouldConnect makes the close handler reconnect instead (found by the
    // collab-server convergence test).
    socket.shouldConnect = true;
    void socket.connect();
  };
  const hasWindow = typeof window !== 'undefined';
  if (hasWindow) {
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
  }
  undoManager.on('stack-item-added', notify);
  undoManager.on('stack-item-popped', notify);
  undoManager.on('stack-cleared', notify);

  return {
    doc,
    provider,
    user: options.user,
    origin,
    undo: () => undoManager.undo(),
    redo: () => undoManager.redo(),
    editAsStep(edit) {
      edit();
      const step = undoManager.undoStack.at(-1);
      const isLatest = () => step !== undefined && undoManager.undoStack.at(-1) === step;
      return {
        isLatest,
        undo: () => {
          if (isLatest()) undoManager.undo();
        },
      };
    },
    setFocus: (focus) => provider.setAwarenessField('focus', focus),
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      if (hasWindow) {
        window.removeEventListener('offline', goOffline);
        window.removeEventListener('online', goOnline);
      }
      listeners.clear();
      undoManager.destroy();
      provider.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}

export function collabUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

function isSameSnapshot(before: CollabSnapshot, after: CollabSnapshot): boolean {
  const keys = Object.keys(after) as (keyof CollabSnapshot)[];
  return keys.every((key) =>
    key === 'peers' ? isSamePeers(before.peers, after.peers) : before[key] === after[key],
  );
}

function isSamePeers(before: Peer[], after: Peer[]): boolean {
  return (
    before.length === after.length &&
    after.every((peer, index) => {
      const other = before[index];
      return (
        other?.clientId === peer.clientId &&
        other.id === peer.id &&
        other.name === peer.name &&
        other.color === peer.color &&
        other.focus === peer.focus
      );
    })
  );
}
