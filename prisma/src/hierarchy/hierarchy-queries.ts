import type { ManagerResolution, Member, TreeDepartment } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { toPeriodView, toPersonView } from './people';

// How the hierarchy answers "who, at time t": pure reads over dated assignments, usable from a transaction.
// The api answers with them; the engine resolves task assignees with them at the moment a task is created.

type Db = Prisma.TransactionClient;

/** Assignments in force at `at`: started at or before it, not yet ended (validTo is exclusive). */
function activeAt(at: Date) {
  return { validFrom: { lte: at }, OR: [{ validTo: null }, { validTo: { gt: at } }] };
}

const noManager: ManagerResolution = { manager: null, via: null, positionId: null };

/**
 * The manager of a user at `at`: the `reportsTo` of their assignment then, or else the occupant of the nearest
 * position above theirs that somebody (other than them) held then. Null when they had no assignment.
 */
export async function findManager(db: Db, userId: string, at: Date = new Date()): Promise<ManagerResolution> {
  const assignment = await db.positionAssignment.findFirst({
    where: { userId, ...activeAt(at) },
    include: { reportsTo: true, position: { select: { parentId: true } } },
    orderBy: { validFrom: 'desc' },
  });
  if (!assignment) return noManager;
  if (assignment.reportsTo) {
    return { manager: toPersonView(assignment.reportsTo), via: 'reportsTo', positionId: null };
  }
  const visited = new Set<string>();
  let positionId = assignment.position.parentId;
  while (positionId !== null && !visited.has(positionId)) {
    visited.add(positionId);
    const occupant = await db.positionAssignment.findFirst({
      where: { positionId, userId: { not: userId }, ...activeAt(at) },
      include: { user: true },
      // Several people in one seat: the longest-serving one, then a stable tie-break.
      orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
    });
    if (occupant) return { manager: toPersonView(occupant.user), via: 'position', positionId };
    const position = await db.position.findUnique({ where: { id: positionId }, select: { parentId: true } });
    positionId = position?.parentId ?? null;
  }
  return noManager;
}

/** Who held a position at `at`, longest-serving first. */
export async function listPositionMembers(
  db: Db,
  positionId: string,
  at: Date = new Date(),
): Promise<Member[]> {
  const rows = await db.positionAssignment.findMany({
    where: { positionId, ...activeAt(at) },
    include: { user: true },
    orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toMemberView);
}

/** Who held a company role at `at`, longest-serving first. */
export async function listRoleMembers(db: Db, orgRoleId: string, at: Date = new Date()): Promise<Member[]> {
  const rows = await db.orgRoleAssignment.findMany({
    where: { orgRoleId, ...activeAt(at) },
    include: { user: true },
    orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toMemberView);
}

/** Departments (nested) with their positions and the people in them at `at`. */
export async function buildHierarchyTree(db: Db, at: Date): Promise<TreeDepartment[]> {
  const [departments, positions, assignments] = await Promise.all([
    db.department.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    // A position closed by then is gone from the tree (its history is not).
    db.position.findMany({
      where: { OR: [{ closedAt: null }, { closedAt: { gt: at } }] },
      orderBy: [{ title: 'asc' }, { id: 'asc' }],
    }),
    db.positionAssignment.findMany({
      where: activeAt(at),
      include: { user: true },
      orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const nodes = new Map<string, TreeDepartment>(
    departments.map((row) => [
      row.id,
      { id: row.id, name: row.name, parentId: row.parentId, positions: [], children: [] },
    ]),
  );
  const positionNodes = new Map<string, TreeDepartment['positions'][number]>();
  for (const position of positions) {
    const node = {
      id: position.id,
      title: position.title,
      departmentId: position.departmentId,
      parentId: position.parentId,
      occupants: [],
    };
    positionNodes.set(position.id, node);
    nodes.get(position.departmentId)?.positions.push(node);
  }
  for (const assignment of assignments) {
    positionNodes.get(assignment.positionId)?.occupants.push({
      ...toPersonView(assignment.user),
      assignmentId: assignment.id,
      reportsToId: assignment.reportsToId,
    });
  }
  const roots: TreeDepartment[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function toMemberView(row: {
  id: string;
  validFrom: Date;
  validTo: Date | null;
  user: { id: string; name: string; email: string };
}): Member {
  return { user: toPersonView(row.user), assignmentId: row.id, ...toPeriodView(row) };
}
