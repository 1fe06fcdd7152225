import type { CollabSession, CollabSnapshot } from '../../collab';

/** What every builder gets from the document page: the open document and its live state. */
export interface BuilderProps {
  session: CollabSession;
  snapshot: CollabSnapshot;
}
