import type { CollabSession, CollabSnapshot } from '../../collab';
import type { PublishProblems } from '../versions/publish-problems';

/** What every builder gets from the document page: the open document, its live state, and what stops a publish. */
export interface BuilderProps {
  session: CollabSession;
  snapshot: CollabSnapshot;
  /** The problems of the last refused publish, by element id, for the builder to mark on its elements. */
  problems: PublishProblems;
}
