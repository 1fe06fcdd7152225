import type { Prisma } from '@erp/prisma';
import { upgradeDocument, type Version, type VersionSummary } from '@erp/shared';

const userRef = { select: { id: true, name: true } } as const;
export const versionInclude = {
  author: userRef,
  approvedBy: userRef,
  document: { select: { kind: true } },
} as const;
export type VersionRow = Prisma.DocumentVersionGetPayload<{ include: typeof versionInclude }>;

// Everything but the content (a 500-node flow's is ~170 KB): what writes read back for their answer.
export const versionSummarySelect = {
  id: true,
  documentId: true,
  number: true,
  status: true,
  contentHash: true,
  authorId: true,
  message: true,
  approvedAt: true,
  createdAt: true,
  ...versionInclude,
} as const;
export type VersionSummaryRow = Prisma.DocumentVersionGetPayload<{ select: typeof versionSummarySelect }>;

export function toVersionSummary(row: VersionSummaryRow): VersionSummary {
  return {
    number: row.number,
    status: row.status,
    contentHash: row.contentHash,
    author: row.author,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}

export function toVersionView(row: VersionRow): Version {
  return {
    ...toVersionSummary(row),
    kind: row.document.kind,
    // Versions published under an older schema version are read in the current one.
    content: upgradeDocument(row.document.kind, row.content) as Record<string, unknown>,
  };
}
