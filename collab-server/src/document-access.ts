import type { PrismaClient } from '@erp/prisma';
import { type DocumentAccess, type DocumentKind, documentAccessFor, type Role } from '@erp/shared';

/**
 * What a user may do with the document a collab name points at: developers and admins edit, reviewers read,
 * everyone else gets null — as does anyone naming a document that does not exist, is archived or is of another
 * kind. `roles` come from the live session (its check already read the user), so this reads only the document.
 */
export async function findDocumentAccess(
  prisma: PrismaClient,
  roles: readonly Role[],
  name: { kind: DocumentKind; id: string },
): Promise<DocumentAccess | null> {
  const access = documentAccessFor(roles);
  if (!access) return null;
  const document = await prisma.document.findUnique({
    where: { id: name.id },
    select: { kind: true, archivedAt: true },
  });
  return document && document.kind === name.kind && !document.archivedAt ? access : null;
}
