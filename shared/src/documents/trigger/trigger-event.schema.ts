import { z } from 'zod';
import { addIssue } from '../checks';
import { entityIdSchema, referenceIdSchema, scheduleShape } from '../common.schema';
import { sheetShape } from './trigger-actions.schema';

export const triggerEventTypes = [
  'task.completed',
  'task.assigned',
  'task.overdue',
  'flow.started',
  'flow.level_entered',
  'flow.completed',
  'record.created',
  'record.updated',
  'record.deleted',
  'webhook.received',
  'schedule',
  'gmail.message_received',
  'sheets.row_added',
  'outlook.message_received',
] as const;
export type TriggerEventType = (typeof triggerEventTypes)[number];

// A level (node) id only means something inside one flow.
function checkNodeFilter(filter: { flowId?: string; nodeId?: string }, ctx: z.RefinementCtx): void {
  if (filter.nodeId && !filter.flowId) addIssue(ctx, ['nodeId'], 'Choose the flow of this level.');
}

// Which events fire the trigger; a filter left out matches every flow, level or form.
export const triggerEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.enum(['task.completed', 'task.assigned', 'task.overdue']),
      flowId: referenceIdSchema.optional(),
      nodeId: entityIdSchema.optional(),
      taskFormId: referenceIdSchema.optional(),
    })
    .superRefine(checkNodeFilter),
  z.object({ type: z.enum(['flow.started', 'flow.completed']), flowId: referenceIdSchema.optional() }),
  z
    .object({
      type: z.literal('flow.level_entered'),
      flowId: referenceIdSchema.optional(),
      nodeId: entityIdSchema.optional(),
    })
    .superRefine(checkNodeFilter),
  z.object({ type: z.enum(['record.created', 'record.deleted']), tableId: referenceIdSchema }),
  // With fieldIds, only updates that change one of these fields (ids of the table's fields).
  z.object({
    type: z.literal('record.updated'),
    tableId: referenceIdSchema,
    fieldIds: z.array(entityIdSchema).max(200).optional(),
  }),
  z.object({ type: z.literal('webhook.received'), hookId: referenceIdSchema }),
  z.object({ type: z.literal('schedule'), ...scheduleShape }),
  // Polled by the engine through a connected account, per trigger (engine/src/integrations/event-sources.ts).
  z.object({
    type: z.literal('gmail.message_received'),
    connectionId: referenceIdSchema,
    // Gmail's search syntax (from:, subject:, …); empty: every new message.
    query: z.string().max(500),
  }),
  z.object({ type: z.literal('sheets.row_added'), ...sheetShape }),
  z.object({
    type: z.literal('outlook.message_received'),
    connectionId: referenceIdSchema,
    // A well-known folder name (inbox, archive…) or a folder id.
    folder: z.string().regex(/^[\w=-]{1,300}$/, 'A folder name like inbox, or a folder id.'),
  }),
]);
export type TriggerEvent = z.infer<typeof triggerEventSchema>;
