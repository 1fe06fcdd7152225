import type { Prisma } from '@erp/prisma';
import type { TaskSummary } from '@erp/shared';
import { slaStatus } from '@erp/shared/flows';

// The task as lists and pages show it, from one query shape (`taskInclude`).

const taskInclude = {
  assignee: { select: { id: true, name: true } },
  instance: {
    select: {
      documentId: true,
      versionNumber: true,
      document: { select: { name: true } },
      requester: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.TaskInclude;

export type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

interface TaskRelations {
  position: number;
  assigneeName: string | null;
  documentId: string;
  versionNumber: number;
  flowName: string;
  requesterId: string;
  requesterName: string;
}

/**
 * Tasks as `taskInclude` shapes them. Prisma's include costs four statements after the tasks' (assignees,
 * instances, documents, requesters), most of the inbox's time; one join keyed by what the tasks name gives the
 * same.
 */
export async function findTaskRows(
  db: Prisma.TransactionClient,
  args: Omit<Prisma.TaskFindManyArgs, 'include' | 'select' | 'omit'>,
): Promise<TaskRow[]> {
  const tasks = await db.task.findMany(args);
  if (tasks.length === 0) return [];
  const related = await db.$queryRaw<TaskRelations[]>`
    SELECT f.position::int AS position, a.name AS "assigneeName", i.document_id AS "documentId",
           i.version_number AS "versionNumber", d.name AS "flowName", i.requester_id AS "requesterId",
           r.name AS "requesterName"
    FROM unnest(${tasks.map((task) => task.instanceId)}::uuid[], ${tasks.map((task) => task.assigneeId)}::uuid[])
         WITH ORDINALITY AS f(instance_id, assignee_id, position)
    JOIN flow_instances i ON i.id = f.instance_id
    JOIN documents d ON d.id = i.document_id
    JOIN users r ON r.id = i.requester_id
    LEFT JOIN users a ON a.id = f.assignee_id`;
  const byPosition = new Map(related.map((row) => [row.position, row]));
  return tasks.flatMap((task, index) => {
    const row = byPosition.get(index + 1);
    // Its instance deleted between the two statements: gone, as if the first had not seen it.
    if (!row) return [];
    const assignee =
      task.assigneeId && row.assigneeName !== null ? { id: task.assigneeId, name: row.assigneeName } : null;
    return [
      {
        ...task,
        assignee,
        instance: {
          documentId: row.documentId,
          versionNumber: row.versionNumber,
          document: { name: row.flowName },
          requester: { id: row.requesterId, name: row.requesterName },
        },
      },
    ];
  });
}

export function toTaskSummary(row: TaskRow, now: Date): TaskSummary {
  return {
    id: row.id,
    instanceId: row.instanceId,
    flow: {
      documentId: row.instance.documentId,
      name: row.instance.document.name,
      version: row.instance.versionNumber,
    },
    name: row.name,
    status: row.status,
    assignee: row.assignee,
    queueSize: row.assigneeId ? 0 : row.candidateIds.length,
    isClaimed: row.claimedAt !== null,
    unassignedReason: row.unassignedReason,
    requester: row.instance.requester,
    dueAt: row.dueAt?.toISOString() ?? null,
    sla:
      row.dueAt && row.status === 'open'
        ? slaStatus({ dueAt: row.dueAt, remindAt: row.remindAt, escalation: null }, now)
        : null,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
