import { randomUUID } from 'node:crypto';
import type { DocumentKind, SessionUser, VersionStatus } from '@erp/prisma';
import { type Sql, type SqlRunner, sqlOf } from '@erp/prisma';
import type { PublishingSettings } from '@erp/shared';
import type { DocumentRef } from './drafts';
import { publishingKey, toPublishingSettings } from './settings.service';
import type { VersionSummaryRow } from './version-view';

// Version rows as publish writes and reads them, in plain SQL (`Sql`: the publish transaction runs on pg, a
// release's and an approval's on Prisma), without walking a whole snapshot (~170 KB for a 500-node flow) to send
// or parse it: the row is inserted from the JSON text its hash was computed from, and the contents of recent
// versions, which never change, are kept by id for the next publish's diff.

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
export async function insertVersion(sql: Sql, version: NewVersion): Promise<VersionSummaryRow> {
  const id = randomUUID();
  const documentId = version.document.id;
  const replaced = version.status === 'live' ? 'superseded' : 'withdrawn';
  const [inserted] = await sql.query<{ number: number; created_at: Date }>(
    `
    WITH replaced AS (
      UPDATE document_versions SET status = $3::"VersionStatus"
      WHERE document_id = $2::uuid AND status = $4::"VersionStatus"
    )
    INSERT INTO document_versions
      (id, document_id, number, status, content, content_hash, state_vector, author_id, message, release_id)
    SELECT $1::uuid, $2::uuid, coalesce(max(number), 0) + 1, $4::"VersionStatus",
      $5::jsonb, $6, $7::bytea, $8::uuid, $9, $10::uuid
    FROM document_versions WHERE document_id = $2::uuid
    RETURNING number, created_at`,
    [
      id,
      documentId,
      replaced,
      version.status,
      version.contentJson,
      version.contentHash,
      new Uint8Array(version.stateVector),
      version.author.id,
      version.message,
      version.releaseId,
    ],
  );
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
export async function readVersionContent(db: SqlRunner, versionId: string): Promise<object> {
  const kept = keptContents.get(versionId);
  if (kept) return kept;
  const [row] = await sqlOf(db).query<{ content: object }>(
    'SELECT content FROM document_versions WHERE id = $1::uuid',
    [versionId],
  );
  if (!row) throw new Error(`version ${versionId} was not found`);
  keepVersionContent(versionId, row.content);
  return row.content;
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

/**
 * What a publish reads under the document's lock, in one statement: the newest version that is not withdrawn
 * (what an unchanged draft would publish again), if any, and the publishing settings.
 */
export async function findLatestVersion(
  sql: Sql,
  documentId: string,
): Promise<{ latest: { id: string; contentHash: string } | null; settings: PublishingSettings }> {
  const [row] = await sql.query<{ id: string | null; content_hash: string | null; publishing: unknown }>(
    `SELECT latest.id, latest.content_hash, (SELECT value FROM settings WHERE key = $2) AS publishing
    FROM (VALUES (1)) AS one LEFT JOIN LATERAL (
      SELECT id, content_hash FROM document_versions
      WHERE document_id = $1::uuid AND status <> 'withdrawn' ORDER BY number DESC LIMIT 1
    ) AS latest ON true`,
    [documentId, publishingKey],
  );
  return {
    latest: row?.id && row.content_hash ? { id: row.id, contentHash: row.content_hash } : null,
    settings: toPublishingSettings(row?.publishing),
  };
}

/** A version as writes answer it (everything but the content), in the shape Prisma's versionSummarySelect has. */
export async function readVersionSummary(sql: Sql, versionId: string): Promise<VersionSummaryRow> {
  const [row] = await sql.query<{
    id: string;
    document_id: string;
    number: number;
    status: VersionStatus;
    content_hash: string;
    author_id: string;
    author_name: string;
    message: string;
    approved_at: Date | null;
    approved_by_id: string | null;
    approved_by_name: string | null;
    created_at: Date;
    kind: DocumentKind;
  }>(
    `SELECT v.id, v.document_id, v.number, v.status::text AS status, v.content_hash, v.author_id,
      author.name AS author_name, v.message, v.approved_at, v.approved_by_id, approver.name AS approved_by_name,
      v.created_at, d.kind::text AS kind
    FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    JOIN users author ON author.id = v.author_id
    LEFT JOIN users approver ON approver.id = v.approved_by_id
    WHERE v.id = $1::uuid`,
    [versionId],
  );
  if (!row) throw new Error(`version ${versionId} was not found`);
  return {
    id: row.id,
    documentId: row.document_id,
    number: row.number,
    status: row.status,
    contentHash: row.content_hash,
    authorId: row.author_id,
    message: row.message,
    approvedAt: row.approved_at,
    createdAt: row.created_at,
    author: { id: row.author_id, name: row.author_name },
    approvedBy:
      row.approved_by_id && row.approved_by_name
        ? { id: row.approved_by_id, name: row.approved_by_name }
        : null,
    document: { kind: row.kind },
  };
}
