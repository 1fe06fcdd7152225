import { type FlowRuntime, slaTimerJobs } from '@erp/prisma';
import type { AppDeps } from '../../deps';

/** How the api applies the flow steps its requests cause: now, with SLA timers sent in the same transaction. */
export function flowRuntimeOf(deps: AppDeps): FlowRuntime {
  return {
    now: () => new Date(),
    scheduleSla: async (sql, task) => {
      for (const job of slaTimerJobs(task)) {
        await deps.jobs.send(sql, 'flow.sla', job.payload, {
          startAfter: job.startAfter,
          retentionSeconds: job.retentionSeconds,
        });
      }
    },
  };
}
