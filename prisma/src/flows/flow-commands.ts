import {
  AppError,
  checkTaskFormData,
  type Flow,
  type TaskForm,
  type TaskFormData,
  upgradeTaskForm,
} from '@erp/shared';
import type { FlowEvent } from '@erp/shared/flows';
import type { Prisma } from '../generated/client';

// The writes that ask a flow instance to move: each records a pending step (the instance's inbox) in the
// caller's transaction, under a deterministic id, with the events it causes. The engine applies pending steps
// in order (a trigger on flow_steps wakes it at commit). The api and the engine's actions both call these.

type Db = Prisma.TransactionClient;

// Checked JSON (form data, flow events) as Prisma's JSON input type.
const json = (value: unknown) => value as Prisma.InputJsonValue;

/** The id of the step an event makes: the same request or job twice finds the same step. */
export function stepIdOf(instanceId: string, event: FlowEvent): string {
  if (event.type === 'taskCompleted') return `${instanceId}:completed:${event.taskId}`;
  return `${instanceId}:${event.type}`;
}

async function findLiveFlow(db: Db, documentId: string) {
  const version = await db.documentVersion.findFirst({
    where: { documentId, status: 'live', document: { kind: 'flow', archivedAt: null } },
    select: { id: true, number: true, content: true },
  });
  if (!version) throw new AppError('not_found', 'No live flow has this id.');
  return { ...version, flow: version.content as unknown as Flow };
}

/** The live version of a task form, or null when none is live. */
export async function findLiveTaskForm(db: Db, documentId: string) {
  const version = await db.documentVersion.findFirst({
    where: { documentId, status: 'live', document: { kind: 'taskForm' } },
    select: { number: true, content: true },
  });
  return version ? { number: version.number, form: upgradeTaskForm(version.content) as TaskForm } : null;
}

/** The form that starts a flow (its "form submission" trigger), if it has one. */
export function startFormIdOf(flow: Flow): string | null {
  const trigger = flow.triggers.find((candidate) => candidate.type === 'formSubmission');
  return trigger?.type === 'formSubmission' ? trigger.taskFormId : null;
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
  input: { documentId: string; requesterId: string; data: TaskFormData },
): Promise<{ instanceId: string; versionNumber: number }> {
  const live = await findLiveFlow(db, input.documentId);
  const startFormId = startFormIdOf(live.flow);
  let data = input.data;
  if (startFormId) {
    const startForm = await findLiveTaskForm(db, startFormId);
    if (!startForm) throw new AppError('conflict', 'The start form of this flow is not published.');
    data = checkData(startForm.form, data);
  }
  const instance = await db.flowInstance.create({
    data: {
      documentId: input.documentId,
      versionId: live.id,
      versionNumber: live.number,
      status: 'running',
      requesterId: input.requesterId,
    },
  });
  const event: FlowEvent = { type: 'start', requesterId: input.requesterId, data };
  await db.flowStep.create({
    data: {
      id: stepIdOf(instance.id, event),
      instanceId: instance.id,
      event: json(event),
      actorId: input.requesterId,
      status: 'pending',
    },
  });
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
  return { instanceId: instance.id, versionNumber: live.number };
}

/** Locks an open task for a change; completed or cancelled tasks answer 409. */
export async function lockOpenTask(db: Db, taskId: string) {
  await db.$queryRaw`SELECT id FROM tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
  const task = await db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new AppError('not_found', 'No task has this id.');
  if (task.status !== 'open') throw new AppError('conflict', `This task is already ${task.status}.`);
  return task;
}

/**
 * Completes an open task: the data checked against the task's published form, stored on the task, and a pending
 * step for the engine to advance the instance with. Completing twice answers 409 (the row lock orders racers).
 */
export async function completeTask(
  db: Db,
  input: { taskId: string; completedBy: string; data: TaskFormData },
): Promise<void> {
  const task = await lockOpenTask(db, input.taskId);
  let data = input.data;
  if (task.taskFormId && task.formVersionNumber !== null) {
    const version = await db.documentVersion.findUniqueOrThrow({
      where: { documentId_number: { documentId: task.taskFormId, number: task.formVersionNumber } },
      select: { content: true },
    });
    data = checkData(upgradeTaskForm(version.content) as TaskForm, data);
  }
  const now = new Date();
  await db.task.update({
    where: { id: task.id },
    data: { status: 'completed', data: json(data), completedById: input.completedBy, completedAt: now },
  });
  const event: FlowEvent = { type: 'taskCompleted', taskId: task.key, completedBy: input.completedBy, data };
  await db.flowStep.create({
    data: {
      id: stepIdOf(task.instanceId, event),
      instanceId: task.instanceId,
      event: json(event),
      actorId: input.completedBy,
      status: 'pending',
    },
  });
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
}

/** Asks the engine to cancel a running instance (and with it every open task). */
export async function cancelFlowInstance(
  db: Db,
  input: { instanceId: string; actorId: string },
): Promise<void> {
  const instance = await db.flowInstance.findUnique({ where: { id: input.instanceId } });
  if (!instance) throw new AppError('not_found', 'No flow instance has this id.');
  if (instance.status !== 'running')
    throw new AppError('conflict', `This instance is already ${instance.status}.`);
  const event: FlowEvent = { type: 'cancel' };
  const id = stepIdOf(instance.id, event);
  if (await db.flowStep.findUnique({ where: { id } }))
    throw new AppError('conflict', 'This instance is being cancelled.');
  await db.flowStep.create({
    data: { id, instanceId: instance.id, event: json(event), actorId: input.actorId, status: 'pending' },
  });
}
