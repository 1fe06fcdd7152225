import { AppError, type HistoryPoint } from '@erp/shared';
import { decodeDraft } from '@erp/shared/documents/snapshot';
import type { AppDeps } from '../../deps';
import { type DocumentRef, findDocument } from './drafts';

// A document's timeline, rebuilt from the update log (never compacted away): edits grouped per author while
// each follows the group's first within five minutes. A point is the draft right after its group's last edit.

const groupWindowMs = 5 * 60 * 1000;

export async function listHistory(
  deps: AppDeps,
  documentId: string,
  query: { cursor?: string; limit: number },
) {
  await findDocument(deps, documentId);
  const rows = await deps.prisma.documentUpdate.findMany({
    where: { documentId },
    orderBy: { id: 'asc' },
    select: { id: true, userId: true, createdAt: true },
  });
  const userIds = [...new Set(rows.flatMap((row) => (row.userId ? [row.userId] : [])))];
  const users = await deps.prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  const points: HistoryPoint[] = [];
  let from = 0;
  for (const row of rows) {
    const author = (row.userId && byId.get(row.userId)) || null;
    const current = points.at(-1);
    if (current && current.author?.id === author?.id && row.createdAt.getTime() - from < groupWindowMs) {
      current.id = String(row.id);
      current.to = row.createdAt.toISOString();
      current.edits += 1;
      continue;
    }
    from = row.createdAt.getTime();
    const at = row.createdAt.toISOString();
    points.push({ id: String(row.id), author, from: at, to: at, edits: 1 });
  }
  points.reverse();
  const start = query.cursor ? points.findIndex((point) => point.id === query.cursor) + 1 : 0;
  const page = points.slice(start, start + query.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: last && start + query.limit < points.length ? last.id : null };
}

/** The draft right after update `pointId` of this document (404 for an id of another document or none). */
export async function readHistoryPoint(
  deps: AppDeps,
  document: DocumentRef,
  pointId: string,
): Promise<{ content: Record<string, unknown> }> {
  const throughId = BigInt(pointId);
  const point = await deps.prisma.documentUpdate.findFirst({
    where: { id: throughId, documentId: document.id },
    select: { id: true },
  });
  if (!point) throw new AppError('not_found', 'This document has no such point in its history.');
  const rows = await deps.prisma.documentUpdate.findMany({
    where: { documentId: document.id, id: { lte: throughId } },
    orderBy: { id: 'asc' },
    select: { update: true },
  });
  const { content } = decodeDraft(document.kind, { snapshot: null, updates: rows.map((row) => row.update) });
  return { content };
}

export async function getHistoryPoint(deps: AppDeps, documentId: string, pointId: string) {
  const document = await findDocument(deps, documentId);
  const { items } = await listHistory(deps, documentId, { limit: Number.MAX_SAFE_INTEGER });
  const point = items.find((item) => item.id === pointId);
  if (!point) throw new AppError('not_found', 'This document has no such point in its history.');
  return { point, content: (await readHistoryPoint(deps, document, pointId)).content };
}
