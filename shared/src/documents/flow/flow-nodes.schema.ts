import { z } from 'zod';
import { fieldPathSchema } from '../../conditions/condition.schema';
import { addIssue } from '../checks';
import { descriptionSchema, entityIdSchema, labelSchema, referenceIdSchema } from '../common.schema';

export const flowNodeTypes = ['start', 'task', 'decision', 'parallelSplit', 'join', 'end'] as const;
export type FlowNodeType = (typeof flowNodeTypes)[number];

// Who gets the task a level creates; resolved by the engine against the hierarchy when the task is created.
export const assignmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), userId: referenceIdSchema }),
  z.object({ type: z.literal('role'), orgRoleId: referenceIdSchema }),
  z.object({ type: z.literal('position'), positionId: referenceIdSchema }),
  // A user id held by a field of the instance data, e.g. a user picker on an earlier form.
  z.object({ type: z.literal('fieldValue'), fieldKey: fieldPathSchema }),
  // 1 (the default) is the requester's manager, 2 that manager's manager, and so on.
  z.object({ type: z.literal('managerOfRequester'), levelsUp: z.int().min(1).max(10).optional() }),
  z.object({ type: z.literal('managerOfPreviousAssignee') }),
]);
export type Assignment = z.infer<typeof assignmentSchema>;

// Weeks, days, hours and minutes only: months and years have no fixed length for a timer.
const durationPattern = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;
export const durationSchema = z
  .string()
  .max(40)
  .regex(durationPattern, 'Use an ISO-8601 duration such as P2D, PT4H or P1DT12H.');

/** Minutes in an ISO-8601 duration accepted by durationSchema (NaN for anything else). */
export function durationToMinutes(duration: string): number {
  const match = durationPattern.exec(duration);
  if (!match) return Number.NaN;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return ((weeks * 7 + days) * 24 + hours) * 60 + minutes;
}

export const slaEscalations = ['notifyAssignee', 'notifyManager', 'reassignToManager'] as const;

export const slaSchema = z
  .object({
    due: durationSchema,
    // A reminder to the assignee this long before the task is due.
    reminderBefore: durationSchema.optional(),
    // What happens when the task is overdue; reassignment goes one level up the hierarchy.
    escalation: z.enum(slaEscalations).optional(),
  })
  .superRefine((sla, ctx) => {
    if (sla.reminderBefore && durationToMinutes(sla.reminderBefore) >= durationToMinutes(sla.due)) {
      addIssue(ctx, ['reminderBefore'], 'Remind before the task is due.');
    }
  });
export type Sla = z.infer<typeof slaSchema>;

export const joinSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }),
  z.object({ mode: z.literal('any') }),
  z.object({ mode: z.literal('nOfM'), n: z.int().min(1).max(100) }),
]);
export type Join = z.infer<typeof joinSchema>;

const nodeShape = {
  id: entityIdSchema,
  name: labelSchema,
  description: descriptionSchema,
  position: z.object({ x: z.number().min(-1e6).max(1e6), y: z.number().min(-1e6).max(1e6) }),
};

// Who may start the flow (from the portal or the API): people holding one of these company roles or positions,
// or in one of these departments (or one below it), as of the moment they start it. Absent: everyone.
export const startersSchema = z.object({
  orgRoleIds: z.array(referenceIdSchema).max(100),
  positionIds: z.array(referenceIdSchema).max(100),
  departmentIds: z.array(referenceIdSchema).max(100),
});
export type Starters = z.infer<typeof startersSchema>;

export const flowNodeSchema = z.discriminatedUnion('type', [
  z.object({ ...nodeShape, type: z.literal('start'), startedBy: startersSchema.optional() }),
  // A level: creates a task with the published form for whoever the assignment names.
  z.object({
    ...nodeShape,
    type: z.literal('task'),
    taskFormId: referenceIdSchema,
    assignment: assignmentSchema,
    sla: slaSchema.optional(),
    // Whoever has the task may send it back to the level before it (with a reason) instead of completing it.
    allowSendBack: z.boolean().optional(),
  }),
  // Takes the first outgoing edge whose condition holds.
  z.object({ ...nodeShape, type: z.literal('decision') }),
  // Takes every outgoing edge whose condition holds (all of them when they have none).
  z.object({ ...nodeShape, type: z.literal('parallelSplit') }),
  // Waits for all, any one, or n of its incoming branches.
  z.object({ ...nodeShape, type: z.literal('join'), join: joinSchema }),
  z.object({ ...nodeShape, type: z.literal('end') }),
]);
export type FlowNode = z.infer<typeof flowNodeSchema>;
