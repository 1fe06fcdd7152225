import type { Memberships } from '@erp/shared/flows';
import type { Prisma } from '../generated/client';

/** A person's company roles, positions and departments (with every department above them) at `at`. */
export async function findMemberships(
  db: Prisma.TransactionClient,
  userId: string,
  at: Date = new Date(),
): Promise<Memberships> {
  const inForce = { validFrom: { lte: at }, OR: [{ validTo: null }, { validTo: { gt: at } }] };
  const [roles, seats, departments] = await Promise.all([
    db.orgRoleAssignment.findMany({ where: { userId, ...inForce }, select: { orgRoleId: true } }),
    db.positionAssignment.findMany({
      where: { userId, ...inForce },
      select: { positionId: true, position: { select: { departmentId: true } } },
    }),
    db.department.findMany({ select: { id: true, parentId: true } }),
  ]);
  const parentOf = new Map(departments.map((department) => [department.id, department.parentId]));
  const departmentIds = new Set<string>();
  for (const seat of seats) {
    // Up the tree; a department already seen ends the walk (and would end a cycle).
    for (
      let id: string | null = seat.position.departmentId;
      id && !departmentIds.has(id);
      id = parentOf.get(id) ?? null
    ) {
      departmentIds.add(id);
    }
  }
  return {
    orgRoleIds: new Set(roles.map((role) => role.orgRoleId)),
    positionIds: new Set(seats.map((seat) => seat.positionId)),
    departmentIds,
  };
}
