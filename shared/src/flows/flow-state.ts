import { z } from 'zod';
import type { ConditionExplanation } from '../conditions/describe';
import type { FlowEdge } from '../documents/flow/flow.schema';
import type { Assignment, FlowNode, Join, Sla } from '../documents/flow/flow-nodes.schema';

/**
 * The flow as the semantics reads it. A published `Flow` is one; so is a draft read leniently (a level
 * without a form yet), which is what the simulator walks. Only what running needs is here: no positions, names.
 */
export interface FlowGraph {
  nodes: FlowGraphNode[];
  edges: Pick<FlowEdge, 'id' | 'source' | 'target' | 'condition' | 'priority' | 'isDefault'>[];
}
export interface FlowGraphNode {
  id: string;
  type: FlowNode['type'];
  taskFormId?: string;
  assignment?: Assignment;
  sla?: Sla;
  join?: Join;
  allowSendBack?: boolean;
}

const dataSchema = z.record(z.string(), z.unknown());

// [S3] Opened by each parallel split a token passes: which split (one id per pass, so loops never mix
// passes), which of its edges, and how many branches it started.
const branchFrameSchema = z.object({ splitId: z.string(), edgeId: z.string(), width: z.int().min(1) });
export type BranchFrame = z.infer<typeof branchFrameSchema>;

// [S11] A level passed on the way to a task, as it was entered: where a send back returns to.
const trailStopSchema = z.object({ nodeId: z.string(), previousAssigneeId: z.string().nullable() });
export type TrailStop = z.infer<typeof trailStopSchema>;

export const openTaskSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  branch: z.array(branchFrameSchema),
  // Who the task before this one was completed by (for "manager of the previous assignee"); null at the first.
  previousAssigneeId: z.string().nullable(),
  // [S11] The levels completed before this one in its branch, earliest first (absent in states written before
  // send back existed: nothing to return to).
  trail: z.array(trailStopSchema).optional(),
});
export type OpenTask = z.infer<typeof openTaskSchema>;

const joinWaitSchema = z.object({
  nodeId: z.string(),
  // The split pass the arrivals belong to; null when the join is reached without a split before it.
  splitId: z.string().nullable(),
  // One per branch: the split's edge for a branch of a split, otherwise the edge it came in by.
  arrivedEdgeIds: z.array(z.string()),
  // [S6] A fired join's pass stays recorded, so late arrivals of that pass are dropped, not counted again.
  fired: z.boolean(),
});

export const instanceStatuses = ['running', 'completed', 'failed', 'cancelled'] as const;
export const failureReasons = ['noEdge', 'deadEnd', 'stuck', 'loop', 'unknownNode'] as const;
export type FailureReason = (typeof failureReasons)[number];

/** An instance's state between events: plain JSON, so the engine stores it as is. */
export const instanceStateSchema = z.object({
  status: z.enum(instanceStatuses),
  requesterId: z.string(),
  // [S2] Every submission merged, later over earlier: what conditions read.
  data: dataSchema,
  // Each level's last submission, by node id.
  levels: z.record(z.string(), dataSchema),
  openTasks: z.array(openTaskSchema),
  joins: z.array(joinWaitSchema),
  // Numbers task and split ids, so the same state and event always give the same ids.
  sequence: z.int().min(0),
  endNodeId: z.string().nullable(),
  failure: z.object({ nodeId: z.string(), reason: z.enum(failureReasons) }).nullable(),
});
export type InstanceState = z.infer<typeof instanceStateSchema>;

export const flowEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    requesterId: z.string(),
    data: dataSchema,
    // The start form's version the data was checked against: later levels read the request through it.
    form: z.object({ documentId: z.string(), versionNumber: z.int() }).optional(),
  }),
  z.object({
    type: z.literal('taskCompleted'),
    taskId: z.string(),
    completedBy: z.string(),
    data: dataSchema,
  }),
  z.object({
    type: z.literal('taskSentBack'),
    taskId: z.string(),
    sentBy: z.string(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('cancel') }),
]);
export type FlowEvent = z.infer<typeof flowEventSchema>;

/** A task the caller must create; its assignment rule is resolved with `resolveAssignment`. */
export interface TaskToCreate extends OpenTask {
  taskFormId: string | null;
  assignment: Assignment | null;
  sla: Sla | null;
}

/** Why an edge was (not) taken: each edge tried, in order, with its condition's parts and values. */
export interface EdgeTrial {
  edgeId: string;
  outcome: 'taken' | 'notTaken' | 'skipped';
  because: 'condition' | 'noCondition' | 'default';
  explanation?: ConditionExplanation;
}

/** What happened, in order: the instance's timeline for this event. */
export type FlowStep =
  | { type: 'entered'; nodeId: string; viaEdgeId: string | null }
  | { type: 'chose'; nodeId: string; trials: EdgeTrial[] }
  | { type: 'taskCreated'; nodeId: string; taskId: string }
  | { type: 'taskCompleted'; nodeId: string; taskId: string; completedBy: string }
  | { type: 'sentBack'; nodeId: string; taskId: string; toNodeId: string; sentBy: string; reason: string }
  | { type: 'joinWaiting'; nodeId: string; arrived: number; needed: number }
  | { type: 'joinFired'; nodeId: string; arrived: number; needed: number }
  | { type: 'tasksCancelled'; nodeId: string | null; taskIds: string[] }
  | { type: 'completed'; nodeId: string }
  | { type: 'failed'; nodeId: string; reason: FailureReason }
  | { type: 'cancelled' };

export interface Transition {
  state: InstanceState;
  tasks: TaskToCreate[];
  cancelledTaskIds: string[];
  steps: FlowStep[];
}
