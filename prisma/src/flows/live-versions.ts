import { AppError, type Flow, type TaskForm, upgradeTaskForm } from '@erp/shared';
import type { Prisma } from '../generated/client';

// The published documents a flow runs on: only live versions, never a draft or a candidate.

type Db = Prisma.TransactionClient;

export type LiveFlow = Awaited<ReturnType<typeof findLiveFlow>>;

export async function findLiveFlow(db: Db, documentId: string) {
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
  // Stored under the schema of its day: read in today's (field vocabulary of schema version 2).
  return version ? { number: version.number, form: upgradeTaskForm(version.content) as TaskForm } : null;
}

/** The form that starts a flow (its "form submission" trigger), if it has one. */
export function startFormIdOf(flow: Flow): string | null {
  const trigger = flow.triggers.find((candidate) => candidate.type === 'formSubmission');
  return trigger?.type === 'formSubmission' ? trigger.taskFormId : null;
}
