import type {
  Department as DepartmentRow,
  OrgRoleAssignment as OrgRoleAssignmentRow,
  OrgRole as OrgRoleRow,
  PositionAssignment as PositionAssignmentRow,
  Position as PositionRow,
  User as UserRow,
} from '@erp/prisma';
import { toPeriodView, toPersonView } from '@erp/prisma';
import type { Department, OrgRole, OrgRoleAssignment, Position, PositionAssignment } from '@erp/shared';

export function toDepartmentView(row: DepartmentRow): Department {
  return { id: row.id, name: row.name, parentId: row.parentId, createdAt: row.createdAt.toISOString() };
}

export function toPositionView(row: PositionRow): Position {
  return {
    id: row.id,
    title: row.title,
    departmentId: row.departmentId,
    parentId: row.parentId,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export function toOrgRoleView(row: OrgRoleRow): OrgRole {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}

// What assignment queries include so the views below can name people and places.
export const positionAssignmentInclude = { user: true, position: true, reportsTo: true } as const;
export const orgRoleAssignmentInclude = { user: true, orgRole: true } as const;

export function toPositionAssignmentView(
  row: PositionAssignmentRow & { user: UserRow; position: PositionRow; reportsTo: UserRow | null },
): PositionAssignment {
  return {
    id: row.id,
    user: toPersonView(row.user),
    position: { id: row.position.id, title: row.position.title },
    reportsTo: row.reportsTo ? toPersonView(row.reportsTo) : null,
    ...toPeriodView(row),
  };
}

export function toOrgRoleAssignmentView(
  row: OrgRoleAssignmentRow & { user: UserRow; orgRole: OrgRoleRow },
): OrgRoleAssignment {
  return {
    id: row.id,
    user: toPersonView(row.user),
    orgRole: { id: row.orgRole.id, name: row.orgRole.name },
    ...toPeriodView(row),
  };
}
