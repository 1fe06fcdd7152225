// What the builders use. The Yjs-free local-copies.ts (sign-out) is imported directly by the app shell: going
// through this file would pull Hocuspocus and Yjs into the first bundle.
export type { CollabSession, CollabSnapshot, DocumentRemoval, UndoStep } from './collab-session';
export type { Peer } from './presence';
export { PresenceAvatars } from './presence-avatars';
export { readDocumentOnce } from './read-document';
export { useSharedText } from './shared-text';
export { SyncStatus } from './sync-status';
export { useCollabDocument } from './use-collab-document';
