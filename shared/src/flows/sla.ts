import { durationToMinutes, type Sla } from '../documents/flow/flow-nodes.schema';

export interface SlaTimes {
  dueAt: Date;
  /** When to remind the assignee; null without a reminder. */
  remindAt: Date | null;
  escalation: Sla['escalation'] | null;
}

const minute = 60_000;

/**
 * [SLA1] Due and reminder times of a task created at `createdAt`. Durations are elapsed time (a day is 24 h),
 * counted from creation; the reminder is `reminderBefore` ahead of the due time.
 */
export function computeSla(sla: Sla, createdAt: Date): SlaTimes {
  const dueAt = new Date(createdAt.getTime() + durationToMinutes(sla.due) * minute);
  const remindAt = sla.reminderBefore
    ? new Date(dueAt.getTime() - durationToMinutes(sla.reminderBefore) * minute)
    : null;
  return { dueAt, remindAt, escalation: sla.escalation ?? null };
}

/** [SLA2] Where a task stands at `now`: before its reminder, due soon (reminded), or overdue. */
export function slaStatus(times: SlaTimes, now: Date): 'onTime' | 'dueSoon' | 'overdue' {
  if (now.getTime() >= times.dueAt.getTime()) return 'overdue';
  if (times.remindAt && now.getTime() >= times.remindAt.getTime()) return 'dueSoon';
  return 'onTime';
}
