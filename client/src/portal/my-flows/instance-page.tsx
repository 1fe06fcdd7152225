import { ArrowLeft } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { getInstance } from '../../api/flows';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Card } from '../../ui/card';
import { PageHeader } from '../../ui/page-header';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { useTaskChanges } from '../live/use-task-changes';
import { SubmissionList } from '../tasks/answer-list';
import { describeWhere, statusText } from './my-flows-page';

/** One instance: where it is now, its timeline in words, the version it runs. */
export function InstancePage() {
  const { id = '' } = useParams();
  const instance = useApi(`instance:${id}`, (signal) => getInstance(id, signal));
  useTaskChanges(instance.reload);
  const back = (
    <Link to="/portal/flows" className="inline-flex items-center gap-1 hover:text-neutral-800">
      <ArrowLeft className="size-4" aria-hidden="true" /> My flows
    </Link>
  );
  if (instance.error !== undefined) {
    return (
      <>
        <PageHeader title="Flow" eyebrow={back} />
        <ErrorAlert error={instance.error} title="This flow could not be opened" onRetry={instance.reload} />
      </>
    );
  }
  const view = instance.data;
  if (!view) return <LoadingState label="Loading the flow…" />;
  const [label, tone] = statusText[view.status];
  return (
    <>
      <PageHeader
        eyebrow={back}
        title={view.flow.name}
        description={`Version ${view.flow.version} · started by ${view.requester.name}`}
        actions={<Badge tone={tone}>{label}</Badge>}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card className="p-4 sm:p-6">
          <h2 className="text-base font-semibold text-neutral-900">Timeline</h2>
          <p className="mt-1 text-sm text-neutral-600">Now: {describeWhere(view)}</p>
          <ol className="mt-4 space-y-3 border-l border-neutral-200 pl-4">
            {view.timeline.map((entry) => (
              <li key={entry.id} className="text-sm">
                <p className={entry.status === 'failed' ? 'text-red-700' : 'text-neutral-800'}>
                  {entry.text}
                  {entry.status === 'pending' && ' (in progress)'}
                </p>
                {entry.error && <p className="text-red-700">{entry.error}</p>}
                <p className="text-xs text-neutral-500">
                  <RelativeTime iso={entry.at} />
                </p>
              </li>
            ))}
          </ol>
        </Card>
        <aside className="space-y-6">
          <Card className="p-4 sm:p-5">
            <h2 className="text-sm font-semibold text-neutral-900">Steps</h2>
            {view.tasks.length === 0 && (
              <p className="mt-2 text-sm text-neutral-500">
                {view.status === 'running'
                  ? 'None of its open steps is yours; the timeline shows who has it.'
                  : 'None of its steps was yours; the timeline shows who did them.'}
              </p>
            )}
            <ul className="mt-2 space-y-2 text-sm">
              {view.tasks.map((task) => (
                <li key={task.id}>
                  <Link to={`/portal/tasks/${task.id}`} className="text-indigo-700 hover:underline">
                    {task.name}
                  </Link>{' '}
                  <span className="text-neutral-500">
                    · {task.status === 'open' ? `with ${task.assignee?.name ?? 'a queue'}` : task.status}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
          <Card className="p-4 sm:p-5">
            <h2 className="text-sm font-semibold text-neutral-900">Answers so far</h2>
            {view.submissions.length === 0 ? (
              <p className="mt-2 text-sm text-neutral-500">Nothing has been submitted yet.</p>
            ) : (
              <SubmissionList submissions={view.submissions} files={view.files} />
            )}
          </Card>
        </aside>
      </div>
    </>
  );
}
