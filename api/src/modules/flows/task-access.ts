import type { Prisma, SqlParams } from '@erp/prisma';
import { AppError } from '@erp/shared';
import type { SessionUser } from '../../http/session';

// Who sees what of running flows. Admins see everything (and the unassigned queue); anyone else sees a task
// they hold, may claim or completed, and an instance they started or have such a task in. Anything else
// answers 404, as if it did not exist.

export const isAdmin = (user: SessionUser) => user.roles.includes('admin');

export function visibleTaskWhere(user: SessionUser): Prisma.TaskWhereInput {
  if (isAdmin(user)) return {};
  return { OR: [{ assigneeId: user.id }, { candidateIds: { has: user.id } }, { completedById: user.id }] };
}

/** `visibleTaskWhere` as SQL over `tasks t` (the inbox's statement); `me` is the placeholder of the user's id. */
export function visibleTaskSql(user: SessionUser, me: string): string {
  if (isAdmin(user)) return 'TRUE';
  return `(t.assignee_id = ${me} OR t.candidate_ids @> ARRAY[${me}] OR t.completed_by_id = ${me})`;
}

/**
 * `visibleTaskSql` binding the user's id in `params` only when the text uses it (admins' 'TRUE' binds nothing: a
 * value the text does not use makes PostgreSQL refuse the statement's parameters). A task's page and the task
 * commands' lock (`lockOpenTask`) check what their caller may see in the statement itself.
 */
export function visibleTaskCondition(user: SessionUser, params: SqlParams): string {
  return isAdmin(user) ? 'TRUE' : visibleTaskSql(user, params.add(user.id, 'uuid'));
}

export function visibleInstanceWhere(user: SessionUser): Prisma.FlowInstanceWhereInput {
  if (isAdmin(user)) return {};
  return { OR: [{ requesterId: user.id }, { tasks: { some: visibleTaskWhere(user) } }] };
}

export const taskNotFound = () => new AppError('not_found', 'No task has this id.');
export const instanceNotFound = () => new AppError('not_found', 'No flow instance has this id.');
