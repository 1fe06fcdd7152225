import { AppError, type Flow, type TaskForm, upgradeTaskForm } from '@erp/shared';
import { type SqlRunner, sqlOf } from '../sql';

// The published documents a flow runs on: only live versions, never a draft or a candidate.

export type LiveFlow = Awaited<ReturnType<typeof findLiveFlow>>;

// Plain SQL: every start and every level reads these (the ORM's relation filter cost more CPU than the rest
// of a start's statements together).
export async function findLiveFlow(db: SqlRunner, documentId: string) {
  const [version] = await sqlOf(db).query<{ id: string; number: number; content: unknown }>(
    `SELECT v.id, v.number, v.content FROM document_versions v JOIN documents d ON d.id = v.document_id
     WHERE v.document_id = $1::uuid AND v.status = 'live' AND d.kind = 'flow' AND d.archived_at IS NULL
     LIMIT 1`,
    [documentId],
  );
  if (!version) throw new AppError('not_found', 'No live flow has this id.');
  return { ...version, flow: version.content as Flow };
}

/** The live version of a task form, or null when none is live. */
export async function findLiveTaskForm(db: SqlRunner, documentId: string) {
  const [version] = await sqlOf(db).query<{ number: number; content: unknown }>(
    `SELECT v.number, v.content FROM document_versions v JOIN documents d ON d.id = v.document_id
     WHERE v.document_id = $1::uuid AND v.status = 'live' AND d.kind = 'taskForm'
     LIMIT 1`,
    [documentId],
  );
  // Stored under the schema of its day: read in today's (field vocabulary of schema version 2).
  return version ? { number: version.number, form: upgradeTaskForm(version.content) as TaskForm } : null;
}

/** The form that starts a flow (its "form submission" trigger), if it has one. */
export function startFormIdOf(flow: Flow): string | null {
  const trigger = flow.triggers.find((candidate) => candidate.type === 'formSubmission');
  return trigger?.type === 'formSubmission' ? trigger.taskFormId : null;
}
