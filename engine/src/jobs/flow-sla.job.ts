import { findManager, type Prisma, type PrismaClient } from '@erp/prisma';
import type { JobPayload } from '@erp/shared';
import type { JobDefinition } from './job';

export interface SlaDeps {
  prisma: PrismaClient;
  now: () => Date;
}

/**
 * A task's SLA timer fired (pg-boss ran it at the exact time it was scheduled for). A reminder tells the
 * assignee the task is due soon; at the due time the task is overdue and escalates as its level says (notify
 * the assignee or their manager, or reassign it to the manager). Both are on the timeline and in the event
 * outbox under ids made of the task and the moment, so a timer that fires twice acts once. A task that is no
 * longer open needs nothing.
 */
export async function fireSlaTimer(deps: SlaDeps, payload: JobPayload<'flow.sla'>): Promise<void> {
  await deps.prisma.$transaction(async (db) => {
    await db.$queryRaw`SELECT id FROM tasks WHERE id = ${payload.taskId}::uuid FOR UPDATE`;
    const task = await db.task.findUnique({ where: { id: payload.taskId } });
    if (task?.status !== 'open') return;
    const stepId = `${task.instanceId}:${payload.moment}:${task.id}`;
    if (await db.flowStep.findUnique({ where: { id: stepId } })) return;
    const now = deps.now();
    const escalation = payload.moment === 'due' ? await escalate(db, task, now) : null;
    const outcome = {
      taskId: task.id,
      taskName: task.name,
      assigneeId: task.assigneeId,
      escalation: task.escalation,
      ...escalation,
    };
    await db.flowStep.create({
      data: {
        id: stepId,
        instanceId: task.instanceId,
        event: { type: payload.moment === 'due' ? 'overdue' : 'reminder', taskId: task.id },
        status: 'done',
        outcome,
        appliedAt: now,
      },
    });
    await db.event.create({
      data: {
        id: `${payload.moment === 'due' ? 'task.overdue' : 'task.due_soon'}:${task.id}`,
        type: payload.moment === 'due' ? 'task.overdue' : 'task.due_soon',
        payload: { instanceId: task.instanceId, dueAt: task.dueAt?.toISOString() ?? null, ...outcome },
      },
    });
  });
}

type Task = NonNullable<Awaited<ReturnType<Prisma.TransactionClient['task']['findUnique']>>>;

// Who is told, and who has the task afterwards. The manager is the assignee's as of now (the requester's
// when the task sits in a queue or with nobody).
async function escalate(db: Prisma.TransactionClient, task: Task, now: Date) {
  const notify = task.assigneeId ? [task.assigneeId] : [...task.candidateIds];
  if (task.escalation !== 'notifyManager' && task.escalation !== 'reassignToManager') return { notify };
  const instance = await db.flowInstance.findUniqueOrThrow({ where: { id: task.instanceId } });
  const manager = (await findManager(db, task.assigneeId ?? instance.requesterId, now)).manager;
  if (!manager) return { notify, managerId: null };
  if (task.escalation === 'reassignToManager') {
    await db.task.update({
      where: { id: task.id },
      data: { assigneeId: manager.id, candidateIds: [], unassignedReason: null, claimedAt: null },
    });
    return { notify: [...notify, manager.id], managerId: manager.id, reassignedTo: manager.id };
  }
  return { notify: [...notify, manager.id], managerId: manager.id };
}

export const flowSlaJob: JobDefinition<'flow.sla'> = {
  handle: (payload, context) => fireSlaTimer({ prisma: context.prisma, now: context.now }, payload),
};
