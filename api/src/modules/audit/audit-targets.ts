import type { Prisma } from '@erp/prisma';
import type { AuditTarget } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { containsText } from '../../http/lists';

type AuditRow = { targetType: string; targetId: string | null; details: Prisma.JsonValue };

function recordedName(details: Prisma.JsonValue): string | null {
  const name =
    details !== null && typeof details === 'object' && !Array.isArray(details) ? details.name : undefined;
  return typeof name === 'string' ? name : null;
}

const idsOf = (rows: AuditRow[], type: string) => [
  ...new Set(rows.flatMap((row) => (row.targetType === type && row.targetId ? [row.targetId] : []))),
];

/**
 * Names the targets of audit rows: users and documents by their current name (and whether they still exist),
 * everything else by the name recorded in the entry.
 */
export async function resolveAuditTargets(
  deps: AppDeps,
  rows: AuditRow[],
): Promise<(row: AuditRow) => AuditTarget | null> {
  const [users, documents] = await Promise.all([
    deps.prisma.user.findMany({
      where: { id: { in: idsOf(rows, 'user') } },
      select: { id: true, name: true },
    }),
    deps.prisma.document.findMany({
      where: { id: { in: idsOf(rows, 'document') } },
      select: { id: true, name: true, kind: true },
    }),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const documentById = new Map(documents.map((document) => [document.id, document]));
  return (row) => {
    if (!row.targetId) return null;
    if (row.targetType === 'user') {
      const user = userById.get(row.targetId);
      return { name: user?.name ?? recordedName(row.details), exists: user !== undefined };
    }
    if (row.targetType === 'document') {
      const document = documentById.get(row.targetId);
      return document
        ? { name: document.name, exists: true, kind: document.kind }
        : { name: recordedName(row.details), exists: false };
    }
    return { name: recordedName(row.details), exists: true };
  };
}

/** Entries whose action, actor or target matches `q`: words in names and emails, or in the action's code. */
export async function auditSearch(deps: AppDeps, q: string): Promise<Prisma.AuditEntryWhereInput> {
  const [users, documents] = await Promise.all([
    deps.prisma.user.findMany({
      where: { OR: [{ name: containsText(q) }, { email: containsText(q) }] },
      select: { id: true },
      take: 500,
    }),
    deps.prisma.document.findMany({ where: { name: containsText(q) }, select: { id: true }, take: 500 }),
  ]);
  const userIds = users.map((user) => user.id);
  return {
    OR: [
      { action: containsText(q) },
      { actorId: { in: userIds } },
      { targetId: { in: [...userIds, ...documents.map((document) => document.id)] } },
      // What is gone is found by the name its entries recorded.
      { details: { path: ['name'], string_contains: q } },
    ],
  };
}
