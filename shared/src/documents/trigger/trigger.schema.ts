import { z } from 'zod';
import { conditionSchema } from '../../conditions/condition.schema';
import { checkUniqueIds } from '../checks';
import { descriptionSchema, labelSchema, snapshotHeader } from '../common.schema';
import { upgradeSnapshot } from '../versions';
import { triggerActionSchema } from './trigger-actions.schema';
import { triggerEventSchema } from './trigger-event.schema';

export const triggerSchemaVersion = 1;

export const triggerSchema = z
  .object({
    ...snapshotHeader('trigger', triggerSchemaVersion),
    name: labelSchema,
    description: descriptionSchema,
    enabled: z.boolean(),
    event: triggerEventSchema,
    // Evaluated against the event; the actions run only when it holds (always, without one).
    condition: conditionSchema.optional(),
    // Run in order; a disabled action is skipped.
    actions: z.array(triggerActionSchema).max(50),
  })
  .superRefine((trigger, ctx) => checkUniqueIds(ctx, 'actions', trigger.actions));
export type Trigger = z.infer<typeof triggerSchema>;

/** A disabled trigger on flow starts with no actions; it does nothing until someone sets it up. */
export function emptyTrigger(): Trigger {
  return {
    kind: 'trigger',
    schemaVersion: triggerSchemaVersion,
    name: '',
    description: '',
    enabled: false,
    event: { type: 'flow.started' },
    actions: [],
  };
}

/** Brings an older trigger snapshot to the current version (no older versions exist yet). */
export const upgradeTrigger = (raw: unknown): unknown => upgradeSnapshot(raw, triggerSchemaVersion, {});
