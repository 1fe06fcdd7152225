import { type DocumentKind, upgradeDocument } from '@erp/shared';
import type pg from 'pg';
import type { Prisma, PrismaClient } from './generated/client';
import { queryPrepared, type Sql, sqlOf } from './sql';

type TransactionClient = Prisma.TransactionClient;

// What the engine and the portal run: a document's live version (never a draft, never a candidate).

export interface LiveVersion {
  documentId: string;
  kind: DocumentKind;
  number: number;
  /** The published snapshot, valid against the kind's schema when it was published. */
  content: Record<string, unknown>;
  contentHash: string;
}

interface LiveVersionRow {
  document_id: string;
  kind: DocumentKind;
  number: number;
  content: unknown;
  content_hash: string;
}

// One query with its join (Prisma's relation select costs a second one).
const liveVersionsQuery = `
  SELECT v.document_id, d.kind::text AS kind, v.number, v.content, v.content_hash
  FROM document_versions v JOIN documents d ON d.id = v.document_id
  WHERE v.document_id = ANY($1::uuid[]) AND v.status = 'live'`;

/**
 * The live version of each of these documents that has one (documents without one are absent). Every publish of
 * a flow runs it for the forms it uses, inside its transaction (`Sql`); on a plain `pg` pool it is a named
 * statement too.
 */
export async function findLiveVersions(
  db: PrismaClient | TransactionClient | pg.Pool | Sql,
  documentIds: readonly string[],
): Promise<Map<string, LiveVersion>> {
  if (documentIds.length === 0) return new Map();
  const ids = [...documentIds];
  const rows = isPool(db)
    ? await queryPrepared<LiveVersionRow>(db, liveVersionsQuery, [ids])
    : await sqlOf(db).query<LiveVersionRow>(liveVersionsQuery, [ids]);
  return new Map(
    rows.map((row) => [
      row.document_id,
      {
        documentId: row.document_id,
        kind: row.kind,
        number: row.number,
        // Versions published under an older schema version are read in the current one.
        content: upgradeDocument(row.kind, row.content) as Record<string, unknown>,
        contentHash: row.content_hash,
      },
    ]),
  );
}

function isPool(db: PrismaClient | TransactionClient | pg.Pool | Sql): db is pg.Pool {
  return !('$queryRawUnsafe' in db) && 'connect' in db;
}

/** A document's live version, or null when nothing of it is live (never published, or only candidates). */
export async function findLiveVersion(
  prisma: PrismaClient | TransactionClient,
  documentId: string,
): Promise<LiveVersion | null> {
  return (await findLiveVersions(prisma, [documentId])).get(documentId) ?? null;
}
