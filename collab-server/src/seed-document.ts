import { initDocument as layOutDocument } from '@erp/shared/documents';
import * as Y from 'yjs';
import type { BuildInitialState, DocumentSeed } from './document-storage';

/** Lays out a new document of a kind (and imports its initial content, when there is one) into `doc`. */
export type InitDocument = (seed: DocumentSeed, doc: Y.Doc) => void;

// Seeding happens once, on the server, under the document row's lock: two clients laying out the same new
// document at once would create competing duplicates of its root entities.
export const initDocument: InitDocument = (seed, doc) =>
  layOutDocument(seed.kind, doc, seed.initialContent ?? undefined);

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
