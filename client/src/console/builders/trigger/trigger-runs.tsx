import type { TriggerRun } from '@erp/shared/api/triggers';
import { History, RefreshCw } from 'lucide-react';
import { listTriggerRuns } from '../../../api/triggers';
import { usePagedList } from '../../../api/use-api';
import { Badge, type BadgeTone } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { EmptyState } from '../../../ui/empty-state';
import { formatDateTime } from '../../../ui/format';
import { PagedListCard } from '../../../ui/paged-list-card';
import { actionTypeLabels } from './action-form';

const outcomes: Record<TriggerRun['outcome'], { label: string; tone: BadgeTone }> = {
  running: { label: 'Running', tone: 'indigo' },
  completed: { label: 'Completed', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  skipped: { label: 'Condition not met', tone: 'neutral' },
  depthLimited: { label: 'Stopped: chain too deep', tone: 'amber' },
};

const statuses: Record<TriggerRun['actions'][number]['status'], string> = {
  waiting: 'waiting',
  pending: 'queued',
  done: 'done',
  skipped: 'skipped',
  dead: 'failed, in dead letters',
};

/** What the published trigger did: each run, its outcome, each action's attempts and result. */
export function TriggerRuns({ documentId }: { documentId: string }) {
  const list = usePagedList(`runs|${documentId}`, (cursor, signal) =>
    listTriggerRuns(documentId, cursor, signal),
  );
  return (
    <section className="space-y-3" aria-labelledby="trigger-runs-title">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="trigger-runs-title" className="text-base font-semibold text-neutral-900">
            Runs
          </h2>
          <p className="mt-1 text-sm text-neutral-500">
            What the live version did with each event, newest first.
          </p>
        </div>
        <Button size="sm" variant="ghost" icon={RefreshCw} onClick={list.reload}>
          Refresh
        </Button>
      </div>
      <PagedListCard
        list={list}
        noun="Runs"
        empty={
          <EmptyState icon={History} title="No runs yet">
            <p>Once this trigger is published, every event it listens to shows up here.</p>
          </EmptyState>
        }
      >
        {(runs) => (
          <ol className="divide-y divide-neutral-100 text-sm" aria-label="Runs">
            {runs.map((run) => (
              <li key={run.id} className="space-y-1 px-5 py-3">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={outcomes[run.outcome].tone}>{outcomes[run.outcome].label}</Badge>
                  <span className="text-neutral-600">{formatDateTime(run.createdAt)}</span>
                  <span className="text-neutral-500">v{run.versionNumber}</span>
                </p>
                {run.error && <p className="text-red-700">{run.error}</p>}
                <ul className="space-y-0.5">
                  {run.actions.map((action) => (
                    <li key={action.id} className="text-neutral-700">
                      {actionTypeLabels[action.type as keyof typeof actionTypeLabels] ?? action.type}:{' '}
                      {statuses[action.status]}
                      {action.attempts > 1 && ` after ${action.attempts} attempts`}
                      {action.error && <span className="text-red-700"> — {action.error}</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </PagedListCard>
    </section>
  );
}
