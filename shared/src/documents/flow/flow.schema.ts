import { z } from 'zod';
import { conditionSchema } from '../../conditions/condition.schema';
import { addIssue, checkUniqueIds, entitiesParsedOnce } from '../checks';
import {
  descriptionSchema,
  entityIdSchema,
  labelSchema,
  referenceIdSchema,
  scheduleShape,
  snapshotHeader,
} from '../common.schema';
import { upgradeSnapshot } from '../versions';
import { type FlowNode, flowNodeSchema } from './flow-nodes.schema';

export const flowSchemaVersion = 1;

// From a node with several outgoing edges, edges are tried by priority (lower first, then by id). The default
// edge is taken when no other edge's condition holds, so it has no condition of its own.
export const flowEdgeSchema = z.object({
  id: entityIdSchema,
  source: entityIdSchema,
  target: entityIdSchema,
  label: labelSchema,
  condition: conditionSchema.optional(),
  priority: z.int().min(0).max(10_000),
  isDefault: z.boolean(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const recordEvents = ['created', 'updated', 'deleted'] as const;

export const flowTriggerTypes = ['manual', 'formSubmission', 'recordEvent', 'schedule', 'webhook'] as const;

// What starts an instance of the flow.
export const flowTriggerSchema = z.discriminatedUnion('type', [
  z.object({ id: entityIdSchema, type: z.literal('manual') }),
  // Someone submits this form (the request form); its data becomes the instance data.
  z.object({ id: entityIdSchema, type: z.literal('formSubmission'), taskFormId: referenceIdSchema }),
  z.object({
    id: entityIdSchema,
    type: z.literal('recordEvent'),
    tableId: referenceIdSchema,
    events: z.array(z.enum(recordEvents)).min(1).max(recordEvents.length),
  }),
  z.object({ id: entityIdSchema, type: z.literal('schedule'), ...scheduleShape }),
  z.object({ id: entityIdSchema, type: z.literal('webhook'), hookId: referenceIdSchema }),
]);
export type FlowTrigger = z.infer<typeof flowTriggerSchema>;

export const flowSchema = z
  .object({
    ...snapshotHeader('flow', flowSchemaVersion),
    description: descriptionSchema,
    nodes: entitiesParsedOnce(flowNodeSchema, 500),
    edges: entitiesParsedOnce(flowEdgeSchema, 2000),
    triggers: z.array(flowTriggerSchema).max(50),
  })
  .superRefine((flow, ctx) => {
    checkUniqueIds(ctx, 'nodes', flow.nodes);
    checkUniqueIds(ctx, 'edges', flow.edges);
    checkUniqueIds(ctx, 'triggers', flow.triggers);
    checkNodes(flow.nodes, ctx);
    checkEdges(flow.nodes, flow.edges, ctx);
    checkJoins(flow.nodes, flow.edges, ctx);
  });
export type Flow = z.infer<typeof flowSchema>;

function checkNodes(nodes: FlowNode[], ctx: z.RefinementCtx): void {
  if (nodes.filter((node) => node.type === 'start').length !== 1) {
    addIssue(ctx, ['nodes'], 'A flow has exactly one start node.');
  }
  if (!nodes.some((node) => node.type === 'end')) addIssue(ctx, ['nodes'], 'A flow needs an end node.');
}

function checkEdges(nodes: FlowNode[], edges: FlowEdge[], ctx: z.RefinementCtx): void {
  const types = new Map(nodes.map((node) => [node.id, node.type]));
  const defaults = new Set<string>();
  // One path helper for all edges: a closure made per edge cost a defineProperty each (tsx keeps function
  // names), a visible part of every publish of a 600-edge flow.
  const at = (index: number, prop: string) => ['edges', index, prop];
  edges.forEach((edge, index) => {
    if (!types.has(edge.source)) addIssue(ctx, at(index, 'source'), 'No node has this id.');
    if (!types.has(edge.target)) addIssue(ctx, at(index, 'target'), 'No node has this id.');
    if (edge.source === edge.target)
      addIssue(ctx, at(index, 'target'), 'An edge cannot lead back to its own node.');
    if (types.get(edge.source) === 'end') addIssue(ctx, at(index, 'source'), 'Nothing leaves an end node.');
    if (types.get(edge.target) === 'start')
      addIssue(ctx, at(index, 'target'), 'Nothing leads into the start node.');
    if (!edge.isDefault) return;
    if (edge.condition) addIssue(ctx, at(index, 'condition'), 'The default edge has no condition.');
    if (defaults.has(edge.source))
      addIssue(ctx, at(index, 'isDefault'), 'A node has one default edge at most.');
    defaults.add(edge.source);
  });
}

function checkJoins(nodes: FlowNode[], edges: FlowEdge[], ctx: z.RefinementCtx): void {
  nodes.forEach((node, index) => {
    if (node.type !== 'join' || node.join.mode !== 'nOfM') return;
    const incoming = edges.filter((edge) => edge.target === node.id).length;
    if (node.join.n > incoming) {
      addIssue(ctx, ['nodes', index, 'join', 'n'], `Only ${incoming} edges lead into this join.`);
    }
  });
}

/** A start and an end node, joined: the smallest flow that runs (entities sorted by id, as read returns them). */
export function emptyFlow(): Flow {
  const node = { name: '', description: '' };
  return {
    kind: 'flow',
    schemaVersion: flowSchemaVersion,
    description: '',
    nodes: [
      { ...node, id: 'end', type: 'end', name: 'End', position: { x: 0, y: 240 } },
      { ...node, id: 'start', type: 'start', name: 'Start', position: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'start-end', source: 'start', target: 'end', label: '', priority: 0, isDefault: false }],
    triggers: [{ id: 'manual', type: 'manual' }],
  };
}

/** Brings an older flow snapshot to the current version (no older versions exist yet). */
export const upgradeFlow = (raw: unknown): unknown => upgradeSnapshot(raw, flowSchemaVersion, {});
