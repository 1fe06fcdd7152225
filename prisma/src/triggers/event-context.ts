import { type SqlRunner, sqlOf } from '../sql';

/**
 * What a trigger sees of events: their payloads, with the flow and form they concern added (flow and task
 * events name their instance and task; triggers filter by flow and form). The engine's dispatcher and the
 * tester's recent events both read events through this.
 */
export async function buildEventContexts(
  db: SqlRunner,
  events: { payload: Record<string, unknown> }[],
): Promise<Record<string, unknown>[]> {
  const sql = sqlOf(db);
  const instanceIds = new Set<string>();
  const taskIds = new Set<string>();
  for (const { payload } of events) {
    if (typeof payload.instanceId === 'string') instanceIds.add(payload.instanceId);
    if (typeof payload.taskId === 'string') taskIds.add(payload.taskId);
  }
  // One after the other: on a plain connection the second would only queue behind the first.
  const instances =
    instanceIds.size > 0
      ? await sql.query<{ id: string; document_id: string }>(
          'SELECT id, document_id FROM flow_instances WHERE id = ANY($1::uuid[])',
          [[...instanceIds]],
        )
      : [];
  const tasks =
    taskIds.size > 0
      ? await sql.query<{ id: string; task_form_id: string | null }>(
          'SELECT id, task_form_id FROM tasks WHERE id = ANY($1::uuid[])',
          [[...taskIds]],
        )
      : [];
  const flowOf = new Map(instances.map((instance) => [instance.id, instance.document_id]));
  const formOf = new Map(tasks.map((task) => [task.id, task.task_form_id]));
  return events.map(({ payload }) => {
    const context: Record<string, unknown> = { ...payload };
    const flowId = flowOf.get(String(payload.instanceId));
    if (flowId) context.flowId = flowId;
    const taskFormId = formOf.get(String(payload.taskId));
    if (taskFormId) context.taskFormId = taskFormId;
    return context;
  });
}
