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

/** What a summary is made of: a `TaskRow`, or a row of the inbox's statement (`toSummaryRow`). */
type SummaryRow = Pick<
  TaskRow,
  | 'id'
  | 'instanceId'
  | 'name'
  | 'status'
  | 'assignee'
  | 'assigneeId'
  | 'candidateIds'
  | 'claimedAt'
  | 'unassignedReason'
  | 'dueAt'
  | 'remindAt'
  | 'createdAt'
  | 'completedAt'
  | 'instance'
>;

/** The columns of a summary in a plain statement over `taskSummaryFrom` (aliases as `InboxRow` names them). */
export const taskSummaryColumns = `t.id, t.instance_id AS "instanceId", t.name, t.status::text AS status,
  t.assignee_id AS "assigneeId", a.name AS "assigneeName", t.candidate_ids::text[] AS "candidateIds",
  t.claimed_at AS "claimedAt", t.unassigned_reason AS "unassignedReason", t.due_at AS "dueAt",
  t.remind_at AS "remindAt", t.created_at AS "createdAt", t.completed_at AS "completedAt",
  i.document_id AS "documentId", i.version_number AS "versionNumber", d.name AS "flowName",
  i.requester_id AS "requesterId", r.name AS "requesterName"`;

export const taskSummaryFrom = `tasks t
  JOIN flow_instances i ON i.id = t.instance_id
  JOIN documents d ON d.id = i.document_id
  JOIN users r ON r.id = i.requester_id
  LEFT JOIN users a ON a.id = t.assignee_id`;

/** A row of the inbox's statement: the counts, and a task's summary columns (null when the page is empty). */
export interface InboxRow {
  mine: number;
  queue: number;
  overdue: number;
  id: string | null;
  instanceId: string;
  name: string;
  status: TaskRow['status'];
  assigneeId: string | null;
  assigneeName: string | null;
  candidateIds: string[];
  claimedAt: Date | null;
  unassignedReason: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  documentId: string;
  versionNumber: number;
  flowName: string;
  requesterId: string;
  requesterName: string;
}

export function toSummaryRow(row: InboxRow): SummaryRow & { id: string } {
  return {
    id: row.id ?? '',
    instanceId: row.instanceId,
    name: row.name,
    status: row.status,
    assignee:
      row.assigneeId && row.assigneeName !== null ? { id: row.assigneeId, name: row.assigneeName } : null,
    assigneeId: row.assigneeId,
    candidateIds: row.candidateIds,
    claimedAt: row.claimedAt,
    unassignedReason: row.unassignedReason,
    dueAt: row.dueAt,
    remindAt: row.remindAt,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    instance: {
      documentId: row.documentId,
      versionNumber: row.versionNumber,
      document: { name: row.flowName },
      requester: { id: row.requesterId, name: row.requesterName },
    },
  };
}

export function toTaskSummary(row: SummaryRow, now: Date): TaskSummary {
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
