import { z } from 'zod';
import { conditionSchema } from '../conditions/condition.schema';
import {
  assignmentSchema,
  flowNodeTypes,
  joinSchema,
  type Sla,
  slaSchema,
} from '../documents/flow/flow-nodes.schema';
import type { FlowGraph, FlowGraphNode } from './flow-state';

// A draft may be half done; each part that does not parse is left out (or, for a node's props, left unset)
// instead of failing the whole read, so the builder's checks and the simulator work on every draft.
const draftNodeSchema = z.object({ id: z.string(), type: z.enum(flowNodeTypes) });
const draftEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  priority: z.number().catch(0),
  isDefault: z.boolean().catch(false),
});
const draftTriggerSchema = z.object({ type: z.string(), taskFormId: z.string().optional().catch(undefined) });
const taskFormIdSchema = z.uuid();
const allowSendBackSchema = z.boolean();

export interface DraftFlowGraph extends FlowGraph {
  /** The start triggers' request forms: their fields are known from the first level on. */
  requestFormIds: string[];
}

/** The semantics' view of a draft as `readFlow` returns it (unvalidated JSON). */
export function readDraftGraph(json: unknown): DraftFlowGraph {
  const raw = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);
  const nodes = list('nodes').flatMap((item): FlowGraphNode[] => {
    const base = draftNodeSchema.safeParse(item);
    if (!base.success) return [];
    const props = item as Record<string, unknown>;
    return [
      {
        ...base.data,
        ...optional('taskFormId', taskFormIdSchema, props.taskFormId),
        ...optional('assignment', assignmentSchema, props.assignment),
        ...optional<Sla>('sla', slaSchema, props.sla),
        ...optional('join', joinSchema, props.join),
        ...optional('allowSendBack', allowSendBackSchema, props.allowSendBack),
      },
    ];
  });
  const edges = list('edges').flatMap((item) => {
    const edge = draftEdgeSchema.safeParse(item);
    if (!edge.success) return [];
    return [
      {
        ...edge.data,
        ...optional('condition', conditionSchema, (item as Record<string, unknown>).condition),
      },
    ];
  });
  const requestFormIds = list('triggers').flatMap((item) => {
    const trigger = draftTriggerSchema.safeParse(item);
    return trigger.success && trigger.data.taskFormId ? [trigger.data.taskFormId] : [];
  });
  return { nodes, edges, requestFormIds };
}

// Absent is the common case (most levels have no SLA, most edges no condition), and every schema here refuses
// it: skipped, rather than parsed into a failure whose issues zod builds (most of the read of a 500-node draft).
function optional<T>(key: string, schema: z.ZodType<T>, value: unknown): Record<string, T> {
  if (value === undefined) return {};
  const parsed = schema.safeParse(value);
  return parsed.success ? { [key]: parsed.data } : {};
}
