import type { Document as DocumentRow, Prisma, PrismaClient } from '@erp/prisma';
import type { DocumentSummary, Publication } from '@erp/shared';

const userRef = { select: { id: true, name: true } } as const;
/**
 * What document queries include so the view can name who created and last changed it, and say where it stands
 * with publishing (at most one live and one candidate version exist per document).
 */
export const documentInclude = {
  createdBy: userRef,
  updatedBy: userRef,
  versions: {
    where: { status: { in: ['live', 'candidate'] } },
    select: { number: true, status: true, createdAt: true },
  },
} satisfies Prisma.DocumentInclude;

type UserRef = { id: string; name: string };
type VersionRef = { number: number; status: string; createdAt: Date };
export type DocumentViewRow = DocumentRow & {
  createdBy: UserRef;
  updatedBy: UserRef;
  versions: VersionRef[];
};

/**
 * When each document's content was last edited, for "edited since the live version": its newest stored update,
 * but never its first, which is the collab server laying out what the document was created with (a document
 * published before anyone opened it is not edited by being opened).
 */
async function lastEditTimes(
  prisma: Pick<PrismaClient, '$queryRaw'>,
  ids: string[],
): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  // One index probe per document (documents' update logs can be long).
  const rows = await prisma.$queryRaw<{ id: string; at: Date }[]>`
    SELECT d.id, u.created_at AS at
    FROM unnest(${ids}::uuid[]) AS d(id)
    CROSS JOIN LATERAL (
      SELECT created_at FROM document_updates
      WHERE document_id = d.id
        AND id > (SELECT min(id) FROM document_updates WHERE document_id = d.id)
      ORDER BY id DESC LIMIT 1
    ) u`;
  return new Map(rows.map((row) => [row.id, row.at]));
}

function toPublication(versions: VersionRef[], lastEdit: Date | undefined): Publication {
  const live = versions.find((version) => version.status === 'live');
  const pending = versions.find((version) => version.status === 'candidate');
  return {
    liveVersion: live?.number ?? null,
    pendingVersion: pending?.number ?? null,
    editedSinceLive: live !== undefined && lastEdit !== undefined && lastEdit > live.createdAt,
  };
}

function toDocumentView(row: DocumentViewRow, lastEdit: Date | undefined): DocumentSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
    createdAt: row.createdAt.toISOString(),
    updatedBy: { id: row.updatedBy.id, name: row.updatedBy.name },
    updatedAt: row.updatedAt.toISOString(),
    archived: row.archivedAt !== null,
    publication: toPublication(row.versions, lastEdit),
  };
}

/** The views of `rows`, with their last edit times read in one query. */
export async function toDocumentViews(
  prisma: Pick<PrismaClient, '$queryRaw'>,
  rows: DocumentViewRow[],
): Promise<DocumentSummary[]> {
  const edits = await lastEditTimes(
    prisma,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toDocumentView(row, edits.get(row.id)));
}

export async function toDocumentViewOf(
  prisma: Pick<PrismaClient, '$queryRaw'>,
  row: DocumentViewRow,
): Promise<DocumentSummary> {
  const [view] = await toDocumentViews(prisma, [row]);
  return view as DocumentSummary;
}
