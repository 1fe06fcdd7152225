import { loadSettledState, type PrismaClient, queryPrepared } from '@erp/prisma';
import { AppError, type DocumentKind, emptyDocument, upgradeDocument } from '@erp/shared';
import { KeptDrafts } from '@erp/shared/documents/snapshot';
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
export async function findDocument(deps: Pick<AppDeps, 'pool'>, id: string): Promise<DocumentRef> {
  const [row] = await queryPrepared<DocumentRef>(
    deps.pool,
    'SELECT id, kind::text AS kind, name FROM documents WHERE id = $1::uuid',
    [id],
  );
  if (!row) throw notFound();
  return row;
}

const notFound = () => new AppError('not_found', 'There is no document with this id.');

/** A document with its draft, as `readDraft` answers. */
export interface DocumentDraft extends Draft {
  document: DocumentRef;
}

/**
 * A document and its draft as the collab processes hold it, or 404: they store what they have in memory first
 * (docs/decisions/0001), then the stored state is decoded. Not validated. Every publish starts here.
 */
export async function readDraft(deps: AppDeps, documentId: string): Promise<DocumentDraft> {
  await deps.drafts.flush(documentId);
  const read = await keptDraftsOf(deps.prisma).read(documentId, (afterUpdateId) =>
    loadSettledState(deps, documentId, afterUpdateId),
  );
  if (!read) throw notFound();
  const { document, draft } = read;
  return { document, ...(draft ?? (await unopenedDraft(deps, document))) };
}

// Drafts decoded here are kept per database (a few documents, a few MB each), so the next read of one applies
// only the updates stored since: a publish does not decode a long history again.
const keptDrafts = new WeakMap<PrismaClient, KeptDrafts>();

function keptDraftsOf(prisma: PrismaClient): KeptDrafts {
  let kept = keptDrafts.get(prisma);
  if (!kept) {
    kept = new KeptDrafts({ maxDocuments: 8, idleMs: 10 * 60_000 });
    keptDrafts.set(prisma, kept);
  }
  return kept;
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
