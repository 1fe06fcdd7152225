import type { DocumentKind } from './ids';

/**
 * How the api reaches the collab processes that hold drafts (docs/decisions/0001): a direct call when collab runs
 * in the same process, a command over PostgreSQL otherwise. Both throw AppError('unavailable') when the
 * collab side cannot answer in time, so a publish never reads a draft that may miss a synced edit.
 */
export interface DraftChannel {
  /** Resolves once every edit a collab process held in memory for the document is stored. */
  flush(documentId: string): Promise<void>;
  /**
   * Makes `content` (a valid snapshot of `kind`) the draft, as one ordinary Yjs transaction by the collab server,
   * stored with `userId` as its author; false when the draft already equalled it.
   */
  replace(request: {
    documentId: string;
    kind: DocumentKind;
    content: unknown;
    userId: string;
  }): Promise<boolean>;
}
