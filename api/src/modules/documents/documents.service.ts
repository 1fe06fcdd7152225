import { loadStoredState, notifyCollab, type Prisma, type SessionUser } from '@erp/prisma';
import {
  AppError,
  type CreateDocumentInput,
  type DocumentCounts,
  type DocumentSummary,
  type DuplicateDocumentInput,
  documentKinds,
  type ListDocumentsQuery,
  type UpdateDocumentInput,
} from '@erp/shared';
import { mergeStoredState } from '@erp/shared/documents/snapshot';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { containsText, cursorKeys, decodeCursor, toPage } from '../../http/lists';
import { recordAudit } from '../audit/audit.service';
import { documentInclude, toDocumentViewOf, toDocumentViews } from './document-view';
import { validateImportedContent } from './imported-content';

const updatedCursorSchema = z.tuple([cursorKeys.timestamp, cursorKeys.uuid]);

/** Newest change first; filter by kind, name (literal, case-insensitive) and archived state. */
export async function listDocuments(deps: AppDeps, query: ListDocumentsQuery) {
  const after = decodeCursor(updatedCursorSchema, query.cursor);
  const afterCursor: Prisma.DocumentWhereInput = after
    ? {
        OR: [
          { updatedAt: { lt: new Date(after[0]) } },
          { updatedAt: new Date(after[0]), id: { lt: after[1] } },
        ],
      }
    : {};
  const rows = await deps.prisma.document.findMany({
    where: {
      AND: [
        {
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.q ? { name: containsText(query.q) } : {}),
          ...(query.archived === 'all'
            ? {}
            : { archivedAt: query.archived === 'true' ? { not: null } : null }),
        },
        afterCursor,
      ],
    },
    include: documentInclude,
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.updatedAt.toISOString(), row.id],
  );
  return { ...page, items: await toDocumentViews(deps.prisma, page.items) };
}

export async function countDocuments(deps: AppDeps): Promise<DocumentCounts> {
  const groups = await deps.prisma.document.groupBy({
    by: ['kind'],
    where: { archivedAt: null },
    _count: { _all: true },
  });
  const counts = Object.fromEntries(documentKinds.map((kind) => [kind, 0])) as DocumentCounts['counts'];
  for (const group of groups) counts[group.kind] = group._count._all;
  return { counts };
}

export async function getDocument(deps: AppDeps, id: string): Promise<DocumentSummary> {
  const row = await deps.prisma.document.findUnique({ where: { id }, include: documentInclude });
  if (!row) throw missingDocument();
  return toDocumentViewOf(deps.prisma, row);
}

/** A new document; `content` imports a snapshot that the collab server turns into the first draft. */
export async function createDocument(
  deps: AppDeps,
  actor: SessionUser,
  input: CreateDocumentInput,
): Promise<DocumentSummary> {
  const initialContent = validateImportedContent(input.kind, input.content);
  return deps.prisma.$transaction(async (tx) => {
    const row = await tx.document.create({
      data: {
        kind: input.kind,
        name: input.name,
        initialContent,
        createdById: actor.id,
        updatedById: actor.id,
      },
      include: documentInclude,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'document.created',
      targetType: 'document',
      targetId: row.id,
      details: { kind: row.kind, name: row.name, imported: initialContent !== undefined },
    });
    return toDocumentViewOf(tx, row);
  });
}

/**
 * A new document starting from the original's current draft, exactly as it is (valid or not): the collab
 * processes store what they hold first, then the stored state becomes the copy's first update, by `actor`.
 */
export async function duplicateDocument(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: DuplicateDocumentInput,
): Promise<DocumentSummary> {
  await deps.drafts.flush(id);
  const stored = await loadStoredState(deps.prisma, id);
  return deps.prisma.$transaction(async (tx) => {
    const original = await tx.document.findUnique({ where: { id } });
    if (!original) throw missingDocument();
    const isOpened = stored.snapshot !== null || stored.updates.length > 0;
    const row = await tx.document.create({
      data: {
        kind: original.kind,
        name: input.name,
        // Never opened: the copy starts from the same imported content the original would.
        initialContent: isOpened ? undefined : (original.initialContent ?? undefined),
        createdById: actor.id,
        updatedById: actor.id,
        updates: isOpened
          ? { create: { userId: actor.id, update: new Uint8Array(mergeStoredState(stored)) } }
          : undefined,
      },
      include: documentInclude,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'document.duplicated',
      targetType: 'document',
      targetId: row.id,
      details: { kind: row.kind, name: row.name, from: { id, name: original.name } },
    });
    return toDocumentViewOf(tx, row);
  });
}

/** Rename, archive or restore. */
export async function updateDocument(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: UpdateDocumentInput,
): Promise<DocumentSummary> {
  return deps.prisma.$transaction(async (tx) => {
    const before = await tx.document.findUnique({ where: { id } });
    if (!before) throw missingDocument();
    const isArchived = before.archivedAt !== null;
    const row = await tx.document.update({
      where: { id },
      data: {
        name: input.name,
        // Archiving twice keeps the first time.
        archivedAt:
          input.archived === undefined || input.archived === isArchived
            ? undefined
            : input.archived
              ? new Date()
              : null,
        updatedById: actor.id,
        updatedAt: new Date(),
      },
      include: documentInclude,
    });
    const changes = {
      ...(input.name !== undefined && input.name !== before.name
        ? { name: { from: before.name, to: input.name } }
        : {}),
      ...(input.archived !== undefined && input.archived !== isArchived
        ? { archived: { from: isArchived, to: input.archived } }
        : {}),
    };
    if (changes.archived?.to === true) {
      await notifyCollab(tx, {
        type: 'documentRemoved',
        documentId: id,
        reason: 'archived',
        by: actorRef(actor),
      });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'document.updated',
      targetType: 'document',
      targetId: id,
      details: { changes },
    });
    return toDocumentViewOf(tx, row);
  });
}

/** Deletes the document with its whole edit history. */
export async function deleteDocument(deps: AppDeps, actor: SessionUser, id: string): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const row = await tx.document.findUnique({ where: { id } });
    // deleteMany: a delete racing this one makes this a 404, not a 500.
    if (!row || (await tx.document.deleteMany({ where: { id } })).count === 0) throw missingDocument();
    await notifyCollab(tx, {
      type: 'documentRemoved',
      documentId: id,
      reason: 'deleted',
      by: actorRef(actor),
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'document.deleted',
      targetType: 'document',
      targetId: id,
      details: { kind: row.kind, name: row.name },
    });
  });
}

const actorRef = (actor: SessionUser) => ({ id: actor.id, name: actor.name });

function missingDocument(): AppError {
  return new AppError('not_found', 'There is no document with this id.');
}
