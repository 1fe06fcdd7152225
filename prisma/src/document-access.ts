import { type DocumentAccess, documentAccessFor } from '@erp/shared';
import type { PrismaClient } from './generated/client';

/**
 * What a user may do with a builder document: developers and admins edit, reviewers read, everyone else
 * (and anyone looking at a document that does not exist) gets null. Archived documents still answer, so
 * callers decide what archiving means for them; a disabled user gets null.
 */
export async function findDocumentAccess(
  prisma: PrismaClient,
  userId: string,
  documentId: string,
): Promise<DocumentAccess | null> {
  const [user, document] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { roles: true, disabledAt: true } }),
    prisma.document.findUnique({ where: { id: documentId }, select: { id: true } }),
  ]);
  if (!user || user.disabledAt || !document) return null;
  return documentAccessFor(user.roles);
}
