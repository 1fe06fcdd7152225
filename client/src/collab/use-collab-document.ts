import { useEffect, useState, useSyncExternalStore } from 'react';
import { type CollabSession, type CollabSnapshot, collabUrl, openCollabSession } from './collab-session';
import { colorForUser } from './presence';

const idleSnapshot: CollabSnapshot = {
  state: 'connecting',
  pendingChanges: 0,
  isLoaded: false,
  isReadOnly: false,
  canUndo: false,
  canRedo: false,
  peers: [],
  deniedReason: null,
  removal: null,
};
const noSubscription = () => () => {};

/** Opens `documentName` for `user` while the component is mounted; one session per document and user. */
export function useCollabDocument(
  documentName: string,
  user: { id: string; name: string },
): { session: CollabSession | null; snapshot: CollabSnapshot } {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    const opened = openCollabSession({
      url: collabUrl(),
      documentName,
      user: { id: user.id, name: user.name, color: colorForUser(user.id) },
    });
    setSession(opened);
    return () => {
      setSession(null);
      opened.destroy();
    };
  }, [documentName, user.id, user.name]);
  const snapshot = useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getSnapshot ?? (() => idleSnapshot),
  );
  return { session, snapshot };
}
