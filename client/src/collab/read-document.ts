import { readDocument } from '@erp/shared/documents';
import { type DocumentKind, toDocumentName } from '@erp/shared/ids';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { collabUrl } from './collab-session';

const timeoutMs = 15_000;

/**
 * Another document's current draft, read once (a flow's levels need their forms' fields): a short-lived
 * connection, no local copy, no presence. Rejects when the server refuses it or does not answer in time.
 */
export function readDocumentOnce(kind: DocumentKind, id: string): Promise<unknown> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: collabUrl(),
    name: toDocumentName(kind, id),
    document: doc,
    token: null,
  });
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The document did not load in time.')), timeoutMs);
    provider.on('synced', () => {
      clearTimeout(timer);
      resolve(readDocument(kind, doc));
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      clearTimeout(timer);
      reject(new Error(reason || 'You may not open this document.'));
    });
  }).finally(() => {
    provider.destroy();
    doc.destroy();
  });
}
