import type { Prisma, SessionUser } from '@erp/prisma';
import { findManager } from '@erp/prisma';
import {
  AppError,
  type AssignOrgRoleInput,
  type AssignPositionInput,
  type OrgRoleAssignment,
  type PositionAssignment,
} from '@erp/shared';
import type { AppDeps } from '../../deps';
import { assertUserExists } from './hierarchy.service';
import { changeHierarchy, missing } from './hierarchy-changes';
import {
  orgRoleAssignmentInclude,
  positionAssignmentInclude,
  toOrgRoleAssignmentView,
  toPositionAssignmentView,
} from './hierarchy-views';
import { findOrgRole } from './org-roles.service';
import { findPosition } from './structure.service';

// Assignments are dated history: a new one is appended after everything already recorded for the person, and
// only an open one is ever touched again, to set its end. Nothing in the past is edited or deleted.

type Tx = Prisma.TransactionClient;
interface Period {
  id: string;
  validFrom: Date;
  validTo: Date | null;
}

// Longer reporting chains than this are treated as a loop (no real company is that deep).
const maxChainLength = 200;

/** Puts a person in a position from `validFrom` (default now), ending the assignment they had until then. */
export async function assignPosition(
  deps: AppDeps,
  actor: SessionUser,
  input: AssignPositionInput,
): Promise<PositionAssignment> {
  const validFrom = input.validFrom ?? new Date();
  let endedAssignmentId: string | null = null;
  const assign = async (tx: Tx) => {
    await lockPerson(tx, input.userId, 'userId');
    const position = await findPosition(tx, input.positionId, 'positionId');
    if (position.closedAt && position.closedAt <= validFrom) {
      throw new AppError('conflict', `${position.title} is closed from ${position.closedAt.toISOString()}.`);
    }
    if (input.reportsToId !== null) {
      if (input.reportsToId === input.userId) {
        throw new AppError('conflict', 'A person cannot report to themselves.');
      }
      await lockPerson(tx, input.reportsToId, 'reportsToId');
    }
    const history = await tx.positionAssignment.findMany({ where: { userId: input.userId } });
    const open = appendAfter(history, validFrom);
    if (open) {
      await tx.positionAssignment.update({ where: { id: open.id }, data: { validTo: validFrom } });
      endedAssignmentId = open.id;
    }
    const row = await tx.positionAssignment.create({
      data: { ...input, validFrom },
      include: positionAssignmentInclude,
    });
    await assertNoReportingLoop(tx, input.userId, validFrom);
    return row;
  };
  const describe = () => ({ ...input, validFrom: validFrom.toISOString(), endedAssignmentId });
  const row = await changeHierarchy(deps, actor, 'position_assignment.created', assign, describe, 'shared');
  return toPositionAssignmentView(row);
}

export async function endPositionAssignment(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  validTo: Date = new Date(),
): Promise<PositionAssignment> {
  const row = await endAssignment(deps, actor, 'position_assignment.ended', validTo, {
    label: 'position assignment',
    find: (tx) => tx.positionAssignment.findUnique({ where: { id } }),
    end: (tx) =>
      tx.positionAssignment.update({ where: { id }, data: { validTo }, include: positionAssignmentInclude }),
  });
  return toPositionAssignmentView(row);
}

/** Gives a person a company role from `validFrom` (default now); 409 while they already hold it. */
export async function assignOrgRole(
  deps: AppDeps,
  actor: SessionUser,
  input: AssignOrgRoleInput,
): Promise<OrgRoleAssignment> {
  const validFrom = input.validFrom ?? new Date();
  const assign = async (tx: Tx) => {
    await lockPerson(tx, input.userId, 'userId');
    const role = await findOrgRole(tx, input.orgRoleId, 'orgRoleId');
    const history = await tx.orgRoleAssignment.findMany({
      where: { userId: input.userId, orgRoleId: input.orgRoleId },
    });
    if (history.some((period) => period.validTo === null)) {
      throw new AppError('conflict', `This person already holds the role ${role.name}; end it first.`);
    }
    appendAfter(history, validFrom);
    return tx.orgRoleAssignment.create({ data: { ...input, validFrom }, include: orgRoleAssignmentInclude });
  };
  const describe = () => ({ ...input, validFrom: validFrom.toISOString() });
  const row = await changeHierarchy(deps, actor, 'org_role_assignment.created', assign, describe, 'shared');
  return toOrgRoleAssignmentView(row);
}

export async function endOrgRoleAssignment(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  validTo: Date = new Date(),
): Promise<OrgRoleAssignment> {
  const row = await endAssignment(deps, actor, 'org_role_assignment.ended', validTo, {
    label: 'company role assignment',
    find: (tx) => tx.orgRoleAssignment.findUnique({ where: { id } }),
    end: (tx) =>
      tx.orgRoleAssignment.update({ where: { id }, data: { validTo }, include: orgRoleAssignmentInclude }),
  });
  return toOrgRoleAssignmentView(row);
}

/** A person's whole history: positions and company roles, oldest first. */
export async function listUserAssignments(deps: AppDeps, userId: string) {
  await assertUserExists(deps, userId);
  const orderBy = [{ validFrom: 'asc' as const }, { id: 'asc' as const }];
  const [positions, orgRoles] = await Promise.all([
    deps.prisma.positionAssignment.findMany({
      where: { userId },
      include: positionAssignmentInclude,
      orderBy,
    }),
    deps.prisma.orgRoleAssignment.findMany({ where: { userId }, include: orgRoleAssignmentInclude, orderBy }),
  ]);
  return {
    positions: positions.map(toPositionAssignmentView),
    orgRoles: orgRoles.map(toOrgRoleAssignmentView),
  };
}

// One person's assignments change one at a time (the row lock), so "end the open one, add the next" is atomic.
async function lockPerson(tx: Tx, userId: string, field?: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw missing('user', field);
}

/**
 * A period starting at `validFrom` may only follow what is recorded: it must start after every recorded start
 * and after every recorded end. Returns the open period it will close, if any.
 */
function appendAfter(history: Period[], validFrom: Date): Period | undefined {
  const clash = history.find(
    (period) =>
      period.validFrom.getTime() >= validFrom.getTime() ||
      (period.validTo !== null && period.validTo.getTime() > validFrom.getTime()),
  );
  if (clash) {
    throw new AppError(
      'conflict',
      `This would rewrite history: an assignment from ${clash.validFrom.toISOString()} is already recorded. ` +
        'Start the new one after it.',
    );
  }
  return history.find((period) => period.validTo === null);
}

/** Sets the end of an open assignment, after locking its person so it cannot race a new assignment. */
async function endAssignment<Row extends { id: string }>(
  deps: AppDeps,
  actor: SessionUser,
  action: string,
  validTo: Date,
  assignment: {
    label: string;
    find: (tx: Tx) => Promise<(Period & { userId: string }) | null>;
    end: (tx: Tx) => Promise<Row>;
  },
): Promise<Row> {
  const end = async (tx: Tx) => {
    const found = await assignment.find(tx);
    if (!found) throw missing(assignment.label);
    await lockPerson(tx, found.userId);
    assertCanEnd((await assignment.find(tx)) ?? found, validTo);
    return assignment.end(tx);
  };
  return changeHierarchy(deps, actor, action, end, () => ({ validTo: validTo.toISOString() }), 'shared');
}

function assertCanEnd(period: Period, validTo: Date): void {
  if (period.validTo !== null) {
    throw new AppError('conflict', `This assignment already ended at ${period.validTo.toISOString()}.`);
  }
  if (validTo.getTime() < period.validFrom.getTime()) {
    const message = `An assignment cannot end before it starts (${period.validFrom.toISOString()}).`;
    throw new AppError('invalid_input', message, { issues: [{ path: ['validTo'], message }] });
  }
}

/** Following managers upward from the person (at the new assignment's start) must never lead back to them. */
async function assertNoReportingLoop(tx: Tx, userId: string, at: Date): Promise<void> {
  const seen = new Set<string>([userId]);
  let current = userId;
  for (let step = 0; step < maxChainLength; step += 1) {
    const { manager } = await findManager(tx, current, at);
    if (!manager) return;
    if (manager.id === userId) {
      throw new AppError(
        'conflict',
        'This reporting line would make a loop: the chain of managers leads back here.',
      );
    }
    if (seen.has(manager.id)) return;
    seen.add(manager.id);
    current = manager.id;
  }
}
