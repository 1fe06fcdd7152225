import type * as Y from 'yjs';
import { defineCollection, defineRoot, withoutPlacement } from '../collection.yjs';
import {
  type DraftOf,
  type Entity,
  type NewEntity,
  type Origin,
  type PatchOf,
  patchEntity,
  readEntities,
  readEntity,
  readEntityAs,
  unchangedToken,
} from '../entities.yjs';
import { freezeDeep } from '../immutable';
import { runMigrations, seedDocument, toDraft } from '../meta.yjs';
import type { Draft } from '../schemas';
import { emptyFlow, type Flow, type FlowEdge, type FlowTrigger, flowSchemaVersion } from './flow.schema';
import type { FlowNode } from './flow-nodes.schema';

// Layout: meta; root text `description`; root maps `nodes`, `edges` and `triggers` keyed by id.
// A node: `type` (fixed at creation), texts `name` and `description`, plain `position`, `defaultEdgeId` and its
// type's props (`taskFormId`, `assignment`, `sla`, `allowSendBack`, `join`, `startedBy`), each replaced whole.
// An edge: `ends` = {source, target} as one value, so two people reconnecting its two ends concurrently cannot
// produce a loop neither of them drew; text `label`; plain `condition` and `priority`.
// The default edge is named by its source node (`defaultEdgeId`), so a node has one default by construction.

type TaskNode = Extract<FlowNode, { type: 'task' }>;
type JoinNode = Extract<FlowNode, { type: 'join' }>;
type StartNode = Extract<FlowNode, { type: 'start' }>;
// A node's type is fixed at creation; the props of the task and join types apply to nodes of that type.
export type FlowNodePatch = Partial<
  Pick<FlowNode, 'name' | 'description' | 'position'> &
    Pick<TaskNode, 'taskFormId' | 'assignment' | 'sla' | 'allowSendBack'> &
    Pick<JoinNode, 'join'> &
    Pick<StartNode, 'startedBy'>
>;
export type NewFlowNode = NewEntity & FlowNodePatch & { type: FlowNode['type'] };

export interface FlowEdgePatch {
  source?: string;
  target?: string;
  label?: string;
  condition?: FlowEdge['condition'];
  priority?: number;
}
export type NewFlowEdge = NewEntity & FlowEdgePatch & { source: string; target: string };

export type NewFlowTrigger = DraftOf<FlowTrigger>;
export type FlowTriggerPatch = PatchOf<FlowTrigger>;

const root = defineRoot<{ description?: string }>({ texts: ['description'] });

const nodes = defineCollection<NewFlowNode, FlowNodePatch>({
  name: 'nodes',
  texts: ['name', 'description'],
  ordered: false,
  fill: (entity, input) =>
    patchEntity(entity, { position: { x: 0, y: 0 }, ...withoutPlacement(input) }, ['name', 'description']),
  // Edges go with their node, in the same transaction, so one person's delete never leaves edges behind.
  cleanUp: (doc, id) => {
    for (const { id: edgeId, entity } of edges.list(doc)) {
      const ends = readEnds(entity);
      if (ends.source === id || ends.target === id) edges.collectionOf(doc).delete(edgeId);
    }
  },
});

const edges = defineCollection<NewFlowEdge, FlowEdgePatch>({
  name: 'edges',
  texts: ['label'],
  ordered: false,
  fill: (entity, input) => {
    const { source, target, ...props } = withoutPlacement(input);
    entity.set('ends', { source, target });
    patchEntity(entity, { priority: 0, ...props }, ['label']);
  },
});

const triggers = defineCollection<NewFlowTrigger, FlowTriggerPatch>({
  name: 'triggers',
  texts: [],
  ordered: false,
});

function readEnds(edge: Entity): { source?: unknown; target?: unknown } {
  const ends = edge.get('ends');
  return typeof ends === 'object' && ends !== null ? ends : {};
}

export const updateFlow = root.update;
export const getFlowText = root.getText;

/** Updates an edge; moving one end keeps the other as this replica sees it. */
function updateEdge(doc: Y.Doc, id: string, patch: FlowEdgePatch, origin?: Origin): void {
  doc.transact(() => {
    const edge = edges.collectionOf(doc).get(id);
    if (!edge) return;
    const { source, target, ...props } = patch;
    if (source !== undefined || target !== undefined) {
      const ends = readEnds(edge);
      edge.set('ends', { source: source ?? ends.source, target: target ?? ends.target });
    }
    patchEntity(edge, props, ['label']);
  }, origin);
}

/** Makes `edgeId` the default edge of node `nodeId`, or clears the default with `undefined`. */
function setDefaultEdge(doc: Y.Doc, nodeId: string, edgeId: string | undefined, origin?: Origin): void {
  doc.transact(() => {
    const node = nodes.collectionOf(doc).get(nodeId);
    if (node) patchEntity(node, { defaultEdgeId: edgeId }, []);
  }, origin);
}

/** Edits of a flow's nodes, edges and start triggers; each is one transaction with the given origin. */
export const flowNodes = { ...nodes, setDefaultEdge };
export const flowEdges = { ...edges, update: updateEdge };
export const flowTriggers = triggers;

export function initFlow(doc: Y.Doc, initial: Flow = emptyFlow(), origin?: Origin): void {
  seedDocument(doc, 'flow', flowSchemaVersion, origin, () => {
    root.update(doc, { description: initial.description });
    for (const node of initial.nodes) nodes.add(doc, node);
    for (const { isDefault, ...edge } of initial.edges) {
      edges.add(doc, edge);
      if (isDefault) setDefaultEdge(doc, edge.source, edge.id);
    }
    for (const trigger of initial.triggers) triggers.add(doc, trigger);
  });
}

/**
 * The draft as plain JSON in the published shape, not validated. Left out because they mean nothing: an edge
 * whose node is gone (a node's delete takes its edges along, so it was drawn concurrently with the delete), and
 * the stored condition of a default edge (it comes back if another edge becomes the default).
 */
export function readFlow(doc: Y.Doc): Draft<Flow> {
  const defaultEdgeOf = new Map<string, unknown>();
  const nodeList = nodes.list(doc).map(({ id, entity }) => {
    const read = readEntityAs(entity, 'node', () => {
      const { defaultEdgeId, ...node } = readEntity(entity);
      return { node: { id, ...node }, defaultEdgeId };
    });
    defaultEdgeOf.set(id, read.defaultEdgeId);
    return read.node;
  });
  const triggerList = readEntities(triggers.collectionOf(doc));
  return toDraft(doc, {
    ...root.read(doc),
    nodes: nodeList,
    edges: readEdges(doc, defaultEdgeOf),
    triggers: triggerList,
  });
}

// A kept draft's edge list (deep-frozen) with the default edge each node named when it was read, by the edges'
// `unchangedToken`: most publishes follow edits of nodes, and then the edges are not walked again (nor written
// out again by the content hash, kept by the list).
const keptEdgeLists = new WeakMap<object, { defaultEdgeOf: ReadonlyMap<string, unknown>; list: unknown[] }>();

function readEdges(doc: Y.Doc, defaultEdgeOf: ReadonlyMap<string, unknown>): unknown[] {
  const unchangedSince = unchangedToken(edges.collectionOf(doc));
  if (!unchangedSince) return listEdges(doc, defaultEdgeOf);
  const kept = keptEdgeLists.get(unchangedSince);
  if (kept && haveSameEntries(kept.defaultEdgeOf, defaultEdgeOf)) return kept.list;
  const list = freezeDeep(listEdges(doc, defaultEdgeOf));
  keptEdgeLists.set(unchangedSince, { defaultEdgeOf, list });
  return list;
}

function listEdges(doc: Y.Doc, defaultEdgeOf: ReadonlyMap<string, unknown>): unknown[] {
  const isNode = (id: unknown): id is string => typeof id === 'string' && defaultEdgeOf.has(id);
  return edges.list(doc).flatMap(({ id, entity }) => {
    const { source, target } = readEnds(entity);
    if (!isNode(source) || !isNode(target)) return [];
    const isDefault = defaultEdgeOf.get(source) === id;
    return [
      readEntityAs(entity, isDefault ? 'defaultEdge' : 'edge', () => {
        const { ends: _ends, ...edge } = readEntity(entity);
        if (isDefault) delete edge.condition;
        return { id, source, target, ...edge, isDefault };
      }),
    ];
  });
}

function haveSameEntries(left: ReadonlyMap<string, unknown>, right: ReadonlyMap<string, unknown>): boolean {
  if (left.size !== right.size) return false;
  for (const [key, value] of right) {
    if (left.get(key) !== value || !left.has(key)) return false;
  }
  return true;
}

export function migrateFlow(doc: Y.Doc): void {
  runMigrations(doc, 'flow', flowSchemaVersion, {});
}
