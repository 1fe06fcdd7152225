import type { TaskSummary } from '@erp/shared/api/flows';
import { Link } from 'react-router';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { RelativeTime } from '../../ui/relative-time';

/** Due soon / overdue, in words and colour (the words carry it for screen readers and colour-blind people). */
export function SlaBadge({ task }: { task: Pick<TaskSummary, 'sla' | 'dueAt'> }) {
  if (!task.sla || !task.dueAt) return null;
  if (task.sla === 'overdue') return <Badge tone="red">Overdue</Badge>;
  if (task.sla === 'dueSoon') return <Badge tone="amber">Due soon</Badge>;
  return null;
}

export function assigneeText(task: TaskSummary, userId: string): string {
  if (task.assignee) return task.assignee.id === userId ? 'You' : task.assignee.name;
  if (task.queueSize > 0) return `Queue of ${task.queueSize}`;
  return 'Nobody yet';
}

/** One task in the inbox: what, from whom, when due, and claim / unclaim for queue tasks. */
export function TaskRow({
  task,
  userId,
  onAct,
}: {
  task: TaskSummary;
  userId: string;
  onAct: (action: 'claim' | 'unclaim') => void;
}) {
  const canClaim = task.status === 'open' && !task.assignee && task.queueSize > 0;
  const isMine = task.assignee?.id === userId;
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:px-5">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link
            to={`/portal/tasks/${task.id}`}
            className="font-medium text-neutral-900 hover:text-indigo-700 focus-visible:underline"
          >
            {task.name}
          </Link>
          <SlaBadge task={task} />
          {task.status !== 'open' && <Badge>{task.status === 'completed' ? 'Done' : 'Cancelled'}</Badge>}
        </div>
        <p className="mt-1 text-sm text-neutral-600">
          {task.flow.name} · requested by {task.requester.name} · <RelativeTime iso={task.createdAt} />
        </p>
        <p className="mt-0.5 text-sm text-neutral-500">
          {task.unassignedReason ?? `With: ${assigneeText(task, userId)}`}
          {task.dueAt && (
            <>
              {' · due '}
              <RelativeTime iso={task.dueAt} />
            </>
          )}
        </p>
      </div>
      <div className="flex shrink-0 gap-2">
        {canClaim && (
          <Button size="sm" onClick={() => onAct('claim')} aria-label={`Claim ${task.name}`}>
            Claim
          </Button>
        )}
        {isMine && task.status === 'open' && task.isClaimed && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onAct('unclaim')}
            aria-label={`Give ${task.name} back`}
          >
            Give back
          </Button>
        )}
      </div>
    </li>
  );
}
