import type pg from 'pg';
import type { DocumentKind, Prisma, PrismaClient } from './generated/client';
import { onPipelinedConnection } from './sql';

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

/** A builder document as a reader of its stored state finds it. */
export interface StoredDocument {
  id: string;
  kind: DocumentKind;
  name: string;
}

/**
 * A document and its stored state, for a reader that keeps what it decoded and later asks only for what came
 * after (`afterUpdateId`), or null when there is no such document. It first waits for the appends in flight on
 * the document (each holds FOR SHARE on its row from before its ids are drawn until it commits), so no update
 * with an id at or below the returned `throughUpdateId` can still appear after this read; that wait is also the
 * lookup of the document. Every publish runs it: the wait and the later updates are named statements issued
 * together on one pipelined connection (one round trip); the first, whole load goes through Prisma.
 */
export async function loadSettledState(
  db: { prisma: PrismaClient; pool: pg.Pool },
  documentId: string,
  afterUpdateId: bigint | null,
): Promise<{ document: StoredDocument; stored: StoredState } | null> {
  const [[document], rows] = await onPipelinedConnection(db.pool, (sql) =>
    Promise.all([
      // The lock is all this statement's transaction does: its commit need not wait for the disk (the wait was
      // as long as the statement's round trip again).
      sql.query<StoredDocument>(
        `SELECT id, kind::text AS kind, name, set_config('synchronous_commit', 'off', true) AS no_disk_wait
        FROM documents WHERE id = $1::uuid FOR NO KEY UPDATE`,
        [documentId],
      ),
      // A statement of its own, run once the wait above is over: its snapshot includes those appends.
      afterUpdateId === null
        ? null
        : sql.query<{ id: string; update: Buffer }>(
            `SELECT id::text AS id, update FROM document_updates
            WHERE document_id = $1::uuid AND id > $2::bigint ORDER BY id`,
            [documentId, afterUpdateId.toString()],
          ),
    ]),
  );
  if (!document) return null;
  const found = { id: document.id, kind: document.kind, name: document.name };
  if (afterUpdateId === null || !rows)
    return { document: found, stored: await loadStoredState(db.prisma, documentId) };
  const last = rows.at(-1);
  return {
    document: found,
    stored: {
      snapshot: null,
      updates: rows.map((row) => row.update),
      throughUpdateId: last ? BigInt(last.id) : afterUpdateId,
    },
  };
}
