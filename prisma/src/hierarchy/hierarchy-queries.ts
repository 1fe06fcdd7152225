import type { ManagerResolution, Member, TreeDepartment } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { type SqlRunner, sqlOf } from '../sql';
import { toPeriodView, toPersonView } from './people';

// How the hierarchy answers "who, at time t": pure reads over dated assignments, usable from a transaction.
// The api answers with them; the engine resolves task assignees with them at the moment a task is created.

type Db = Prisma.TransactionClient;

/** Assignments in force at `at`: started at or before it, not yet ended (validTo is exclusive). */
function activeAt(at: Date) {
  return { validFrom: { lte: at }, OR: [{ validTo: null }, { validTo: { gt: at } }] };
}

// `activeAt` over an assignments table aliased `a`, `$2` being the moment.
const activeSql = 'a.valid_from <= $2::timestamptz AND (a.valid_to IS NULL OR a.valid_to > $2::timestamptz)';

const noManager: ManagerResolution = { manager: null, via: null, positionId: null };

interface MemberRow {
  id: string;
  validFrom: Date;
  validTo: Date | null;
  userId: string;
  name: string;
  email: string;
}

const memberColumns = `a.id, a.valid_from AS "validFrom", a.valid_to AS "validTo", u.id AS "userId", u.name, u.email`;

// Plain SQL over `SqlRunner`: the flow commands assign tasks with these on a plain pg connection as well as in
// Prisma's transactions.

/**
 * The manager of a user at `at`: the `reportsTo` of their assignment then, or else the occupant of the nearest
 * position above theirs that somebody (other than them) held then. Null when they had no assignment.
 */
export async function findManager(
  db: SqlRunner,
  userId: string,
  at: Date = new Date(),
): Promise<ManagerResolution> {
  const sql = sqlOf(db);
  const [assignment] = await sql.query<{
    parentId: string | null;
    reportsToId: string | null;
    name: string;
    email: string;
  }>(
    `SELECT p.parent_id AS "parentId", r.id AS "reportsToId", r.name, r.email
     FROM position_assignments a JOIN positions p ON p.id = a.position_id LEFT JOIN users r ON r.id = a.reports_to_id
     WHERE a.user_id = $1::uuid AND ${activeSql}
     ORDER BY a.valid_from DESC LIMIT 1`,
    [userId, at],
  );
  if (!assignment) return noManager;
  if (assignment.reportsToId !== null) {
    const { reportsToId: id, name, email } = assignment;
    return { manager: toPersonView({ id, name, email }), via: 'reportsTo', positionId: null };
  }
  const visited = new Set<string>();
  let positionId = assignment.parentId;
  while (positionId !== null && !visited.has(positionId)) {
    visited.add(positionId);
    // The position's occupant (several people in one seat: the longest-serving one, then a stable tie-break)
    // and the position above it, in one statement.
    const [row] = await sql.query<{
      parentId: string | null;
      id: string | null;
      name: string;
      email: string;
    }>(
      `SELECT p.parent_id AS "parentId", o.id, o.name, o.email
       FROM positions p LEFT JOIN LATERAL (
         SELECT u.id, u.name, u.email FROM position_assignments a JOIN users u ON u.id = a.user_id
         WHERE a.position_id = p.id AND a.user_id <> $3::uuid AND ${activeSql}
         ORDER BY a.valid_from ASC, a.id ASC LIMIT 1) o ON TRUE
       WHERE p.id = $1::uuid`,
      [positionId, at, userId],
    );
    if (row?.id) return { manager: toPersonView({ ...row, id: row.id }), via: 'position', positionId };
    positionId = row?.parentId ?? null;
  }
  return noManager;
}

async function listMembers(db: SqlRunner, table: string, column: string, id: string, at: Date) {
  const rows = await sqlOf(db).query<MemberRow>(
    `SELECT ${memberColumns} FROM ${table} a JOIN users u ON u.id = a.user_id
     WHERE a.${column} = $1::uuid AND ${activeSql}
     ORDER BY a.valid_from ASC, a.id ASC`,
    [id, at],
  );
  return rows.map(toMemberView);
}

/** Who held a position at `at`, longest-serving first. */
export function listPositionMembers(
  db: SqlRunner,
  positionId: string,
  at: Date = new Date(),
): Promise<Member[]> {
  return listMembers(db, 'position_assignments', 'position_id', positionId, at);
}

/** Who held a company role at `at`, longest-serving first. */
export function listRoleMembers(db: SqlRunner, orgRoleId: string, at: Date = new Date()): Promise<Member[]> {
  return listMembers(db, 'org_role_assignments', 'org_role_id', orgRoleId, at);
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

function toMemberView(row: MemberRow): Member {
  return {
    user: toPersonView({ id: row.userId, name: row.name, email: row.email }),
    assignmentId: row.id,
    ...toPeriodView(row),
  };
}
