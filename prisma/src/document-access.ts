import type { PrismaClient } from './generated/client';

export type DocumentAccess = 'write' | 'read';

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
  if (user.roles.includes('developer') || user.roles.includes('admin')) return 'write';
  if (user.roles.includes('reviewer')) return 'read';
  return null;
}
