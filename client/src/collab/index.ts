export { type CollabSession, type CollabSnapshot, openCollabSession, type SyncState } from './collab-session';
export { clearLocalCopies, hasUnsyncedCopies } from './local-copies';
export { colorForUser, type Peer, type PresenceUser } from './presence';
export { PresenceAvatars } from './presence-avatars';
export { applyTextChange, useSharedText } from './shared-text';
export { SyncStatus } from './sync-status';
export { useCollabDocument } from './use-collab-document';
