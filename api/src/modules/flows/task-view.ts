import type { Prisma } from '@erp/prisma';
import type { TaskSummary } from '@erp/shared';
import { slaStatus } from '@erp/shared/flows';

// The task as lists and pages show it, from one query shape (`taskInclude`).

export const taskInclude = {
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
