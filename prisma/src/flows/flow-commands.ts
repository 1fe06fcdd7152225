import { randomUUID } from 'node:crypto';
import {
  AppError,
  checkTaskFormData,
  isEmptyValue,
  type TaskForm,
  type TaskFormData,
  upgradeTaskForm,
} from '@erp/shared';
import type { FlowEvent } from '@erp/shared/flows';
import { attachFormFiles } from '../files/files';
import { type Sql, type SqlRunner, sqlOf } from '../sql';
import { SqlParams } from '../sql-params';
import { missingRecordIds } from '../user-tables/records';
import {
  applyPendingSteps,
  applyStart,
  type FlowRuntime,
  type InstanceToApply,
  instanceToApplyColumns,
  loadInstanceToApply,
} from './apply-steps';
import { findLiveFlow, findLiveTaskForm, type LiveFlow, startFormIdOf } from './live-versions';

// The writes that move a flow instance: each checks its input, makes its change (a task completed, an instance
// started) and applies the resulting step with the shared semantics, all in the caller's transaction — the
// change and the instance's next state commit together or not at all. Each step has a deterministic id and is
// kept as the instance's timeline. The api and the engine's actions both call these, on a plain pg connection
// (`inTransaction`) or in a Prisma transaction (`SqlRunner`).

/** The id of the step an event makes: the same request or job twice finds the same step. */
export function stepIdOf(instanceId: string, event: FlowEvent): string {
  if (event.type === 'taskCompleted') return `${instanceId}:completed:${event.taskId}`;
  if (event.type === 'taskSentBack') return `${instanceId}:sentBack:${event.taskId}`;
  return `${instanceId}:${event.type}`;
}

const answersRefused = (problems: Record<string, string>) =>
  new AppError('validation_failed', 'Some answers need another look.', { fields: problems });

async function checkData(db: Sql, form: TaskForm, data: TaskFormData): Promise<TaskFormData> {
  const checked = checkTaskFormData(form, data);
  if (!checked.ok) throw answersRefused(checked.problems);
  await checkFormLinks(db, form, checked.data);
  return checked.data;
}

/**
 * A form's link answers (checked data: uuids) must name live records of their tables, or the answers are
 * refused by field key like the form's own checks. A completion, a start and a saved draft all check this.
 */
export async function checkFormLinks(
  db: SqlRunner,
  form: Pick<TaskForm, 'fields'>,
  data: TaskFormData,
): Promise<void> {
  const problems: Record<string, string> = {};
  for (const field of form.fields) {
    if (field.type !== 'link' || isEmptyValue(data[field.key])) continue;
    const missing = await missingRecordIds(db, field.targetTableId, [data[field.key]].flat() as string[]);
    if (missing.length > 0)
      problems[field.key] = `${field.label || field.key}: no record of its table has the id ${missing[0]}.`;
  }
  if (Object.keys(problems).length > 0) throw answersRefused(problems);
}

/**
 * Starts an instance of a flow's live version (pinned: a later version never changes it), with data checked
 * against the flow's start form when it has one. The start itself (first levels, assignees) is the engine's.
 */
export async function startFlowInstance(
  db: SqlRunner,
  runtime: FlowRuntime,
  input: {
    documentId: string;
    requesterId: string;
    data: TaskFormData;
    /** The live version, when the caller read it in this transaction already (to check who may start). */
    live?: LiveFlow;
  },
): Promise<{ instanceId: string; versionNumber: number }> {
  const sql = sqlOf(db);
  const live = input.live ?? (await findLiveFlow(sql, input.documentId));
  const startFormId = startFormIdOf(live.flow);
  let data = input.data;
  const startForm = startFormId ? await findLiveTaskForm(sql, startFormId) : null;
  if (startFormId && !startForm)
    throw new AppError('conflict', 'The start form of this flow is not published.');
  if (startForm) data = await checkData(sql, startForm.form, data);
  const id = randomUUID();
  const event: FlowEvent = {
    type: 'start',
    requesterId: input.requesterId,
    data,
    ...(startFormId && startForm && { form: { documentId: startFormId, versionNumber: startForm.number } }),
  };
  const started = {
    instanceId: id,
    documentId: input.documentId,
    version: live.number,
    requesterId: input.requesterId,
    data,
  };
  const instance = {
    id,
    documentId: input.documentId,
    versionId: live.id,
    versionNumber: live.number,
    requesterId: input.requesterId,
    flow: live.flow,
    started,
  };
  await applyStart(sql, runtime, instance, { id: stepIdOf(id, event), event, actorId: input.requesterId });
  // The start form's files are attached to the instance, whose row exists now (same transaction).
  if (startForm) await attachFormFiles(sql, input.requesterId, id, startForm.form, data);
  return { instanceId: id, versionNumber: live.number };
}

/** What a change of a task reads of it. */
export interface LockedTask {
  id: string;
  instanceId: string;
  key: string;
  nodeId: string;
  taskFormId: string | null;
  formVersionNumber: number | null;
  status: string;
  assigneeId: string | null;
  candidateIds: string[];
}

/** Who may act on a task: `holder` must hold it, and a task outside `scope` (when given) does not exist. */
export interface TaskActor {
  holder?: string;
  /** A condition over `tasks t` (the caller's visibility rule), its values added to `params`; tasks outside it answer 404. */
  scope?: (params: SqlParams) => string;
}

/**
 * Locks an open task for a change — its instance first, then the task (the order every writer keeps, see
 * `lockInstance`); a task outside the actor's scope answers 404 (and is not locked), completed or cancelled
 * tasks 409, and so does a task the holder (when given) does not hold: someone else's, or a queue's not
 * claimed yet.
 */
export async function lockOpenTask(
  db: SqlRunner,
  taskId: string,
  actor: TaskActor = {},
): Promise<LockedTask> {
  return (await lockOpenTaskOf(db, taskId, actor, false)).task;
}

/**
 * `lockOpenTask`, and — when `withInstance` — the instance as applying its step reads it, as the lock's last
 * holder left it (anyone who changes it takes that lock first).
 */
async function lockOpenTaskOf<Loaded extends boolean>(
  db: SqlRunner,
  taskId: string,
  actor: TaskActor,
  withInstance: Loaded,
): Promise<{ task: LockedTask; instance: Loaded extends true ? InstanceToApply : null }> {
  // One round trip: the instance and the task locked — in the order of the locking clauses, instance first —
  // and read. A row read FOR UPDATE is its latest version, whatever the statement waited for; the instance's
  // pending steps, though, are read as of the statement's start (its snapshot). Whoever changes which steps
  // are pending updates the instance's row, so when its version read under the lock is not the one of the
  // snapshot, they are read again, now under the lock (a second round trip, only after waiting for a writer).
  const sql = sqlOf(db);
  const params = new SqlParams();
  const scope = `t.id = ${params.add(taskId, 'uuid')} AND ${actor.scope?.(params) ?? 'TRUE'}`;
  const taskColumns = `t.id AS "taskId", t.instance_id AS "instanceId", t.key, t.node_id AS "nodeId",
           t.task_form_id AS "taskFormId", t.form_version_number AS "formVersionNumber",
           t.status::text AS "taskStatus", t.assignee_id AS "assigneeId", t.candidate_ids::text[] AS "candidateIds"`;
  const [row] = await sql.query<
    Omit<LockedTask, 'id' | 'status'> & {
      taskId: string;
      taskStatus: string;
      isCurrent: boolean;
    } & InstanceToApply
  >(
    withInstance
      ? `SELECT ${taskColumns}, ${instanceToApplyColumns},
            i.xmin = (SELECT s.xmin FROM flow_instances s WHERE s.id = i.id) AS "isCurrent"
          FROM tasks t JOIN flow_instances i ON i.id = t.instance_id JOIN document_versions v ON v.id = i.version_id
          WHERE ${scope} FOR NO KEY UPDATE OF i FOR UPDATE OF t`
      : `SELECT ${taskColumns} FROM tasks t JOIN flow_instances i ON i.id = t.instance_id
          WHERE ${scope} FOR NO KEY UPDATE OF i FOR UPDATE OF t`,
    params.values,
  );
  if (!row) throw new AppError('not_found', 'No task has this id.');
  const task: LockedTask = {
    id: row.taskId,
    instanceId: row.instanceId,
    key: row.key,
    nodeId: row.nodeId,
    taskFormId: row.taskFormId,
    formVersionNumber: row.formVersionNumber,
    status: row.taskStatus,
    assigneeId: row.assigneeId,
    candidateIds: row.candidateIds,
  };
  if (task.status !== 'open') throw new AppError('conflict', `This task is already ${task.status}.`);
  if (actor.holder !== undefined && task.assigneeId !== actor.holder) {
    throw new AppError(
      'conflict',
      task.assigneeId ? 'This task is assigned to someone else.' : 'Claim this task first.',
    );
  }
  let instance: InstanceToApply | null = null;
  if (withInstance) {
    instance = row.isCurrent
      ? {
          id: row.id,
          document_id: row.document_id,
          version_number: row.version_number,
          state: row.state,
          content: row.content,
          pending: row.pending,
        }
      : ((await loadInstanceToApply(sql, task.instanceId)) ?? null);
  }
  return { task, instance: instance as Loaded extends true ? InstanceToApply : null };
}

/**
 * Completes an open task: the data checked against the task's published form, stored on the task, and the
 * instance advanced. Completing twice answers 409 (the row locks order racers).
 */
export async function completeTask(
  db: SqlRunner,
  runtime: FlowRuntime,
  input: { taskId: string; completedBy: string; data: TaskFormData } & TaskActor,
): Promise<void> {
  const sql = sqlOf(db);
  const { task, instance } = await lockOpenTaskOf(sql, input.taskId, input, true);
  let data = input.data;
  if (task.taskFormId && task.formVersionNumber !== null) {
    const [version] = await sql.query<{ content: unknown }>(
      'SELECT content FROM document_versions WHERE document_id = $1::uuid AND number = $2::int',
      [task.taskFormId, task.formVersionNumber],
    );
    if (!version) throw new Error(`The form version of task ${task.id} is missing.`);
    const form = upgradeTaskForm(version.content) as TaskForm;
    data = await checkData(sql, form, data);
    await attachFormFiles(sql, input.completedBy, task.instanceId, form, data);
  }
  const event: FlowEvent = { type: 'taskCompleted', taskId: task.key, completedBy: input.completedBy, data };
  const completedPayload = {
    taskId: task.id,
    instanceId: task.instanceId,
    nodeId: task.nodeId,
    completedBy: input.completedBy,
    data,
  };
  // The task completed and its task.completed event, written with the step (see NewStep's change).
  const completedAt = runtime.now();
  const change = {
    write: (params: SqlParams) => `UPDATE tasks SET status = 'completed',
        data = ${params.add(JSON.stringify(data), 'jsonb')}, completed_by_id = ${params.add(input.completedBy, 'uuid')},
        completed_at = ${params.add(completedAt, 'timestamptz')}
      WHERE id = ${params.add(task.id, 'uuid')}`,
    events: [{ id: `task.completed:${task.id}`, type: 'task.completed', payload: completedPayload }],
  };
  const step = { id: stepIdOf(task.instanceId, event), event, actorId: input.completedBy, change };
  await applyPendingSteps(sql, runtime, task.instanceId, step, { isLocked: true, loaded: instance });
}

// A task's command applies its step under the instance lock that `lockOpenTask` took: no second round trip for it.
function applyTaskStep(db: Sql, runtime: FlowRuntime, task: LockedTask, event: FlowEvent, actorId: string) {
  const step = { id: stepIdOf(task.instanceId, event), event, actorId };
  return applyPendingSteps(db, runtime, task.instanceId, step, { isLocked: true });
}

/**
 * Sends an open task back to the level before it (where the flow allows it): the task ends without an answer,
 * the reason is kept on the timeline, and the earlier level gets a new task — one transaction.
 */
export async function sendBackTask(
  db: SqlRunner,
  runtime: FlowRuntime,
  input: { taskId: string; sentBy: string; reason: string } & TaskActor,
): Promise<void> {
  const sql = sqlOf(db);
  const task = await lockOpenTask(sql, input.taskId, input);
  await sql.query(
    `UPDATE tasks SET status = 'cancelled', completed_by_id = $2::uuid, completed_at = $3::timestamptz
     WHERE id = $1::uuid`,
    [task.id, input.sentBy, runtime.now()],
  );
  const event: FlowEvent = {
    type: 'taskSentBack',
    taskId: task.key,
    sentBy: input.sentBy,
    reason: input.reason,
  };
  await applyTaskStep(sql, runtime, task, event, input.sentBy);
}

/** Cancels a running instance and every open task. */
export async function cancelFlowInstance(
  db: SqlRunner,
  runtime: FlowRuntime,
  input: { instanceId: string; actorId: string },
): Promise<void> {
  const sql = sqlOf(db);
  // The lock (see `lockInstance`) and the status in one statement: a row read FOR NO KEY UPDATE is its latest.
  const [instance] = await sql.query<{ id: string; status: string }>(
    'SELECT id, status::text AS status FROM flow_instances WHERE id = $1::uuid FOR NO KEY UPDATE',
    [input.instanceId],
  );
  if (!instance) throw new AppError('not_found', 'No flow instance has this id.');
  if (instance.status !== 'running')
    throw new AppError('conflict', `This instance is already ${instance.status}.`);
  const event: FlowEvent = { type: 'cancel' };
  await applyPendingSteps(
    sql,
    runtime,
    instance.id,
    {
      id: stepIdOf(instance.id, event),
      event,
      actorId: input.actorId,
    },
    { isLocked: true },
  );
}
