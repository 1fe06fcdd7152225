import { readFieldPath } from '../conditions/paths';
import type { Assignment } from '../documents/flow/flow-nodes.schema';

type MaybePromise<T> = T | Promise<T>;

/**
 * The company structure as assignment needs it, as of the moment a task is created. The engine implements it
 * against the database, the simulator through the API, tests with a fixture org.
 */
export interface OrgDirectory {
  /** The user's direct manager, or null (top of the hierarchy, or unknown user). */
  managerOf(userId: string): MaybePromise<string | null>;
  membersOfRole(orgRoleId: string): MaybePromise<string[]>;
  holdersOfPosition(positionId: string): MaybePromise<string[]>;
  /** An account that exists and may receive tasks (not disabled). */
  isActiveUser(userId: string): MaybePromise<boolean>;
}

export interface AssignmentContext {
  requesterId: string;
  /** Who completed the task before this one; null at the first level (the requester stands in, [A6]). */
  previousAssigneeId: string | null;
  data: Record<string, unknown>;
}

/** A single person; a shared queue (several people, one claims); or nobody, with the reason people read. */
export type AssignmentResult =
  | { type: 'user'; userId: string }
  | { type: 'queue'; userIds: string[] }
  | { type: 'unassigned'; reason: string };

/** Resolves an assignment rule against the directory (rules [A1]–[A6] in SPEC.md). */
export async function resolveAssignment(
  assignment: Assignment,
  context: AssignmentContext,
  directory: OrgDirectory,
): Promise<AssignmentResult> {
  switch (assignment.type) {
    case 'person':
      return (await directory.isActiveUser(assignment.userId))
        ? { type: 'user', userId: assignment.userId }
        : { type: 'unassigned', reason: 'The assigned person has no active account.' };
    case 'role':
      return toGroup(
        await directory.membersOfRole(assignment.orgRoleId),
        'Nobody holds this role.',
        directory,
      );
    case 'position':
      return toGroup(
        await directory.holdersOfPosition(assignment.positionId),
        'Nobody holds this position.',
        directory,
      );
    case 'fieldValue': {
      const value = readFieldPath(context.data, assignment.fieldKey);
      if (typeof value !== 'string' || value === '') {
        return { type: 'unassigned', reason: `The field ${assignment.fieldKey} names nobody.` };
      }
      return (await directory.isActiveUser(value))
        ? { type: 'user', userId: value }
        : { type: 'unassigned', reason: `The field ${assignment.fieldKey} names no active account.` };
    }
    case 'managerOfRequester':
      return managerAbove(context.requesterId, assignment.levelsUp ?? 1, 'the requester', directory);
    case 'managerOfPreviousAssignee':
      return context.previousAssigneeId
        ? managerAbove(context.previousAssigneeId, 1, 'the previous assignee', directory)
        : managerAbove(context.requesterId, 1, 'the requester', directory);
  }
}

// [A2] One active member gets the task; several share a queue; disabled accounts never count.
async function toGroup(
  userIds: string[],
  emptyReason: string,
  directory: OrgDirectory,
): Promise<AssignmentResult> {
  const active: string[] = [];
  for (const userId of [...new Set(userIds)].sort()) {
    if (await directory.isActiveUser(userId)) active.push(userId);
  }
  const [only] = active;
  if (!only) return { type: 'unassigned', reason: emptyReason };
  return active.length === 1 ? { type: 'user', userId: only } : { type: 'queue', userIds: active };
}

// [A4] Walks up the reporting lines; a cycle in them counts as "no manager", never as an endless walk.
async function managerAbove(
  userId: string,
  levelsUp: number,
  who: string,
  directory: OrgDirectory,
): Promise<AssignmentResult> {
  const seen = new Set([userId]);
  let current = userId;
  for (let level = 1; level <= levelsUp; level += 1) {
    const manager = await directory.managerOf(current);
    if (!manager || seen.has(manager)) {
      const above = level === 1 ? 'manager' : `manager ${level} levels up`;
      return { type: 'unassigned', reason: `${capitalize(who)} has no ${above}.` };
    }
    seen.add(manager);
    current = manager;
  }
  return (await directory.isActiveUser(current))
    ? { type: 'user', userId: current }
    : { type: 'unassigned', reason: `The manager of ${who} has no active account.` };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
