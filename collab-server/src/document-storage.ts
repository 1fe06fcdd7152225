import { loadStoredState, type PrismaClient, type StoredState } from '@erp/prisma';
import type { DocumentKind } from '@erp/shared';
import * as Y from 'yjs';

// Storage of a builder document's Yjs state (see README "Storage"):
// - document_updates: append-only, one row per batch of one author's updates, never rewritten;
// - document_snapshots: the merged state through an update id, in Yjs's v2 encoding (about a fifth smaller
//   than v1 for a flow: P2's stored-size target); loading = latest snapshot + later updates (v1, as sent).
//
// Row locks on the document keep update ids and snapshots consistent: appends hold FOR SHARE on the
// document row from before their ids are drawn until they commit, and compaction takes FOR UPDATE, so
// a snapshot can never claim an id whose row was still uncommitted when the snapshot was built.

export interface StoredUpdate {
  userId: string | null;
  update: Uint8Array;
  createdAt: Date;
}

export interface DocumentSeed {
  kind: DocumentKind;
  initialContent: unknown;
}

/** Returns the first state of a new document, or null for "start empty". */
export type BuildInitialState = (seed: DocumentSeed) => Uint8Array | null;

export function hasStoredState(stored: StoredState): boolean {
  return stored.snapshot !== null || stored.updates.length > 0;
}

/** Applies a stored state to `doc` in one transaction. */
export function applyStoredState(doc: Y.Doc, stored: Pick<StoredState, 'snapshot' | 'updates'>): void {
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/** A Y.Doc holding a stored state (the caller destroys it). */
export function toYDoc(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, stored);
  return doc;
}

/**
 * The stored state of a document, seeding it first when nothing was ever stored. Seeding happens once per
 * document, under the document row's lock, so two servers opening a new document together cannot both
 * seed it (two seeds would merge into duplicated content).
 */
export async function loadOrSeedStoredState(
  prisma: PrismaClient,
  documentId: string,
  buildInitialState: BuildInitialState,
): Promise<StoredState> {
  const stored = await loadStoredState(prisma, documentId);
  if (hasStoredState(stored)) return stored;
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      { kind: DocumentKind; initial_content: unknown; created_by_id: string }[]
    >`
      SELECT kind, initial_content, created_by_id FROM documents WHERE id = ${documentId}::uuid FOR UPDATE`;
    const document = rows[0];
    if (!document) return stored;
    const existing = await loadStoredState(tx, documentId);
    if (hasStoredState(existing)) return existing;
    const state = buildInitialState({ kind: document.kind, initialContent: document.initial_content });
    if (!state) return existing;
    const row = await tx.documentUpdate.create({
      data: { documentId, userId: document.created_by_id, update: toBytes(state) },
      select: { id: true },
    });
    return { snapshot: null, updates: [state], throughUpdateId: row.id };
  });
}

/** Appends updates in order; 'missing' when the document row is gone (its updates have nowhere to go). */
export async function appendUpdates(
  prisma: PrismaClient,
  documentId: string,
  updates: StoredUpdate[],
): Promise<'stored' | 'missing'> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM documents WHERE id = ${documentId}::uuid FOR SHARE`;
    if (rows.length === 0) return 'missing';
    await tx.documentUpdate.createMany({
      data: updates.map((entry) => ({
        documentId,
        userId: entry.userId,
        update: toBytes(entry.update),
        createdAt: entry.createdAt,
      })),
    });
    return 'stored';
  });
}

/**
 * Merges the latest snapshot and every later update into a new snapshot, built from what is stored (never
 * from a server's memory, which may hold updates another server has not stored yet). Older snapshots are
 * dropped; the update log stays whole for history.
 */
export async function compactStoredState(prisma: PrismaClient, documentId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM documents WHERE id = ${documentId}::uuid FOR UPDATE`;
    if (rows.length === 0) return;
    const stored = await loadStoredState(tx, documentId);
    if (stored.updates.length === 0 || stored.throughUpdateId === null) return;
    const throughUpdateId = stored.throughUpdateId;
    const doc = toYDoc(stored);
    const state = Y.encodeStateAsUpdateV2(doc);
    doc.destroy();
    await tx.documentSnapshot.create({
      data: { documentId, state: toBytes(state), throughUpdateId },
    });
    await tx.documentSnapshot.deleteMany({ where: { documentId, throughUpdateId: { lt: throughUpdateId } } });
  });
}

/**
 * Stores what `doc` holds beyond the stored state, as one row without author; false when nothing is missing.
 * Deletions count too: a snapshot of the stored state must contain the whole of `doc`.
 */
export async function storeMissingState(
  prisma: PrismaClient,
  documentId: string,
  doc: Y.Doc,
): Promise<boolean> {
  const storedDoc = toYDoc(await loadStoredState(prisma, documentId));
  try {
    if (Y.snapshotContainsUpdate(Y.snapshot(storedDoc), Y.encodeStateAsUpdate(doc))) return false;
    const missing = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(storedDoc));
    return (
      (await appendUpdates(prisma, documentId, [
        { userId: null, update: missing, createdAt: new Date() },
      ])) === 'stored'
    );
  } finally {
    storedDoc.destroy();
  }
}

/** One row per run of consecutive updates by the same author (fewer rows, the same history by author). */
export function mergeRunsByAuthor(batch: StoredUpdate[]): StoredUpdate[] {
  const rows: StoredUpdate[] = [];
  let run: StoredUpdate[] = [];
  const closeRun = () => {
    const last = run.at(-1);
    if (!last) return;
    const update = run.length === 1 ? last.update : Y.mergeUpdates(run.map((entry) => entry.update));
    rows.push({ userId: last.userId, update, createdAt: last.createdAt });
    run = [];
  };
  for (const entry of batch) {
    if (run.length > 0 && run[0]?.userId !== entry.userId) closeRun();
    run.push(entry);
  }
  closeRun();
  return rows;
}

/** Marks the document as edited (the console's "last edited by … at …"). */
export async function touchDocument(
  prisma: PrismaClient,
  documentId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await prisma.document.updateMany({
    where: { id: documentId },
    data: { updatedAt: at, updatedById: userId },
  });
}

function toBytes(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(update);
}
