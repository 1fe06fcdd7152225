import { type DocumentKind, upgradeDocument } from '@erp/shared';
import type { Prisma, PrismaClient } from './generated/client';

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

/** The live version of each of these documents that has one (documents without one are absent). */
export async function findLiveVersions(
  prisma: PrismaClient | TransactionClient,
  documentIds: readonly string[],
): Promise<Map<string, LiveVersion>> {
  if (documentIds.length === 0) return new Map();
  const rows = await prisma.documentVersion.findMany({
    where: { documentId: { in: [...documentIds] }, status: 'live' },
    select: {
      documentId: true,
      number: true,
      content: true,
      contentHash: true,
      document: { select: { kind: true } },
    },
  });
  return new Map(
    rows.map((row) => [
      row.documentId,
      {
        documentId: row.documentId,
        kind: row.document.kind,
        number: row.number,
        // Versions published under an older schema version are read in the current one.
        content: upgradeDocument(row.document.kind, row.content) as Record<string, unknown>,
        contentHash: row.contentHash,
      },
    ]),
  );
}

/** A document's live version, or null when nothing of it is live (never published, or only candidates). */
export async function findLiveVersion(
  prisma: PrismaClient | TransactionClient,
  documentId: string,
): Promise<LiveVersion | null> {
  return (await findLiveVersions(prisma, [documentId])).get(documentId) ?? null;
}
