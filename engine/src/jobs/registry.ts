import { documentPublishedJob } from './document-published.job';
import { filesPurgeJob } from './files-purge.job';
import { flowSlaJob } from './flow-sla.job';
import type { JobRegistry } from './job';
import { sessionsPurgeJob } from './sessions-purge.job';
import { triggerScheduleJob } from './trigger-schedule.job';

// Every job the engine works, one file each (`<job>.job.ts`); a job name in shared without a definition here
// (or the reverse) does not compile.
export const jobRegistry = {
  'sessions.purge': sessionsPurgeJob,
  'flow.sla': flowSlaJob,
  'document.published': documentPublishedJob,
  'trigger.schedule': triggerScheduleJob,
  'files.purge': filesPurgeJob,
} satisfies JobRegistry;
