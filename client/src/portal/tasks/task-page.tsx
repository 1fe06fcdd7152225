import type { TaskForm } from '@erp/shared';
import type { TaskDetail } from '@erp/shared/api/flows';
import { checkTaskFormData, initialFormData, type TaskFormData } from '@erp/shared/forms';
import { ArrowLeft } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { actOnTask, commentOnTask, completeTask, getTask, saveTaskDraft } from '../../api/flows';
import { useAction, useApi } from '../../api/use-api';
import { useUser } from '../../app/session';
import { fileFieldRenderer, useUploadCount } from '../../forms/file-field';
import { PublishedForm, problemsAfterEdit } from '../../forms/published-form';
import { RichTextView } from '../../forms/rich-text-view';
import { ErrorAlert, Notice } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { Field, textareaClasses } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { SlaBadge } from '../inbox/task-row';
import { SubmissionList } from './answer-list';
import { SendBackDialog } from './send-back-dialog';

export function TaskPage() {
  const { id = '' } = useParams();
  const task = useApi(`task:${id}`, (signal) => getTask(id, signal));
  if (task.error !== undefined) {
    return (
      <>
        <PageHeader title="Task" eyebrow={<BackToInbox />} />
        <ErrorAlert error={task.error} title="This task could not be opened" onRetry={task.reload} />
      </>
    );
  }
  if (!task.data) return <LoadingState label="Loading the task…" />;
  return <TaskView key={task.data.id} task={task.data} onChanged={task.reload} />;
}

function BackToInbox() {
  return (
    <Link to="/portal/inbox" className="inline-flex items-center gap-1 hover:text-neutral-800">
      <ArrowLeft className="size-4" aria-hidden="true" /> Inbox
    </Link>
  );
}

function TaskView({ task, onChanged }: { task: TaskDetail; onChanged: () => void }) {
  const navigate = useNavigate();
  const form = task.form as TaskForm | null;
  const user = useUser();
  // A task not started yet begins with its form's defaults, then what the flow already knows.
  const [values, setValues] = useState<TaskFormData>(
    () =>
      task.draft ??
      task.data ?? {
        ...(form ? initialFormData(form, { userId: user.id, now: new Date() }) : {}),
        ...task.prefill,
      },
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [isSendingBack, setSendingBack] = useState(false);

  const claim = useAction(async (action: 'claim' | 'unclaim') => {
    await actOnTask(task.id, action);
    onChanged();
  });
  const uploads = useUploadCount();
  const submit = useAction(async () => {
    uploads.checkDone();
    const checked = form ? checkTaskFormData(form, values) : { ok: true as const, data: values };
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    try {
      await completeTask(task.id, checked.data);
    } catch (error) {
      const fields = error instanceof ApiError ? readFieldProblems(error.details) : null;
      if (fields) setProblems(fields);
      throw error;
    }
    navigate('/portal/inbox', { state: { notice: `“${task.name}” is done.` } });
  });
  const draft = useAction(async () => {
    uploads.checkDone();
    await saveTaskDraft(task.id, values);
    setSaved(true);
  });

  return (
    <>
      <PageHeader
        eyebrow={<BackToInbox />}
        title={task.name}
        description={
          <>
            {task.flow.name} (version {task.flow.version}) · requested by {task.requester.name} ·{' '}
            <RelativeTime iso={task.createdAt} />
            {task.dueAt && (
              <>
                {' · due '}
                <RelativeTime iso={task.dueAt} />
              </>
            )}
          </>
        }
        actions={<SlaBadge task={task} />}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          {task.status !== 'open' && <Notice>This task is {task.status}.</Notice>}
          {task.sentBack && task.status === 'open' && (
            <div
              role="note"
              className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
            >
              <p className="font-medium">
                Sent back to you by {task.sentBack.by?.name ?? 'a former colleague'},{' '}
                <RelativeTime iso={task.sentBack.at} />
              </p>
              <p className="mt-1 whitespace-pre-wrap">{task.sentBack.reason}</p>
            </div>
          )}
          {task.canClaim && (
            <Card className="flex flex-wrap items-center justify-between gap-3 p-4 sm:p-5">
              <p className="text-sm text-neutral-700">
                This task is waiting in a shared queue. Claim it to work on it.
              </p>
              <Button variant="primary" isPending={claim.isPending} onClick={() => void claim.run('claim')}>
                Claim
              </Button>
            </Card>
          )}
          {claim.error !== null && <ErrorAlert error={claim.error} title="That did not work" />}
          <Card className="p-4 sm:p-6">
            {form ? (
              <>
                <RichTextView text={form.description} className="mb-5" />
                <PublishedForm
                  form={form}
                  values={values}
                  problems={problems}
                  readOnly={!task.canComplete}
                  onChange={(next) => {
                    setProblems((current) => problemsAfterEdit(current, values, next));
                    setValues(next);
                    setSaved(false);
                  }}
                  renderFile={fileFieldRenderer({
                    values,
                    setValues: (update) => {
                      setValues(update);
                      setSaved(false);
                    },
                    problems,
                    files: task.files,
                    uploads,
                    readOnly: !task.canComplete,
                  })}
                />
              </>
            ) : (
              <p className="text-sm text-neutral-600">This step has no form: complete it when it is done.</p>
            )}
            {task.canComplete && (
              <div className="mt-6 flex flex-wrap items-center gap-3 border-t border-neutral-200 pt-5">
                <Button variant="primary" isPending={submit.isPending} onClick={() => void submit.run()}>
                  Submit
                </Button>
                <Button isPending={draft.isPending} onClick={() => void draft.run()}>
                  Save draft
                </Button>
                {task.canSendBack && (
                  <Button variant="ghost" onClick={() => setSendingBack(true)}>
                    Send back
                  </Button>
                )}
                {task.isClaimed && (
                  <Button variant="ghost" onClick={() => void claim.run('unclaim')}>
                    Give back to the queue
                  </Button>
                )}
                <span role="status" className="text-sm text-neutral-500">
                  {saved ? 'Draft saved.' : ''}
                </span>
              </div>
            )}
            {Object.keys(problems).length > 0 && (
              <p role="alert" className="mt-3 text-sm text-red-700">
                Some answers need another look (marked above).
              </p>
            )}
            {submit.error !== null && !(submit.error instanceof ApiError && submit.error.status === 422) && (
              <ErrorAlert error={submit.error} title="The task could not be submitted" className="mt-4" />
            )}
            {draft.error !== null && (
              <ErrorAlert error={draft.error} title="The draft was not saved" className="mt-4" />
            )}
          </Card>
        </div>
        {isSendingBack && (
          <SendBackDialog
            task={task}
            onClose={() => setSendingBack(false)}
            onDone={() =>
              navigate('/portal/inbox', { state: { notice: `“${task.name}” went back to the step before.` } })
            }
          />
        )}
        <aside className="space-y-6">
          {task.earlier.length > 0 && (
            <Card className="p-4 sm:p-5">
              <h2 className="text-sm font-semibold text-neutral-900">Earlier steps</h2>
              <SubmissionList submissions={task.earlier} files={task.files} />
            </Card>
          )}
          <Comments task={task} onChanged={onChanged} />
          <p className="text-sm">
            <Link to={`/portal/flows/${task.instanceId}`} className="text-indigo-700 hover:underline">
              See the whole flow and its timeline
            </Link>
          </p>
        </aside>
      </div>
    </>
  );
}

function readFieldProblems(details: unknown): Record<string, string> | null {
  if (typeof details !== 'object' || details === null || !('fields' in details)) return null;
  return details.fields as Record<string, string>;
}

function Comments({ task, onChanged }: { task: TaskDetail; onChanged: () => void }) {
  const [body, setBody] = useState('');
  const send = useAction(async () => {
    await commentOnTask(task.id, body);
    setBody('');
    onChanged();
  });
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Comments</h2>
      {task.comments.length === 0 ? (
        <p className="mt-2 text-sm text-neutral-500">No comments yet.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {task.comments.map((comment) => (
            <li key={comment.id} className="text-sm">
              <p className="text-neutral-500">
                {comment.author.name} · <RelativeTime iso={comment.createdAt} />
              </p>
              <p className="whitespace-pre-wrap text-neutral-800">{comment.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-4 space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim()) void send.run();
        }}
      >
        <Field label="Add a comment">
          {(props) => (
            <textarea
              {...props}
              className={textareaClasses}
              rows={2}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" size="sm" isPending={send.isPending} disabled={!body.trim()}>
          Comment
        </Button>
        {send.error !== null && <ErrorAlert error={send.error} title="The comment was not added" />}
      </form>
    </Card>
  );
}
