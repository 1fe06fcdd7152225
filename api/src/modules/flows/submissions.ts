import { type Submission, type TaskForm, type TaskFormData, upgradeTaskForm } from '@erp/shared';

// An instance's submissions as they were given: the request through the start form's version its start step
// recorded, then each completed level through the form version it was given. Columns of a statement over
// `flow_instances i`: a task's page reads them in its one statement, an instance's view in one of their own.

/** A submission's data and the published form (its JSON) it went through, as the columns below return them. */
export interface SubmissionRow {
  data: TaskFormData | null;
  form: unknown;
}
export interface LevelRow extends SubmissionRow {
  id: string;
  nodeId: string;
  name: string;
}

// A published form version's content, by SQL expressions for its document and number.
const formSql = (documentId: string, number: string) =>
  `(SELECT v.content FROM document_versions v WHERE v.document_id = ${documentId} AND v.number = ${number})`;

/** The request (null for an instance without a start step). */
export const requestColumn = `(SELECT json_build_object('data', s.event -> 'data', 'form',
      ${formSql(`(s.event #>> '{form,documentId}')::uuid`, `(s.event #>> '{form,versionNumber}')::int`)})
    FROM flow_steps s WHERE s.id = i.id || ':start')`;

/** The completed levels, oldest first; `except` (a task id expression) leaves one out. */
export const levelsColumn = (
  except?: string,
) => `coalesce((SELECT json_agg(json_build_object('id', e.id, 'nodeId', e.node_id,
        'name', e.name, 'data', e.data, 'form', ${formSql('e.task_form_id', 'e.form_version_number')})
      ORDER BY e.completed_at, e.id)
    FROM tasks e WHERE e.instance_id = i.id AND e.status = 'completed'${except ? ` AND e.id <> ${except}` : ''}),
  '[]')`;

export function toSubmissions(request: SubmissionRow | null, levels: LevelRow[]): Submission[] {
  const given = Object.keys(request?.data ?? {}).length > 0;
  return [
    ...(request && given
      ? [submissionOf({ id: 'request', nodeId: 'start', name: 'The request' }, request)]
      : []),
    ...levels.map((level) => submissionOf(level, level)),
  ];
}

// A form published under an older schema version is shown in the current one.
function submissionOf(
  { id, nodeId, name }: Pick<LevelRow, 'id' | 'nodeId' | 'name'>,
  { data, form }: SubmissionRow,
): Submission {
  return { id, nodeId, name, data: data ?? {}, form: form ? (upgradeTaskForm(form) as TaskForm) : null };
}
