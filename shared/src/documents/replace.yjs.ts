import * as Y from 'yjs';
import { AppError } from '../errors';
import type { DocumentKind } from '../ids';
import { isSameJson } from './diff/entity-diff';
import type { Origin } from './entities.yjs';
import { initDocument, readDocument } from './index';
import { getMeta } from './meta.yjs';
import { validateDocument } from './schemas';

/**
 * Makes `content` (a snapshot of the kind's published schema, e.g. an old version) the draft, as one
 * ordinary transaction: every root is emptied and laid out again from the snapshot. Deleting and inserting
 * (never replacing bytes) is what keeps collaborators' copies from merging old and new into a union.
 * Returns false, touching nothing, when the draft already equals the content.
 */
export function replaceDocumentContent(
  kind: DocumentKind,
  doc: Y.Doc,
  content: unknown,
  origin?: Origin,
): boolean {
  const result = validateDocument(kind, content);
  if (!result.ok) {
    throw new AppError('validation_failed', `The content is not a valid ${kind}.`, { issues: result.issues });
  }
  // Reading first also gives every root its type, so the loop below can empty them.
  if (isSameJson(readDocument(kind, doc), result.value)) return false;
  doc.transact(() => {
    for (const type of doc.share.values()) emptyRoot(type);
    getMeta(doc).clear();
    initDocument(kind, doc, result.value, origin);
  }, origin);
  return true;
}

function emptyRoot(type: unknown): void {
  if (type instanceof Y.Map) type.clear();
  else if (type instanceof Y.Text || type instanceof Y.Array || type instanceof Y.XmlFragment) {
    type.delete(0, type.length);
  }
}
