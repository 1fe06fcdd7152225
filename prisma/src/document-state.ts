import type { Prisma, PrismaClient } from './generated/client';

// The stored Yjs state of a builder document, as the collab server writes it (collab-server README "Storage"):
// the latest compacted snapshot (v2) and the updates after it (v1). The collab server loads documents from it;
// the api decodes drafts from it (through @erp/shared/documents/snapshot) after a flush.

export interface StoredState {
  /** The latest snapshot (v2 encoding), if any. */
  snapshot: Uint8Array | null;
  /** Every update stored after it, in id order (v1 encoding); their count says when to compact. */
  updates: Uint8Array[];
  /** The id of the newest update included (null when nothing is stored). */
  throughUpdateId: bigint | null;
}

export async function loadStoredState(
  prisma: PrismaClient | Prisma.TransactionClient,
  documentId: string,
): Promise<StoredState> {
  const snapshot = await prisma.documentSnapshot.findFirst({
    where: { documentId },
    orderBy: { throughUpdateId: 'desc' },
    select: { state: true, throughUpdateId: true },
  });
  const rows = await prisma.documentUpdate.findMany({
    where: { documentId, ...(snapshot ? { id: { gt: snapshot.throughUpdateId } } : {}) },
    orderBy: { id: 'asc' },
    select: { id: true, update: true },
  });
  return {
    snapshot: snapshot?.state ?? null,
    updates: rows.map((row) => row.update),
    throughUpdateId: rows.at(-1)?.id ?? snapshot?.throughUpdateId ?? null,
  };
}

/**
 * The stored state for a reader that keeps what it decoded and later asks only for what came after
 * (`afterUpdateId`): first it waits for the appends in flight on this document (each holds FOR SHARE on the
 * document row from before its ids are drawn until it commits), so no update with an id at or below the
 * returned `throughUpdateId` can still appear after this read.
 */
export async function loadStoredStateAfter(
  prisma: PrismaClient,
  documentId: string,
  afterUpdateId: bigint | null,
): Promise<StoredState> {
  await prisma.$queryRaw`SELECT 1 FROM documents WHERE id = ${documentId}::uuid FOR NO KEY UPDATE`;
  if (afterUpdateId === null) return loadStoredState(prisma, documentId);
  const rows = await prisma.documentUpdate.findMany({
    where: { documentId, id: { gt: afterUpdateId } },
    orderBy: { id: 'asc' },
    select: { id: true, update: true },
  });
  return {
    snapshot: null,
    updates: rows.map((row) => row.update),
    throughUpdateId: rows.at(-1)?.id ?? afterUpdateId,
  };
}
