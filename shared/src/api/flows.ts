import { z } from 'zod';
import {
  jsonInputSchema,
  listQuerySchema,
  listResponseSchema,
  searchQuerySchema,
  textSchema,
  userRefSchema,
} from './common';
import { storedFileSchema } from './files';

// Flow instances and their tasks: started from the portal or the API, worked in the portal, watched and
// repaired by admins.

/** Answers by field key, checked against the published form on the server (checkTaskFormData). */
export const formDataSchema = z.record(textSchema.max(100), jsonInputSchema);

export const startInstanceInputSchema = z.strictObject({ data: formDataSchema.default({}) });
export const completeTaskInputSchema = z.strictObject({ data: formDataSchema });
export const saveDraftInputSchema = z.strictObject({ data: formDataSchema });
export const commentInputSchema = z.strictObject({ body: textSchema.trim().min(1).max(5000) });
export const sendBackInputSchema = z.strictObject({ reason: textSchema.trim().min(1).max(2000) });
export const reassignTaskInputSchema = z.strictObject({ userId: z.uuid() });
export const retryStepParamsSchema = z.strictObject({ id: z.uuid(), stepId: textSchema.max(300) });

export const taskStatuses = ['open', 'completed', 'cancelled'] as const;
export const slaStatuses = ['onTime', 'dueSoon', 'overdue'] as const;

export const taskListQuerySchema = listQuerySchema.extend({
  q: searchQuerySchema,
  flow: z.uuid().optional(),
  status: z.enum(taskStatuses).default('open'),
  // mine: assigned or claimed by me; queue: my queues' unclaimed tasks; unassigned: nobody's (admins).
  scope: z.enum(['all', 'mine', 'queue', 'unassigned']).default('all'),
  overdue: z.enum(['true', 'false']).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const taskSummarySchema = z.object({
  id: z.uuid(),
  instanceId: z.uuid(),
  flow: z.object({ documentId: z.uuid(), name: z.string(), version: z.number().int() }),
  name: z.string(),
  status: z.enum(taskStatuses),
  assignee: userRefSchema.nullable(),
  // A shared queue's unclaimed task: the people who may claim it.
  queueSize: z.number().int(),
  // Taken from a shared queue by its assignee, who may give it back.
  isClaimed: z.boolean(),
  unassignedReason: z.string().nullable(),
  requester: userRefSchema,
  dueAt: z.iso.datetime().nullable(),
  sla: z.enum(slaStatuses).nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const taskListSchema = listResponseSchema(taskSummarySchema).extend({
  counts: z.object({ mine: z.number().int(), queue: z.number().int(), overdue: z.number().int() }),
});
export type TaskList = z.infer<typeof taskListSchema>;

export const commentSchema = z.object({
  id: z.uuid(),
  author: userRefSchema,
  body: z.string(),
  createdAt: z.iso.datetime(),
});

// One submission of an instance — the request or a completed level — with the published form it went through
// (null for a flow started without one), so answers read as the form's labels and options, not as keys and
// stored values.
export const submissionSchema = z.object({
  // The completed task's id, or `request`.
  id: z.string(),
  nodeId: z.string(),
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  form: z.record(z.string(), z.unknown()).nullable(),
});
export type Submission = z.infer<typeof submissionSchema>;

export const taskDetailSchema = taskSummarySchema.extend({
  // The published task form (its JSON), or null for a level without one.
  form: z.record(z.string(), z.unknown()).nullable(),
  draft: z.record(z.string(), z.unknown()).nullable(),
  // The instance's answers so far under this form's field keys: where the form starts without a draft.
  prefill: z.record(z.string(), z.unknown()),
  data: z.record(z.string(), z.unknown()).nullable(),
  // What the request and earlier levels submitted, read-only.
  earlier: z.array(submissionSchema),
  comments: z.array(commentSchema),
  // Why this task is here again, when a later level sent it back.
  sentBack: z.object({ by: userRefSchema.nullable(), reason: z.string(), at: z.iso.datetime() }).nullable(),
  canClaim: z.boolean(),
  canComplete: z.boolean(),
  // The holder may return it to the level before (the flow allows it there and there is one).
  canSendBack: z.boolean(),
  // The files attached to the instance (named by file fields of any level), for their names and download links.
  files: z.array(storedFileSchema),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const instanceStatuses = ['running', 'completed', 'failed', 'cancelled'] as const;

export const timelineEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: userRefSchema.nullable(),
  // One line in words ("Approved by Dana Kim"; "Took 'Large amounts' because amount > 1000").
  text: z.string(),
  status: z.enum(['pending', 'done', 'failed']),
  error: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const instanceSummarySchema = z.object({
  id: z.uuid(),
  flow: z.object({ documentId: z.uuid(), name: z.string(), version: z.number().int() }),
  status: z.enum(instanceStatuses),
  failure: z.string().nullable(),
  requester: userRefSchema,
  // Where it is now: the open levels and who has them.
  current: z.array(
    z.object({ name: z.string(), assignee: userRefSchema.nullable(), queueSize: z.number().int() }),
  ),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type InstanceSummary = z.infer<typeof instanceSummarySchema>;

export const instanceViewSchema = instanceSummarySchema.extend({
  // Every answer so far, later over earlier (what the flow's conditions read).
  data: z.record(z.string(), z.unknown()),
  // The same answers as they were given: the request, then each completed level, oldest first.
  submissions: z.array(submissionSchema),
  tasks: z.array(taskSummarySchema),
  timeline: z.array(timelineEntrySchema),
  files: z.array(storedFileSchema),
});
export type InstanceView = z.infer<typeof instanceViewSchema>;

export const instanceListQuerySchema = listQuerySchema.extend({
  status: z.enum(instanceStatuses).optional(),
});
export const instanceListSchema = listResponseSchema(instanceSummarySchema);

export const startableFlowSchema = z.object({
  documentId: z.uuid(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  // The start form's JSON, or null when the flow starts without one.
  startForm: z.record(z.string(), z.unknown()).nullable(),
});
export const startableFlowListSchema = z.object({ items: z.array(startableFlowSchema) });
export type StartableFlow = z.infer<typeof startableFlowSchema>;

export const startedInstanceSchema = z.object({ id: z.uuid(), version: z.number().int() });
