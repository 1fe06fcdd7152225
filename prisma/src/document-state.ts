import type pg from 'pg';
import type { DocumentKind, Prisma, PrismaClient } from './generated/client';
import { queryPrepared } from './sql';

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
 * A document's row once the appends in flight on it have committed (each holds FOR SHARE on the row from before
 * its ids are drawn until it commits), or null when there is no such document. A reader that keeps what it
 * decoded reads it before `loadStoredStateAfter`: no update with an id at or below the one that load returns can
 * still appear after it. The statement is also the reader's lookup of the document (one round trip, not two).
 */
export async function readSettledDocument(
  pool: pg.Pool,
  documentId: string,
): Promise<{ id: string; kind: DocumentKind; name: string } | null> {
  // The lock is all this statement's transaction does: its commit need not wait for the disk (the wait was as
  // long as the statement's round trip again).
  const [row] = await queryPrepared<{ id: string; kind: DocumentKind; name: string }>(
    pool,
    `SELECT id, kind::text AS kind, name, set_config('synchronous_commit', 'off', true) AS no_disk_wait
    FROM documents WHERE id = $1::uuid FOR NO KEY UPDATE`,
    [documentId],
  );
  return row ? { id: row.id, kind: row.kind, name: row.name } : null;
}

/**
 * The stored state for a reader that keeps what it decoded and later asks only for what came after
 * (`afterUpdateId`), read after `readSettledDocument`. Every publish runs it: the later updates are a named
 * statement on the plain pool; the first, whole load goes through Prisma.
 */
export async function loadStoredStateAfter(
  db: { prisma: PrismaClient; pool: pg.Pool },
  documentId: string,
  afterUpdateId: bigint | null,
): Promise<StoredState> {
  if (afterUpdateId === null) return loadStoredState(db.prisma, documentId);
  const rows = await queryPrepared<{ id: string; update: Buffer }>(
    db.pool,
    `SELECT id::text AS id, update FROM document_updates
    WHERE document_id = $1::uuid AND id > $2::bigint ORDER BY id`,
    [documentId, afterUpdateId.toString()],
  );
  const last = rows.at(-1);
  return {
    snapshot: null,
    updates: rows.map((row) => row.update),
    throughUpdateId: last ? BigInt(last.id) : afterUpdateId,
  };
}
