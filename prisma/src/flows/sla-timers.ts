import type { JobPayload } from '@erp/shared';

export interface SlaTimerJob {
  payload: JobPayload<'flow.sla'>;
  startAfter: Date;
  retentionSeconds: number;
}

/**
 * The pg-boss jobs of a new task's SLA (sent in the transaction that creates the task: no task without its
 * timers, nor the reverse): one at the due time, one at the reminder when there is one — each runs at that
 * exact moment and is kept until well after it, however far ahead that is.
 */
export function slaTimerJobs(task: { id: string; dueAt: Date; remindAt: Date | null }): SlaTimerJob[] {
  const moments = [
    { moment: 'due' as const, at: task.dueAt },
    ...(task.remindAt ? [{ moment: 'reminder' as const, at: task.remindAt }] : []),
  ];
  return moments.map(({ moment, at }) => ({
    payload: { taskId: task.id, moment },
    startAfter: at,
    retentionSeconds: Math.max(0, Math.ceil((at.getTime() - Date.now()) / 1000)) + 7 * 86_400,
  }));
}
