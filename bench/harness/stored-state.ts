// What the collab server reads to open a document (the latest snapshot and the updates after it), read
// straight from PostgreSQL so the baselines get the very same bytes.
import { parseDocumentName } from '@erp/shared/ids';
import type { BenchDatabase } from './database';

export interface StoredState {
  /** What a cold open applies: the snapshot (Yjs v2 encoding), if any, then the later updates (v1). */
  snapshot: Buffer | null;
  updates: Buffer[];
  loadedBytes: number;
  snapshotBytes: number;
  tailRows: number;
  /** The whole update log (kept for history) and every snapshot. */
  historyRows: number;
  historyBytes: number;
}

export async function readStoredState(db: BenchDatabase, documentName: string): Promise<StoredState> {
  const documentId = parseDocumentName(documentName)?.id;
  if (!documentId) throw new Error(`${documentName} is not a document name`);
  const [snapshot] = await db.query<{ state: Buffer; through_update_id: string }>(
    `SELECT state, through_update_id FROM document_snapshots WHERE document_id = $1
     ORDER BY through_update_id DESC LIMIT 1`,
    [documentId],
  );
  const tail = await db.query<{ update: Buffer }>(
    `SELECT update FROM document_updates WHERE document_id = $1 AND id > $2 ORDER BY id`,
    [documentId, snapshot?.through_update_id ?? '0'],
  );
  const [history] = await db.query<{ rows: string; bytes: string | null }>(
    `SELECT count(*) AS rows, sum(octet_length(update)) AS bytes FROM document_updates WHERE document_id = $1`,
    [documentId],
  );
  const updates = tail.map((row) => row.update);
  return {
    snapshot: snapshot?.state ?? null,
    updates,
    loadedBytes:
      (snapshot?.state.byteLength ?? 0) + updates.reduce((sum, update) => sum + update.byteLength, 0),
    snapshotBytes: snapshot?.state.byteLength ?? 0,
    tailRows: tail.length,
    historyRows: Number(history?.rows ?? 0),
    historyBytes: Number(history?.bytes ?? 0),
  };
}

/** A stored state as JSON, for a child process. */
export interface EncodedState {
  snapshot: string | null;
  updates: string[];
}

export const encodeStoredState = (stored: StoredState): EncodedState => ({
  snapshot: stored.snapshot?.toString('base64') ?? null,
  updates: stored.updates.map((update) => update.toString('base64')),
});

export const decodeStoredState = (encoded: EncodedState) => ({
  snapshot: encoded.snapshot === null ? null : new Uint8Array(Buffer.from(encoded.snapshot, 'base64')),
  updates: encoded.updates.map((update) => new Uint8Array(Buffer.from(update, 'base64'))),
});

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** How much of an encoded state is ids spelled as UUID strings (map keys, references): a size driver. */
export function uuidBytesIn(update: Uint8Array): number {
  const text = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1');
  return (text.match(uuidPattern)?.length ?? 0) * 36;
}
