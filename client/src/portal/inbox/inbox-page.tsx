import type { TaskSummary } from '@erp/shared/api/flows';
import { Inbox, Play } from 'lucide-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { actOnTask, listTasks } from '../../api/flows';
import { usePagedList } from '../../api/use-api';
import { useUser } from '../../app/session';
import { useSearchParam } from '../../app/use-search-param';
import { ErrorAlert, Notice } from '../../ui/alert';
import { buttonClasses } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { SearchInput, SegmentedControl } from '../../ui/search-input';
import { useTaskChanges } from '../live/use-task-changes';
import { TaskRow } from './task-row';

type Scope = 'all' | 'mine' | 'queue' | 'unassigned';

export function InboxPage() {
  const user = useUser();
  const [scopeParam, setScope] = useSearchParam('scope');
  const scope = (scopeParam || 'all') as Scope;
  const [q, setQ] = useSearchParam('q');
  const [overdue, setOverdue] = useSearchParam('overdue');
  const [actionError, setActionError] = useState<unknown>(null);
  // What the page before did ("… is done."), handed over when it brought the person back here.
  const handedOver = (useLocation().state as { notice?: string } | null)?.notice ?? null;
  const [notice, setNotice] = useState(handedOver);
  const [counts, setCounts] = useState<{ mine: number; queue: number; overdue: number } | null>(null);
  const key = JSON.stringify({ scope, q, overdue });
  const list = usePagedList(key, async (cursor, signal) => {
    const page = await listTasks({ scope, q, overdue: overdue || undefined, cursor, limit: 25 }, signal);
    setCounts(page.counts);
    return page;
  });
  // A task assigned to me, or to a queue of mine, appears without a reload.
  useTaskChanges(list.reload);

  const act = async (task: TaskSummary, action: 'claim' | 'unclaim') => {
    setActionError(null);
    try {
      await actOnTask(task.id, action);
    } catch (error) {
      setActionError(error);
    }
    list.reload();
  };

  const scopes: { value: Scope; label: string }[] = [
    { value: 'all', label: 'All' },
    { value: 'mine', label: counts ? `Mine (${counts.mine})` : 'Mine' },
    { value: 'queue', label: counts ? `Queues (${counts.queue})` : 'Queues' },
    ...(user.roles.includes('admin') ? [{ value: 'unassigned' as const, label: 'Unassigned' }] : []),
  ];

  return (
    <>
      <PageHeader
        title="Inbox"
        description="The tasks waiting for you and for the queues you are in, the most urgent first."
        actions={
          <Link to="/portal/start" className={buttonClasses('primary')}>
            <Play className="size-4" aria-hidden="true" />
            Start a flow
          </Link>
        }
      />
      {notice && (
        <div className="mb-4">
          <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>
        </div>
      )}
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
        <SegmentedControl
          label="Show"
          options={scopes}
          value={scope}
          onChange={(value) => setScope(value === 'all' ? '' : value)}
        />
        <SearchInput
          label="Search tasks"
          value={q}
          onSearch={setQ}
          placeholder="Search by flow, task or person"
        />
        <Checkbox
          label={counts ? `Overdue only (${counts.overdue})` : 'Overdue only'}
          checked={overdue === 'true'}
          onChange={(event) => setOverdue(event.target.checked ? 'true' : '')}
        />
      </div>
      {actionError !== null && (
        <ErrorAlert error={actionError} title="That did not work" className="mb-4" onRetry={list.reload} />
      )}
      <PagedListCard
        list={list}
        noun="Tasks"
        empty={
          <EmptyState icon={Inbox} title={q || overdue ? 'No task matches' : 'Nothing waiting for you'}>
            <p>
              {q || overdue
                ? 'Try another search, or clear the filters.'
                : 'When a flow reaches a step that is yours or your team’s, the task appears here at once.'}
            </p>
          </EmptyState>
        }
      >
        {(tasks) => (
          <ul className="divide-y divide-neutral-100" aria-label="Tasks">
            {tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                userId={user.id}
                onAct={(action) => void act(task, action)}
              />
            ))}
          </ul>
        )}
      </PagedListCard>
    </>
  );
}
