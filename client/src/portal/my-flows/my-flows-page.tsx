import type { InstanceSummary } from '@erp/shared/api/flows';
import { GitBranch } from 'lucide-react';
import { Link } from 'react-router';
import { listMyInstances } from '../../api/flows';
import { usePagedList } from '../../api/use-api';
import { Badge, type BadgeTone } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { RelativeTime } from '../../ui/relative-time';
import { useTaskChanges } from '../live/use-task-changes';

export const statusText = {
  running: ['In progress', 'indigo'],
  completed: ['Done', 'green'],
  failed: ['Stopped', 'red'],
  cancelled: ['Cancelled', 'neutral'],
} satisfies Record<InstanceSummary['status'], [string, BadgeTone]>;

/** Where an instance is now, in words: its open steps and who has them. */
export function describeWhere(instance: InstanceSummary): string {
  if (instance.status !== 'running') return instance.failure ?? statusText[instance.status][0];
  if (instance.current.length === 0) return 'Moving on…';
  return instance.current
    .map((step) => {
      const who = step.assignee?.name ?? (step.queueSize > 0 ? `a queue of ${step.queueSize}` : 'nobody yet');
      return `${step.name}, with ${who}`;
    })
    .join('; ');
}

export function MyFlowsPage() {
  const list = usePagedList('my-flows', (cursor, signal) => listMyInstances({ cursor }, signal));
  useTaskChanges(list.reload);
  return (
    <>
      <PageHeader
        title="My flows"
        description="The flows you started or worked on, and where each one is now."
      />
      <PagedListCard
        list={list}
        noun="Flows"
        empty={
          <EmptyState icon={GitBranch} title="No flows yet">
            <p>
              Flows you start, and flows you work on, are listed here with where they are now.{' '}
              <Link to="/portal/start" className="text-indigo-700 hover:underline">
                Start a flow
              </Link>
            </p>
          </EmptyState>
        }
      >
        {(instances) => (
          <ul className="divide-y divide-neutral-100" aria-label="Flows">
            {instances.map((instance) => {
              const [label, tone] = statusText[instance.status];
              return (
                <li key={instance.id} className="px-4 py-4 sm:px-5">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      to={`/portal/flows/${instance.id}`}
                      className="font-medium text-neutral-900 hover:text-indigo-700 focus-visible:underline"
                    >
                      {instance.flow.name}
                    </Link>
                    <Badge tone={tone}>{label}</Badge>
                  </div>
                  <p className="mt-1 text-sm text-neutral-600">{describeWhere(instance)}</p>
                  <p className="mt-0.5 text-xs text-neutral-500">
                    Started by {instance.requester.name} <RelativeTime iso={instance.createdAt} /> · version{' '}
                    {instance.flow.version}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </PagedListCard>
    </>
  );
}
