import { loadStoredState } from '@erp/prisma';
import { AppError, type DocumentKind, emptyDocument, upgradeDocument } from '@erp/shared';
import { decodeDraft } from '@erp/shared/documents/snapshot';
import type { AppDeps } from '../../deps';

export interface DocumentRef {
  id: string;
  kind: DocumentKind;
  name: string;
}

export interface Draft {
  content: Record<string, unknown>;
  stateVector: Uint8Array;
}

/** A document by id, or 404. */
export async function findDocument(deps: Pick<AppDeps, 'prisma'>, id: string): Promise<DocumentRef> {
  const row = await deps.prisma.document.findUnique({
    where: { id },
    select: { id: true, kind: true, name: true },
  });
  if (!row) throw new AppError('not_found', 'There is no document with this id.');
  return row;
}

/**
 * The draft as the collab processes hold it: they store what they have in memory first (docs/decisions/0001),
 * then the stored state is decoded. Not validated.
 */
export async function readDraft(deps: AppDeps, document: DocumentRef): Promise<Draft> {
  await deps.drafts.flush(document.id);
  const stored = await loadStoredState(deps.prisma, document.id);
  if (stored.snapshot === null && stored.updates.length === 0) return unopenedDraft(deps, document);
  return decodeDraft(document.kind, stored);
}

// Nobody opened the document yet: the collab server would lay it out from the imported content, or empty.
async function unopenedDraft(deps: AppDeps, document: DocumentRef): Promise<Draft> {
  const row = await deps.prisma.document.findUnique({
    where: { id: document.id },
    select: { initialContent: true },
  });
  const content = row?.initialContent ?? emptyDocument(document.kind);
  return {
    content: upgradeDocument(document.kind, content) as Record<string, unknown>,
    stateVector: new Uint8Array([0]),
  };
}
