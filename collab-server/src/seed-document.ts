import * as Y from 'yjs';
import type { BuildInitialState, DocumentSeed } from './document-storage';

/** Lays out a new document of a kind (and imports its initial content, when there is one) into `doc`. */
export type InitDocument = (seed: DocumentSeed, doc: Y.Doc) => void;

// The one seam to the shared document model. Until shared/src/documents exports `initDocument(kind, doc,
// content)`, new documents start empty; once it does, call it here and nothing else in this package changes.
export const initDocument: InitDocument = () => {};

/** The first stored update of a new document, or null when the layout leaves it empty. */
export function initialStateFrom(init: InitDocument): BuildInitialState {
  return (seed) => {
    const doc = new Y.Doc();
    init(seed, doc);
    const state = Y.encodeStateAsUpdate(doc);
    // An empty state vector (one byte: zero clients) means the layout wrote nothing.
    const isEmpty = Y.encodeStateVector(doc).byteLength <= 1;
    doc.destroy();
    return isEmpty ? null : state;
  };
}
