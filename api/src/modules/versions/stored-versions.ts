import { randomUUID } from 'node:crypto';
import type { Prisma, SessionUser } from '@erp/prisma';
import type { DocumentRef } from './drafts';
import type { VersionSummaryRow } from './version-view';

// Version rows as publish writes and reads them, without Prisma walking a whole snapshot (~170 KB for a 500-node
// flow) to send or parse it: the row is inserted from the JSON text its hash was computed from, and the contents
// of recent versions, which never change, are kept by id for the next publish's diff.

type Tx = Prisma.TransactionClient;

export interface NewVersion {
  document: DocumentRef;
  status: 'live' | 'candidate';
  contentJson: string;
  contentHash: string;
  stateVector: Uint8Array;
  author: Pick<SessionUser, 'id' | 'name'>;
  message: string;
  releaseId: string | null;
}

/**
 * Inserts the document's next version and retires the one it replaces (a live version supersedes the live one, a
 * candidate withdraws the waiting one), in one statement; the caller holds the document row's lock, so numbers
 * are consecutive.
 */
export async function insertVersion(tx: Tx, version: NewVersion): Promise<VersionSummaryRow> {
  const id = randomUUID();
  const documentId = version.document.id;
  const replaced = version.status === 'live' ? 'superseded' : 'withdrawn';
  const [inserted] = await tx.$queryRaw<{ number: number; created_at: Date }[]>`
    WITH replaced AS (
      UPDATE document_versions SET status = ${replaced}::"VersionStatus"
      WHERE document_id = ${documentId}::uuid AND status = ${version.status}::"VersionStatus"
    )
    INSERT INTO document_versions
      (id, document_id, number, status, content, content_hash, state_vector, author_id, message, release_id)
    SELECT ${id}::uuid, ${documentId}::uuid, coalesce(max(number), 0) + 1, ${version.status}::"VersionStatus",
      ${version.contentJson}::jsonb, ${version.contentHash}, ${new Uint8Array(version.stateVector)},
      ${version.author.id}::uuid, ${version.message}, ${version.releaseId}::uuid
    FROM document_versions WHERE document_id = ${documentId}::uuid
    RETURNING number, created_at`;
  if (!inserted) throw new Error('the version insert returned no row');
  return {
    id,
    documentId,
    number: inserted.number,
    status: version.status,
    contentHash: version.contentHash,
    authorId: version.author.id,
    message: version.message,
    approvedAt: null,
    createdAt: inserted.created_at,
    author: { id: version.author.id, name: version.author.name },
    approvedBy: null,
    document: { kind: version.document.kind },
  };
}

const keptContents = new Map<string, object>();
const maxKeptContents = 16;

/** The content of a version, kept by id once read or written (versions are immutable). */
export async function readVersionContent(tx: Tx, versionId: string): Promise<object> {
  const kept = keptContents.get(versionId);
  if (kept) return kept;
  const { content } = await tx.documentVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { content: true },
  });
  keepVersionContent(versionId, content as object);
  return content as object;
}

// A version whose transaction rolls back leaves its id here; nothing ever asks for that id.
export function keepVersionContent(versionId: string, content: object): void {
  keptContents.delete(versionId);
  keptContents.set(versionId, content);
  for (const [id] of keptContents) {
    if (keptContents.size <= maxKeptContents) break;
    keptContents.delete(id);
  }
}
