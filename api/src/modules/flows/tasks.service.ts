import {
  attachFormFiles,
  checkFormLinks,
  completeTask as completeOpenTask,
  flowTransaction,
  inTransaction,
  lockOpenTask,
  type Prisma,
  queryPrepared,
  SqlParams,
  sendBackTask as sendBackOpenTask,
} from '@erp/prisma';
import {
  AppError,
  checkTaskFormData,
  type TaskDetail,
  type TaskForm,
  type TaskFormData,
  type TaskList,
  type TaskListQuery,
  upgradeTaskForm,
} from '@erp/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { containsText, cursorKeys, decodeCursor, toPage } from '../../http/lists';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { flowRuntimeOf } from './flow-runtime';
import { isAdmin, taskNotFound, visibleTaskCondition, visibleTaskSql, visibleTaskWhere } from './task-access';
import { getTask } from './task-detail';
import {
  findTaskRows,
  type InboxRow,
  type TaskRow,
  taskSummaryColumns,
  taskSummaryFrom,
  toSummaryRow,
  toTaskSummary,
} from './task-view';

// The portal's work: the inbox, one task, claiming from a shared queue, drafts, comments, completing.

const inboxCursorSchema = z.object({ dueAt: cursorKeys.timestamp.nullable(), id: cursorKeys.uuid });

// Sorted by due date (tasks without one last), then id: the keyset after the cursor's row.
function afterCursorSql(cursor: z.infer<typeof inboxCursorSchema> | undefined, params: SqlParams): string {
  if (!cursor) return 'TRUE';
  if (cursor.dueAt === null) return `(t.due_at IS NULL AND t.id > ${params.add(cursor.id, 'uuid')})`;
  const dueAt = params.add(cursor.dueAt, 'timestamptz');
  return `(t.due_at > ${dueAt} OR (t.due_at = ${dueAt} AND t.id > ${params.add(cursor.id, 'uuid')}) OR t.due_at IS NULL)`;
}

// Each scope lies within what the user may see (`visibleTaskSql`), so a query needs no second visibility test
// (whose OR would keep PostgreSQL from walking the inbox index in order).
// `me` is the placeholder of the user's id.
function scopeSql(user: SessionUser, scope: TaskListQuery['scope'], me: string): string {
  switch (scope) {
    case 'mine':
      return `t.assignee_id = ${me}`;
    case 'queue':
      return `t.assignee_id IS NULL AND t.candidate_ids @> ARRAY[${me}]`;
    case 'unassigned':
      return isAdmin(user) ? `t.assignee_id IS NULL AND t.candidate_ids = '{}'` : 'FALSE';
    case 'all':
      return visibleTaskSql(user, me);
  }
}

/**
 * The inbox's one statement: the page and the counts (the open tasks counted mine, my queues' and overdue ones I
 * may see: three index scans; the page walks the inbox index in order and joins its flow, requester and
 * assignee). The user's id is its first parameter. P8's bench runs it by hand beside the API.
 */
export function inboxStatement(user: SessionUser, query: TaskListQuery): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const me = params.add(user.id, 'uuid');
  // Overdue is "due before this statement" and the page's size is written in: a statement whose estimates need
  // no parameter value gets a generic plan, cached per connection; with them PostgreSQL planned every execution
  // anew (1-1.5 ms, twice the execution). The limit is a validated integer, a handful of texts in practice.
  const at = 'statement_timestamp()';
  const conditions = [
    scopeSql(user, query.scope, me),
    afterCursorSql(decodeCursor(inboxCursorSchema, query.cursor), params),
    `t.status = ${params.add(query.status, '"TaskStatus"')}`,
    ...(query.flow ? [`i.document_id = ${params.add(query.flow, 'uuid')}`] : []),
    ...(query.overdue === 'true' ? [`t.due_at < ${at}`] : []),
  ];
  if (query.q) {
    const pattern = params.add(`%${containsText(query.q).contains}%`, 'text');
    conditions.push(`(t.name ILIKE ${pattern} OR d.name ILIKE ${pattern} OR r.name ILIKE ${pattern})`);
  }
  const text = `SELECT c.mine, c.queue, c.overdue, p.*
     FROM (SELECT
         (SELECT count(*) FROM tasks t WHERE t.status = 'open' AND t.assignee_id = ${me})::int AS mine,
         (SELECT count(*) FROM tasks t WHERE t.status = 'open' AND t.assignee_id IS NULL
            AND t.candidate_ids @> ARRAY[${me}])::int AS queue,
         (SELECT count(*) FROM tasks t WHERE t.status = 'open' AND t.due_at < ${at}
            AND ${visibleTaskSql(user, me)})::int AS overdue) c
     LEFT JOIN LATERAL (
       SELECT ${taskSummaryColumns}
       FROM ${taskSummaryFrom}
       WHERE ${conditions.join(' AND ')}
       ORDER BY t.due_at ASC NULLS LAST, t.id ASC
       LIMIT ${Math.trunc(query.limit) + 1}) p ON TRUE
     ORDER BY p."dueAt" ASC NULLS LAST, p.id ASC`;
  return { text, values: params.values };
}

/** My tasks and my queues' (everything for admins), by due date, with the inbox counts: one prepared statement. */
export async function listTasks(deps: AppDeps, user: SessionUser, query: TaskListQuery): Promise<TaskList> {
  const now = new Date();
  const statement = inboxStatement(user, query);
  const rows = await queryPrepared<InboxRow>(deps.pool, statement.text, statement.values);
  const [first] = rows;
  const tasks = first?.id ? rows.map(toSummaryRow) : [];
  return {
    ...toPage(
      tasks,
      query.limit,
      (row) => toTaskSummary(row, now),
      (row) => ({ dueAt: row.dueAt?.toISOString() ?? null, id: row.id }),
    ),
    counts: { mine: first?.mine ?? 0, queue: first?.queue ?? 0, overdue: first?.overdue ?? 0 },
  };
}

async function findVisibleTask(
  db: Prisma.TransactionClient,
  user: SessionUser,
  taskId: string,
): Promise<TaskRow> {
  const [task] = await findTaskRows(db, {
    where: { AND: [{ id: taskId }, visibleTaskWhere(user)] },
    take: 1,
  });
  if (!task) throw taskNotFound();
  return task;
}

async function readForm(
  db: Prisma.TransactionClient,
  task: { taskFormId: string | null; formVersionNumber: number | null },
) {
  if (!task.taskFormId || task.formVersionNumber === null) return null;
  const version = await db.documentVersion.findUnique({
    where: { documentId_number: { documentId: task.taskFormId, number: task.formVersionNumber } },
    select: { content: true },
  });
  // A form published under an older schema version is shown in the current one.
  return version ? (upgradeTaskForm(version.content) as TaskForm) : null;
}

/** Takes a queue's task; of two people racing, exactly one wins and the other gets 409. */
export async function claimTask(deps: AppDeps, user: SessionUser, taskId: string): Promise<TaskDetail> {
  const { count } = await deps.prisma.task.updateMany({
    where: { id: taskId, status: 'open', assigneeId: null, candidateIds: { has: user.id } },
    data: { assigneeId: user.id, claimedAt: new Date() },
  });
  if (count === 0) {
    const task = await findVisibleTask(deps.prisma, user, taskId);
    throw new AppError(
      'conflict',
      task.assignee ? `${task.assignee.name} has this task.` : 'This task cannot be claimed.',
    );
  }
  return getTask(deps, user, taskId);
}

/** Gives a claimed task back to its queue. */
export async function unclaimTask(deps: AppDeps, user: SessionUser, taskId: string): Promise<TaskDetail> {
  const { count } = await deps.prisma.task.updateMany({
    where: { id: taskId, status: 'open', assigneeId: user.id, candidateIds: { has: user.id } },
    data: { assigneeId: null, claimedAt: null },
  });
  if (count === 0) {
    await assertVisibleTask(deps.prisma, user, taskId);
    throw new AppError('conflict', 'Only a task you claimed from a queue can go back to it.');
  }
  return getTask(deps, user, taskId);
}

// The holder may act on an open task; others who see it get 409 (it is somebody else's), the rest 404.
function lockMyOpenTask(db: Prisma.TransactionClient, user: SessionUser, taskId: string) {
  return lockOpenTask(db, taskId, myTask(user));
}

const myTask = (user: SessionUser) => ({
  holder: user.id,
  scope: (params: SqlParams) => visibleTaskCondition(user, params),
});

async function assertVisibleTask(db: Prisma.TransactionClient, user: SessionUser, taskId: string) {
  const task = await db.task.findFirst({
    where: { AND: [{ id: taskId }, visibleTaskWhere(user)] },
    select: { id: true },
  });
  if (!task) throw taskNotFound();
}

/** Submits the task: checked against its published form, and the instance advanced, in one transaction. */
export async function completeTask(
  deps: AppDeps,
  user: SessionUser,
  taskId: string,
  data: TaskFormData,
): Promise<void> {
  // On the plain pool (named statements): the portal's hottest write. It answers nothing (204, as Camunda's and
  // Flowable's completions do): the portal moves on to the inbox, and the task page read after the commit was a
  // fifth of PostgreSQL's work per completion (bench P8).
  await inTransaction(deps.pool, async (sql) => {
    // The command locks the task, if I may see it, and checks I hold it.
    await completeOpenTask(sql, flowRuntimeOf(deps), { taskId, completedBy: user.id, data, ...myTask(user) });
  });
}

/** Returns the task to the level before it, with a reason; the earlier level gets a new task at once. */
export async function sendBackTask(deps: AppDeps, user: SessionUser, taskId: string, reason: string) {
  await inTransaction(deps.pool, async (sql) => {
    await sendBackOpenTask(sql, flowRuntimeOf(deps), { taskId, sentBy: user.id, reason, ...myTask(user) });
  });
  return getTask(deps, user, taskId);
}

/** Keeps unfinished answers (each given value must be valid already; required ones may be missing). */
export async function saveDraft(deps: AppDeps, user: SessionUser, taskId: string, data: TaskFormData) {
  await deps.prisma.$transaction(async (db) => {
    const task = await lockMyOpenTask(db, user, taskId);
    const form = await readForm(db, task);
    const checked = form ? checkTaskFormData(form, data, { partial: true }) : { ok: true as const, data };
    if (!checked.ok) {
      throw new AppError('validation_failed', 'Some answers need another look.', {
        fields: checked.problems,
      });
    }
    // A draft's files are attached at once: kept (not purged as abandoned) and seen by whoever sees the task.
    if (form) await checkFormLinks(db, form, checked.data);
    if (form) await attachFormFiles(db, user.id, task.instanceId, form, checked.data);
    await db.task.update({ where: { id: taskId }, data: { draft: checked.data as Prisma.InputJsonValue } });
  }, flowTransaction);
  return getTask(deps, user, taskId);
}

export async function addComment(deps: AppDeps, user: SessionUser, taskId: string, body: string) {
  await assertVisibleTask(deps.prisma, user, taskId);
  await deps.prisma.taskComment.create({ data: { taskId, authorId: user.id, body } });
  return getTask(deps, user, taskId);
}

/** Admins hand an open task to someone (out of a queue or the unassigned queue); audited. */
export async function reassignTask(deps: AppDeps, admin: SessionUser, taskId: string, userId: string) {
  await deps.prisma.$transaction(async (db) => {
    const task = await lockOpenTask(db, taskId);
    const assignee = await db.user.findFirst({ where: { id: userId, disabledAt: null } });
    if (!assignee)
      throw new AppError('validation_failed', 'Choose an active account.', {
        fields: { userId: 'No active account has this id.' },
      });
    await db.task.update({
      where: { id: taskId },
      data: { assigneeId: userId, candidateIds: [], unassignedReason: null, claimedAt: null },
    });
    // The n-th assignment of the task (the first was its creation's), counted under the task's lock: the same
    // change always gets the same id.
    const assignments = await db.event.count({
      where: { type: 'task.assigned', payload: { path: ['taskId'], equals: taskId } },
    });
    await db.event.create({
      data: {
        id: `task.assigned:${taskId}:${assignments + 1}`,
        type: 'task.assigned',
        payload: {
          taskId,
          instanceId: task.instanceId,
          nodeId: task.nodeId,
          assigneeIds: [userId],
          reassignedBy: admin.id,
        },
      },
    });
    await recordAudit(db, {
      actorId: admin.id,
      action: 'task.reassign',
      targetType: 'task',
      targetId: taskId,
      details: { from: task.assigneeId, candidates: task.candidateIds, to: userId },
    });
  }, flowTransaction);
  return getTask(deps, admin, taskId);
}
