import { z } from 'zod';
import { documentKindSchema } from './ids';

// Every background job, declared once: name → payload schema. Workers and senders both parse with these.
export const jobs = {
  'sessions.purge': z.object({}),
  // A version went live (published without approval, approved, or part of a release).
  'document.published': z.object({
    documentId: z.uuid(),
    kind: documentKindSchema,
    versionId: z.uuid(),
    number: z.number().int().min(1),
  }),
  // A task's SLA timer, scheduled for the exact moment (reminder, or due → escalation).
  'flow.sla': z.object({ taskId: z.uuid(), moment: z.enum(['reminder', 'due']) }),
  // A schedule trigger's cron came due (pg-boss schedules it, keyed by the trigger document).
  'trigger.schedule': z.object({ documentId: z.uuid(), versionNumber: z.number().int().min(1) }),
  // Uploads never attached to a form or record (abandoned) are deleted after a day.
  'files.purge': z.object({}),
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]>;
export const jobNames = Object.keys(jobs) as JobName[];
