import * as Y from 'yjs';
import type { DocumentKind } from '../ids';
import { migrateDocument, readDocument } from './index';

// The one Yjs-loading entry point the api may import (`@erp/shared/documents/snapshot`, see
// docs/decisions/0001-publish-reads-and-restore-writes.md): a stored state in, plain JSON out. It never writes.

export interface EncodedState {
  /** A compacted state in Yjs's v2 encoding (document_snapshots), if any. */
  snapshot: Uint8Array | null;
  /** Updates after it, in order, v1-encoded (document_updates). */
  updates: readonly Uint8Array[];
}

export interface DecodedDraft {
  /** The draft in the kind's published shape, not yet validated. */
  content: Record<string, unknown>;
  /** What the content was built from, for the version row. */
  stateVector: Uint8Array;
}

/** Decodes a stored state into the draft it holds (brought to the current layout in memory only). */
export function decodeDraft(kind: DocumentKind, state: EncodedState): DecodedDraft {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      if (state.snapshot) Y.applyUpdateV2(doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(doc, update);
    });
    const stateVector = Y.encodeStateVector(doc);
    migrateDocument(kind, doc);
    return { content: readDocument(kind, doc), stateVector };
  } finally {
    doc.destroy();
  }
}

/** A stored state as one update (v1), to start another document from exactly this draft (a duplicate). */
export function mergeStoredState(state: EncodedState): Uint8Array {
  const snapshot = state.snapshot ? [Y.convertUpdateFormatV2ToV1(state.snapshot)] : [];
  return Y.mergeUpdates([...snapshot, ...state.updates]);
}
