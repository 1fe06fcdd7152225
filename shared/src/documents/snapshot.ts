import * as Y from 'yjs';
import type { DocumentKind } from '../ids';
import { keepEntityReads } from './entities.yjs';
import { migrateDocument, readDocument } from './index';

// The one Yjs-loading entry point the api may import (`@erp/shared/documents/snapshot`, see
// docs/decisions/0001-publish-reads-and-restore-writes.md): a stored state in, plain JSON out. It never writes.

export interface EncodedState {
  /** A compacted state in Yjs's v2 encoding (document_snapshots), if any. */
  snapshot: Uint8Array | null;
  /** Updates after it, in order, v1-encoded (document_updates). */
  updates: readonly Uint8Array[];
}

export interface DecodedDraft {
  /** The draft in the kind's published shape, not yet validated. */
  content: Record<string, unknown>;
  /** What the content was built from, for the version row. */
  stateVector: Uint8Array;
}

/** Decodes a stored state into the draft it holds (brought to the current layout in memory only). */
export function decodeDraft(kind: DocumentKind, state: EncodedState): DecodedDraft {
  const doc = new Y.Doc();
  try {
    applyState(doc, state);
    return readMigrated(kind, doc).draft;
  } finally {
    doc.destroy();
  }
}

/** A stored state as one update (v1), to start another document from exactly this draft (a duplicate). */
export function mergeStoredState(state: EncodedState): Uint8Array {
  const snapshot = state.snapshot ? [Y.convertUpdateFormatV2ToV1(state.snapshot)] : [];
  return Y.mergeUpdates([...snapshot, ...state.updates]);
}

/** A stored state as a reader that keeps drafts loads it: through which update id it goes. */
export interface StoredStateThrough extends EncodedState {
  /** The newest update included (null when nothing is stored); no update with a lower id may appear later. */
  throughUpdateId: bigint | null;
}

/**
 * Loads a document as a reader that keeps drafts does: the document (its kind, and whatever else the reader
 * wants of it) with what is stored after `afterUpdateId` (only the updates), or everything when it is null; null
 * when there is no such document. One load, so a store can answer both in one round trip.
 */
export type LoadStoredState<Document extends { kind: DocumentKind }> = (
  afterUpdateId: bigint | null,
) => Promise<{ document: Document; stored: StoredStateThrough } | null>;

interface KeptDraft {
  kind: DocumentKind;
  doc: Y.Doc;
  throughUpdateId: bigint;
  usedAt: number;
}

/**
 * Decoded drafts kept between reads, so that reading a draft again (the next publish, a preview then a publish)
 * applies only the updates stored since instead of decoding the whole history (a 500-node flow with 5,000
 * edits: tens of ms). The update log is append-only, so a kept doc plus the later updates is exactly the
 * stored state. Kept docs only ever receive stored updates: one whose layout a read migrated in memory (an older
 * schema version) is not kept. Bounded by count, least recently used out, and dropped after `idleMs` unused.
 */
export class KeptDrafts {
  private readonly kept = new Map<string, KeptDraft>();

  constructor(private readonly limits: { maxDocuments: number; idleMs: number }) {}

  /**
   * A document with its draft (null when nothing is stored), from the kept doc when there is one; null when there
   * is no such document.
   */
  async read<Document extends { kind: DocumentKind }>(
    documentId: string,
    load: LoadStoredState<Document>,
  ): Promise<{ document: Document; draft: DecodedDraft | null } | null> {
    this.dropIdle();
    const kept = this.kept.get(documentId);
    if (kept) {
      const after = kept.throughUpdateId;
      const loaded = await load(after);
      const current = this.kept.get(documentId);
      // Another read may have replaced the kept doc meanwhile; it must hold everything through `after`.
      if (loaded && current?.kind === loaded.document.kind && current.throughUpdateId >= after) {
        applyState(current.doc, loaded.stored);
        if (!hasPendingState(current.doc)) {
          const draft = this.readKept(documentId, current, loaded.stored.throughUpdateId);
          return { document: loaded.document, draft };
        }
      }
      this.forget(documentId);
      if (!loaded) return null;
    }
    const loaded = await load(null);
    if (!loaded) return null;
    const { document, stored } = loaded;
    if (stored.throughUpdateId === null) return { document, draft: null };
    const doc = new Y.Doc();
    applyState(doc, stored);
    keepEntityReads(doc);
    const entry = { kind: document.kind, doc, throughUpdateId: stored.throughUpdateId, usedAt: 0 };
    return { document, draft: this.readKept(documentId, entry, null) };
  }

  private readKept(documentId: string, entry: KeptDraft, throughUpdateId: bigint | null): DecodedDraft {
    if (throughUpdateId !== null && throughUpdateId > entry.throughUpdateId) {
      entry.throughUpdateId = throughUpdateId;
    }
    let read: { draft: DecodedDraft; isMigrated: boolean };
    try {
      read = readMigrated(entry.kind, entry.doc);
    } catch (error) {
      this.forget(documentId, entry);
      throw error;
    }
    // A migration wrote into the doc: it no longer equals the stored state and cannot take later updates.
    if (read.isMigrated) {
      this.forget(documentId, entry);
      return read.draft;
    }
    const replaced = this.kept.get(documentId);
    if (replaced !== entry) replaced?.doc.destroy();
    this.kept.delete(documentId);
    entry.usedAt = Date.now();
    this.kept.set(documentId, entry);
    for (const [id] of this.kept) {
      if (this.kept.size <= this.limits.maxDocuments) break;
      this.forget(id);
    }
    return read.draft;
  }

  private dropIdle(): void {
    const oldest = Date.now() - this.limits.idleMs;
    for (const [id, entry] of this.kept) if (entry.usedAt < oldest) this.forget(id);
  }

  private forget(documentId: string, entry = this.kept.get(documentId)): void {
    if (this.kept.get(documentId) === entry) this.kept.delete(documentId);
    entry?.doc.destroy();
  }
}

function applyState(doc: Y.Doc, state: EncodedState): void {
  Y.transact(doc, () => {
    if (state.snapshot) Y.applyUpdateV2(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
  });
}

// The state vector is the stored state's, taken before the in-memory migration (which writes only when the
// stored layout is older than this code's).
function readMigrated(kind: DocumentKind, doc: Y.Doc): { draft: DecodedDraft; isMigrated: boolean } {
  const stateVector = Y.encodeStateVector(doc);
  let isMigrated = false;
  const onUpdate = () => {
    isMigrated = true;
  };
  doc.on('update', onUpdate);
  try {
    migrateDocument(kind, doc);
  } finally {
    doc.off('update', onUpdate);
  }
  return { draft: { content: readDocument(kind, doc), stateVector }, isMigrated };
}

// Updates whose dependencies never arrived: the kept doc missed something, so it is rebuilt from the store.
function hasPendingState(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
