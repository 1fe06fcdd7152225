import { buildHierarchyTree, findManager, listPositionMembers, listRoleMembers } from '@erp/prisma';
import type { HierarchyTree, ManagerResolution } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { missing } from './hierarchy-changes';
import { findOrgRole } from './org-roles.service';
import { findPosition } from './structure.service';

// The admin-facing queries: the resolution functions of hierarchy-queries.ts, with a 404 for unknown ids.

export async function getHierarchyTree(deps: AppDeps, at: Date = new Date()): Promise<HierarchyTree> {
  return { at: at.toISOString(), departments: await buildHierarchyTree(deps.prisma, at) };
}

export async function getManager(deps: AppDeps, userId: string, at?: Date): Promise<ManagerResolution> {
  await assertUserExists(deps, userId);
  return findManager(deps.prisma, userId, at);
}

export async function getPositionMembers(deps: AppDeps, positionId: string, at?: Date) {
  await findPosition(deps.prisma, positionId);
  return { items: await listPositionMembers(deps.prisma, positionId, at), nextCursor: null };
}

export async function getRoleMembers(deps: AppDeps, orgRoleId: string, at?: Date) {
  await findOrgRole(deps.prisma, orgRoleId);
  return { items: await listRoleMembers(deps.prisma, orgRoleId, at), nextCursor: null };
}

export async function assertUserExists(deps: AppDeps, userId: string): Promise<void> {
  if (!(await deps.prisma.user.findUnique({ where: { id: userId }, select: { id: true } }))) {
    throw missing('user');
  }
}
