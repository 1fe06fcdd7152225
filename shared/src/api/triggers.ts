import { z } from 'zod';
import { triggerEventTypes } from '../documents/trigger/trigger-event.schema';
import { jsonInputSchema, listQuerySchema, listResponseSchema, textSchema } from './common';

// Triggers at work: the tester (a dry run), run history, the outbox, dead letters, incoming hooks and the
// secrets they and outgoing webhooks sign with.

// A condition's explanation (`ConditionExplanation`: each comparison's result with the value it read), or null.
const explanationSchema = z.unknown();
const contextSchema = z.record(z.string(), z.unknown());

export const triggerTestInputSchema = z.strictObject({
  // The event as the trigger would see it (its fields: `triggerEventFields`); a sample or a recent event.
  event: jsonInputSchema.pipe(contextSchema),
  // A draft to test instead of the live version (the builder sends what is on screen); checked with the
  // trigger schema by the service (kept opaque here so the API document stays free of the recursive tree).
  trigger: jsonInputSchema.optional(),
});
export type TriggerTestInput = z.infer<typeof triggerTestInputSchema>;

const emailPreviewSchema = z.object({
  kind: z.literal('email'),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  missing: z.array(z.string()),
});
const webhookPreviewSchema = z.object({
  kind: z.literal('webhook'),
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  missing: z.array(z.string()),
});
const startFlowPreviewSchema = z.object({
  kind: z.literal('startFlow'),
  flowId: z.uuid(),
  data: z.record(z.string(), z.unknown()),
});

export const actionPreviewSchema = z.object({
  id: z.string(),
  type: z.string(),
  enabled: z.boolean(),
  preview: z
    .discriminatedUnion('kind', [emailPreviewSchema, webhookPreviewSchema, startFlowPreviewSchema])
    .nullable(),
  // Why it would fail (a CRLF in a header, no recipient, tables not available yet).
  error: z.string().nullable(),
});
export type ActionPreview = z.infer<typeof actionPreviewSchema>;

export const triggerTestResultSchema = z.object({
  // The event type and filters (flow, level, form, table, hook) match.
  matches: z.boolean(),
  // Each comparison's result with the value it read; null without a condition.
  condition: explanationSchema,
  wouldRun: z.boolean(),
  actions: z.array(actionPreviewSchema),
});
export type TriggerTestResult = z.infer<typeof triggerTestResultSchema>;

export const triggerActionStatuses = ['waiting', 'pending', 'done', 'skipped', 'dead'] as const;
export const triggerRunOutcomes = ['running', 'completed', 'failed', 'skipped', 'depthLimited'] as const;

export const triggerActionRunSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  actionId: z.string(),
  type: z.string(),
  status: z.enum(triggerActionStatuses),
  attempts: z.number().int(),
  idempotencyKey: z.string(),
  result: z.unknown(),
  error: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type TriggerActionRun = z.infer<typeof triggerActionRunSchema>;

export const triggerRunSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  versionNumber: z.number().int(),
  depth: z.number().int(),
  outcome: z.enum(triggerRunOutcomes),
  context: z.unknown(),
  evaluation: explanationSchema,
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  actions: z.array(triggerActionRunSchema),
});
export type TriggerRun = z.infer<typeof triggerRunSchema>;

export const triggerRunListSchema = listResponseSchema(triggerRunSchema).extend({
  summary: z.object({
    runs: z.number().int(),
    // Of the runs whose actions ran: the share that completed (null before any).
    successRate: z.number().nullable(),
    lastError: z.string().nullable(),
  }),
});
export type TriggerRunList = z.infer<typeof triggerRunListSchema>;
export const triggerRunListQuerySchema = listQuerySchema;

export const outboxMessageSchema = z.object({
  id: z.uuid(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  messageId: z.string(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  // Files sent with it (a report's CSV and chart), downloaded from /api/outbox/:id/attachments/:position.
  attachments: z.array(
    z.object({
      position: z.number().int(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
    }),
  ),
});
export const outboxAttachmentParamsSchema = z.strictObject({
  id: z.uuid(),
  position: z.coerce.number().int().min(0).max(100),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export const outboxListSchema = listResponseSchema(outboxMessageSchema);

export const deadLetterSchema = z.object({
  id: z.uuid(),
  runId: z.string(),
  eventType: z.string(),
  documentId: z.uuid(),
  triggerName: z.string(),
  type: z.string(),
  attempts: z.number().int(),
  idempotencyKey: z.string(),
  error: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
export const deadLetterListSchema = listResponseSchema(deadLetterSchema);

const nameSchema = textSchema.trim().min(1).max(200);

// A signing secret for outgoing webhooks: generated by the server (shown once) unless the receiver gave one.
export const secretInputSchema = z.strictObject({
  name: nameSchema,
  value: textSchema.min(1).max(10_000).optional(),
});
// Live triggers whose webhook actions sign with a secret: a secret in use cannot be deleted.
const secretUserSchema = z.object({ documentId: z.uuid(), name: z.string() });
export const secretSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  usedBy: z.array(secretUserSchema),
});
export const secretListSchema = z.object({ items: z.array(secretSchema) });
// The value is in this answer only when the server generated it.
export const createdSecretSchema = secretSchema.extend({ value: z.string().optional() });
export const secretParamsSchema = z.strictObject({ secretId: z.uuid() });

export const hookInputSchema = z.strictObject({ name: nameSchema });
export const hookSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  path: z.string(),
  createdAt: z.iso.datetime(),
});
// The signing secret is shown once, when the hook is created.
export const createdHookSchema = hookSchema.extend({ secret: z.string() });
export const hookListSchema = z.object({ items: z.array(hookSchema) });
export const hookReceivedSchema = z.object({ eventId: z.string() });
export const hookParamsSchema = z.strictObject({ hookId: z.uuid() });

// What checking a delivery found; only accepted ones become events.
export const hookDeliveryOutcomes = [
  'accepted',
  'replayed',
  'unsigned',
  'stale',
  'bad_signature',
  'bad_body',
] as const;
export type HookDeliveryOutcome = (typeof hookDeliveryOutcomes)[number];
export const hookDeliverySchema = z.object({
  id: z.uuid(),
  outcome: z.enum(hookDeliveryOutcomes),
  messageId: z.string().nullable(),
  eventId: z.string().nullable(),
  // Trigger runs the event started so far.
  runs: z.number().int(),
  size: z.number().int(),
  receivedAt: z.iso.datetime(),
});
export type HookDelivery = z.infer<typeof hookDeliverySchema>;
export const hookDeliveryListSchema = z.object({ items: z.array(hookDeliverySchema) });

// The last real events of a type, as the trigger would see them: samples for the tester.
export const recentEventsQuerySchema = z.strictObject({ type: z.enum(triggerEventTypes) });
export const recentEventListSchema = z.object({
  items: z.array(z.object({ id: z.string(), createdAt: z.iso.datetime(), context: contextSchema })),
});
export type RecentEvent = z.infer<typeof recentEventListSchema>['items'][number];
