import type { Document as DocumentRow } from '@erp/prisma';
import type { DocumentSummary } from '@erp/shared';

const userRef = { select: { id: true, name: true } } as const;
/** What document queries include so the view can name who created and last changed it. */
export const documentInclude = { createdBy: userRef, updatedBy: userRef } as const;

type UserRef = { id: string; name: string };

export function toDocumentView(
  row: DocumentRow & { createdBy: UserRef; updatedBy: UserRef },
): DocumentSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
    createdAt: row.createdAt.toISOString(),
    updatedBy: { id: row.updatedBy.id, name: row.updatedBy.name },
    updatedAt: row.updatedAt.toISOString(),
    archived: row.archivedAt !== null,
  };
}
