import { queryPrepared, SqlParams } from '@erp/prisma';
import {
  type FlowNode,
  type StoredFileView,
  type TaskDetail,
  type TaskForm,
  type TaskFormData,
  upgradeTaskForm,
  valueFieldKeys,
} from '@erp/shared';
import type { OpenTask } from '@erp/shared/flows';
import type { AppDeps } from '../../deps';
import type { SessionUser } from '../../http/session';
import { type LevelRow, levelsColumn, requestColumn, type SubmissionRow, toSubmissions } from './submissions';
import { taskNotFound, visibleTaskCondition } from './task-access';
import { type InboxRow, taskSummaryColumns, taskSummaryFrom, toSummaryRow, toTaskSummary } from './task-view';

// One task as its page shows it, in one prepared statement: the page is read on every open and after most changes
// of a task (claim, draft, comment, send back; a completion answers 204), and as separate ORM reads (the task, its
// relations, form, instance, request, earlier levels, comments, send back, files) it took a dozen round trips.

type UserRef = { id: string; name: string };

interface TaskDetailRow extends Omit<InboxRow, 'mine' | 'queue' | 'overdue'> {
  id: string;
  key: string;
  draft: TaskFormData | null;
  data: TaskFormData | null;
  form: unknown;
  instanceData: TaskFormData | null;
  openTask: OpenTask | null;
  openNode: FlowNode | null;
  request: SubmissionRow | null;
  earlier: LevelRow[];
  comments: { id: string; author: UserRef; body: string; createdAt: string }[];
  sentBack: { by: UserRef | null; reason: string; at: string } | null;
  files: (Omit<StoredFileView, 'attached'> & { attachedAt: string | null })[];
}

// Timestamps inside JSON come as PostgreSQL writes them (`+00:00`); the API's are ISO with `Z`.
const iso = (value: string) => new Date(value).toISOString();

function detailStatement(user: SessionUser, params: SqlParams, taskId: string): string {
  const task = params.add(taskId, 'uuid');
  const visible = visibleTaskCondition(user, params);
  return `SELECT ${taskSummaryColumns}, t.key, t.draft, t.data,
      (SELECT v.content FROM document_versions v
        WHERE v.document_id = t.task_form_id AND v.number = t.form_version_number) AS form,
      i.state -> 'data' AS "instanceData",
      o.task AS "openTask",
      (SELECT jsonb_path_query_first(v.content, '$.nodes[*] ? (@.id == $id)', jsonb_build_object('id', o.task -> 'nodeId'))
        FROM document_versions v WHERE v.id = i.version_id) AS "openNode",
      ${requestColumn} AS request,
      ${levelsColumn('t.id')} AS earlier,
      coalesce((SELECT json_agg(json_build_object('id', c.id, 'author', json_build_object('id', u.id, 'name', u.name),
                                                  'body', c.body, 'createdAt', c.created_at)
                                ORDER BY c.created_at, c.id)
                FROM task_comments c JOIN users u ON u.id = c.author_id WHERE c.task_id = t.id), '[]') AS comments,
      (SELECT json_build_object('by', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END,
                                'reason', coalesce(s.event ->> 'reason', ''), 'at', coalesce(s.applied_at, s.created_at))
        FROM flow_steps s LEFT JOIN users u ON u.id = s.actor_id
        WHERE s.instance_id = t.instance_id AND s.event ->> 'type' = 'taskSentBack'
          AND s.outcome -> 'assignments' @> jsonb_build_array(jsonb_build_object('taskId', t.id::text))
        ORDER BY s.seq DESC LIMIT 1) AS "sentBack",
      coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'contentType', f.content_type,
                                                  'size', f.size, 'sha256', f.sha256, 'createdAt', f.created_at,
                                                  'attachedAt', f.attached_at)
                                ORDER BY f.created_at, f.id)
                FROM files f WHERE f.instance_id = t.instance_id), '[]') AS files
    FROM ${taskSummaryFrom}
    LEFT JOIN LATERAL (SELECT jsonb_path_query_first(i.state, '$.openTasks[*] ? (@.id == $key)',
                                                     jsonb_build_object('key', t.key)) AS task) o ON TRUE
    WHERE t.id = ${task} AND ${visible}`;
}

/** One task with its form, my draft, earlier levels' answers and the comments; 404 outside what I may see. */
export async function getTask(deps: AppDeps, user: SessionUser, taskId: string): Promise<TaskDetail> {
  const params = new SqlParams();
  const [row] = await queryPrepared<TaskDetailRow>(
    deps.pool,
    detailStatement(user, params, taskId),
    params.values,
  );
  if (!row) throw taskNotFound();
  // A form published under an older schema version is shown in the current one.
  const form = row.form ? (upgradeTaskForm(row.form) as TaskForm) : null;
  const canComplete = row.status === 'open' && row.assigneeId === user.id;
  return {
    ...toTaskSummary(toSummaryRow({ ...row, mine: 0, queue: 0, overdue: 0 }), new Date()),
    form,
    draft: row.assigneeId === user.id ? row.draft : null,
    data: row.data,
    prefill: prefillOf(form, row.instanceData ?? {}),
    earlier: toSubmissions(row.request, row.earlier),
    comments: row.comments.map((comment) => ({ ...comment, createdAt: iso(comment.createdAt) })),
    sentBack: row.sentBack && { ...row.sentBack, at: iso(row.sentBack.at) },
    canClaim: row.status === 'open' && row.assigneeId === null && row.candidateIds.includes(user.id),
    canComplete,
    canSendBack: canComplete && canBeSentBack(row.openNode, row.openTask),
    files: row.files.map(({ attachedAt, ...file }) => ({
      ...file,
      createdAt: iso(file.createdAt),
      attached: attachedAt !== null,
    })),
  };
}

// [S11] The level allows it and the task has a level before it in its branch (the semantics decide the same).
function canBeSentBack(node: FlowNode | null, open: OpenTask | null): boolean {
  return node?.type === 'task' && node.allowSendBack === true && (open?.trail?.length ?? 0) > 0;
}

function prefillOf(form: TaskForm | null, data: TaskFormData): TaskFormData {
  const keys = new Set(valueFieldKeys(form?.fields ?? []));
  return Object.fromEntries(Object.entries(data).filter(([key]) => keys.has(key)));
}
