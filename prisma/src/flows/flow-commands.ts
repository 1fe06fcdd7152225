import { AppError, checkTaskFormData, type TaskForm, type TaskFormData, upgradeTaskForm } from '@erp/shared';
import type { FlowEvent } from '@erp/shared/flows';
import { attachFormFiles } from '../files/files';
import type { Prisma } from '../generated/client';
import { applyPendingSteps, applyStart, type FlowRuntime, lockInstance } from './apply-steps';
import { findLiveFlow, findLiveTaskForm, type LiveFlow, startFormIdOf } from './live-versions';

// The writes that move a flow instance: each checks its input, makes its change (a task completed, an instance
// started) and applies the resulting step with the shared semantics, all in the caller's transaction — the
// change and the instance's next state commit together or not at all. Each step has a deterministic id and is
// kept as the instance's timeline. The api and the engine's actions both call these.

type Db = Prisma.TransactionClient;

// Checked JSON (form data, flow events) as Prisma's JSON input type.
const json = (value: unknown) => value as Prisma.InputJsonValue;

/** The id of the step an event makes: the same request or job twice finds the same step. */
export function stepIdOf(instanceId: string, event: FlowEvent): string {
  if (event.type === 'taskCompleted') return `${instanceId}:completed:${event.taskId}`;
  if (event.type === 'taskSentBack') return `${instanceId}:sentBack:${event.taskId}`;
  return `${instanceId}:${event.type}`;
}

function checkData(form: TaskForm, data: TaskFormData): TaskFormData {
  const checked = checkTaskFormData(form, data);
  if (!checked.ok) {
    throw new AppError('validation_failed', 'Some answers need another look.', { fields: checked.problems });
  }
  return checked.data;
}

/**
 * Starts an instance of a flow's live version (pinned: a later version never changes it), with data checked
 * against the flow's start form when it has one. The start itself (first levels, assignees) is the engine's.
 */
export async function startFlowInstance(
  db: Db,
  runtime: FlowRuntime,
  input: {
    documentId: string;
    requesterId: string;
    data: TaskFormData;
    /** The live version, when the caller read it in this transaction already (to check who may start). */
    live?: LiveFlow;
  },
): Promise<{ instanceId: string; versionNumber: number }> {
  const live = input.live ?? (await findLiveFlow(db, input.documentId));
  const startFormId = startFormIdOf(live.flow);
  let data = input.data;
  const startForm = startFormId ? await findLiveTaskForm(db, startFormId) : null;
  if (startFormId && !startForm)
    throw new AppError('conflict', 'The start form of this flow is not published.');
  if (startForm) data = checkData(startForm.form, data);
  const instance = await db.flowInstance.create({
    data: {
      documentId: input.documentId,
      versionId: live.id,
      versionNumber: live.number,
      status: 'running',
      requesterId: input.requesterId,
    },
  });
  if (startForm) await attachFormFiles(db, input.requesterId, instance.id, startForm.form, data);
  const event: FlowEvent = { type: 'start', requesterId: input.requesterId, data };
  await db.event.create({
    data: {
      id: `flow.started:${instance.id}`,
      type: 'flow.started',
      payload: json({
        instanceId: instance.id,
        documentId: input.documentId,
        version: live.number,
        requesterId: input.requesterId,
        data,
      }),
    },
  });
  await applyStart(
    db,
    runtime,
    { ...instance, flow: live.flow },
    { id: stepIdOf(instance.id, event), event, actorId: input.requesterId },
  );
  return { instanceId: instance.id, versionNumber: live.number };
}

/**
 * Locks an open task for a change — its instance first, then the task (the order every writer keeps, see
 * `lockInstance`); completed or cancelled tasks answer 409, and so does a task `holder` (when given) does not
 * hold: someone else's, or a queue's not claimed yet.
 */
export async function lockOpenTask(db: Db, taskId: string, holder?: string) {
  const found = await db.task.findUnique({ where: { id: taskId }, select: { instanceId: true } });
  if (!found) throw new AppError('not_found', 'No task has this id.');
  await lockInstance(db, found.instanceId);
  await db.$queryRaw`SELECT id FROM tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
  if (task.status !== 'open') throw new AppError('conflict', `This task is already ${task.status}.`);
  if (holder !== undefined && task.assigneeId !== holder) {
    throw new AppError(
      'conflict',
      task.assigneeId ? 'This task is assigned to someone else.' : 'Claim this task first.',
    );
  }
  return task;
}

/**
 * Completes an open task: the data checked against the task's published form, stored on the task, and the
 * instance advanced. Completing twice answers 409 (the row locks order racers).
 */
export async function completeTask(
  db: Db,
  runtime: FlowRuntime,
  input: { taskId: string; completedBy: string; data: TaskFormData; holder?: string },
): Promise<void> {
  const task = await lockOpenTask(db, input.taskId, input.holder);
  let data = input.data;
  if (task.taskFormId && task.formVersionNumber !== null) {
    const version = await db.documentVersion.findUniqueOrThrow({
      where: { documentId_number: { documentId: task.taskFormId, number: task.formVersionNumber } },
      select: { content: true },
    });
    const form = upgradeTaskForm(version.content) as TaskForm;
    data = checkData(form, data);
    await attachFormFiles(db, input.completedBy, task.instanceId, form, data);
  }
  const now = runtime.now();
  await db.task.update({
    where: { id: task.id },
    data: { status: 'completed', data: json(data), completedById: input.completedBy, completedAt: now },
  });
  const event: FlowEvent = { type: 'taskCompleted', taskId: task.key, completedBy: input.completedBy, data };
  await db.event.create({
    data: {
      id: `task.completed:${task.id}`,
      type: 'task.completed',
      payload: json({
        taskId: task.id,
        instanceId: task.instanceId,
        nodeId: task.nodeId,
        completedBy: input.completedBy,
        data,
      }),
    },
  });
  await applyPendingSteps(db, runtime, task.instanceId, {
    id: stepIdOf(task.instanceId, event),
    event,
    actorId: input.completedBy,
  });
}

/**
 * Sends an open task back to the level before it (where the flow allows it): the task ends without an answer,
 * the reason is kept on the timeline, and the earlier level gets a new task — one transaction.
 */
export async function sendBackTask(
  db: Db,
  runtime: FlowRuntime,
  input: { taskId: string; sentBy: string; reason: string; holder?: string },
): Promise<void> {
  const task = await lockOpenTask(db, input.taskId, input.holder);
  await db.task.update({
    where: { id: task.id },
    data: { status: 'cancelled', completedById: input.sentBy, completedAt: runtime.now() },
  });
  const event: FlowEvent = {
    type: 'taskSentBack',
    taskId: task.key,
    sentBy: input.sentBy,
    reason: input.reason,
  };
  await applyPendingSteps(db, runtime, task.instanceId, {
    id: stepIdOf(task.instanceId, event),
    event,
    actorId: input.sentBy,
  });
}

/** Cancels a running instance and every open task. */
export async function cancelFlowInstance(
  db: Db,
  runtime: FlowRuntime,
  input: { instanceId: string; actorId: string },
): Promise<void> {
  if (!(await lockInstance(db, input.instanceId))) {
    throw new AppError('not_found', 'No flow instance has this id.');
  }
  const instance = await db.flowInstance.findUniqueOrThrow({ where: { id: input.instanceId } });
  if (instance.status !== 'running')
    throw new AppError('conflict', `This instance is already ${instance.status}.`);
  const event: FlowEvent = { type: 'cancel' };
  await applyPendingSteps(db, runtime, instance.id, {
    id: stepIdOf(instance.id, event),
    event,
    actorId: input.actorId,
  });
}
