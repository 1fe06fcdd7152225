import type { Prisma } from '../generated/client';

type Db = Prisma.TransactionClient;

/**
 * What a trigger sees of events: their payloads, with the flow and form they concern added (flow and task
 * events name their instance and task; triggers filter by flow and form). The engine's dispatcher and the
 * tester's recent events both read events through this.
 */
export async function buildEventContexts(
  db: Db,
  events: { payload: Record<string, unknown> }[],
): Promise<Record<string, unknown>[]> {
  const instanceIds = new Set<string>();
  const taskIds = new Set<string>();
  for (const { payload } of events) {
    if (typeof payload.instanceId === 'string') instanceIds.add(payload.instanceId);
    if (typeof payload.taskId === 'string') taskIds.add(payload.taskId);
  }
  const [instances, tasks] = await Promise.all([
    instanceIds.size > 0
      ? db.flowInstance.findMany({
          where: { id: { in: [...instanceIds] } },
          select: { id: true, documentId: true },
        })
      : [],
    taskIds.size > 0
      ? db.task.findMany({ where: { id: { in: [...taskIds] } }, select: { id: true, taskFormId: true } })
      : [],
  ]);
  const flowOf = new Map(instances.map((instance) => [instance.id, instance.documentId]));
  const formOf = new Map(tasks.map((task) => [task.id, task.taskFormId]));
  return events.map(({ payload }) => {
    const context: Record<string, unknown> = { ...payload };
    const flowId = flowOf.get(String(payload.instanceId));
    if (flowId) context.flowId = flowId;
    const taskFormId = formOf.get(String(payload.taskId));
    if (taskFormId) context.taskFormId = taskFormId;
    return context;
  });
}
