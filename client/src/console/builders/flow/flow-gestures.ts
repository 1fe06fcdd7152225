import type { FlowNodeType } from '@erp/shared/documents';
import { flowEdges, flowNodes } from '@erp/shared/documents';
import type * as Y from 'yjs';
import type { DraftFlow } from './draft-flow';
import { nodeKinds } from './nodes/node-kinds';

// Each gesture on the canvas is one transaction with the user's origin: one undo step, reverting only it.
type Point = { x: number; y: number };
export interface Editor {
  doc: Y.Doc;
  origin: object;
}

export function addNode({ doc, origin }: Editor, type: FlowNodeType, at: Point): string {
  return flowNodes.add(doc, { type, ...nodeKinds[type].defaults(), position: roundPoint(at) }, origin);
}

export function moveNodes({ doc, origin }: Editor, positions: Map<string, Point>): void {
  doc.transact(() => {
    for (const [id, position] of positions)
      flowNodes.update(doc, id, { position: roundPoint(position) }, origin);
  }, origin);
}

/** A new edge after the source's other edges (priority), so an existing branch keeps being tried first. */
export function connect(
  { doc, origin }: Editor,
  flow: DraftFlow,
  source: string,
  target: string,
): string | null {
  if (source === target) return null;
  if (flow.edges.some((edge) => edge.source === source && edge.target === target)) return null;
  const siblings = flow.edges.filter((edge) => edge.source === source);
  const priority = siblings.length === 0 ? 0 : Math.max(...siblings.map((edge) => edge.priority)) + 1;
  return flowEdges.add(doc, { source, target, priority }, origin);
}

// Vertical room for one step between two others (flow-node.tsx draws nodes about 90 px high).
const stepSpacing = 140;

/**
 * "+" on an edge: source → new node → target, in place of the edge (which keeps its condition). When the two
 * are too close for a step between them, everything from the target down moves down to make room.
 */
export function insertOnEdge(
  { doc, origin }: Editor,
  flow: DraftFlow,
  edgeId: string,
  type: FlowNodeType,
): string | null {
  const edge = flow.edges.find((candidate) => candidate.id === edgeId);
  const source = flow.nodes.find((node) => node.id === edge?.source);
  const target = flow.nodes.find((node) => node.id === edge?.target);
  if (!edge || !source || !target) return null;
  let id = '';
  doc.transact(() => {
    const room = stepSpacing * 2 - (target.position.y - source.position.y);
    if (room > 0) {
      for (const node of flow.nodes) {
        if (node.position.y < target.position.y) continue;
        flowNodes.update(doc, node.id, { position: { ...node.position, y: node.position.y + room } }, origin);
      }
    }
    const at = { x: (source.position.x + target.position.x) / 2, y: source.position.y + stepSpacing };
    id = flowNodes.add(doc, { type, ...nodeKinds[type].defaults(), position: roundPoint(at) }, origin);
    flowEdges.update(doc, edgeId, { target: id }, origin);
    if (type !== 'end') flowEdges.add(doc, { source: id, target: target.id, priority: 0 }, origin);
  }, origin);
  return id;
}

/** Where a new node goes near `at` without covering another: the first free place to the right. */
export function findFreeSpot(flow: DraftFlow, at: Point): Point {
  const isTaken = (point: Point) =>
    flow.nodes.some(
      (node) => Math.abs(node.position.x - point.x) < 240 && Math.abs(node.position.y - point.y) < 110,
    );
  let point = at;
  for (let tries = 0; tries < 50 && isTaken(point); tries++) point = { x: point.x + 260, y: point.y };
  return point;
}

export function removeEntities(
  { doc, origin }: Editor,
  flow: DraftFlow,
  nodes: string[],
  edges: string[],
): void {
  const removable = new Set(flow.nodes.filter((node) => node.type !== 'start').map((node) => node.id));
  doc.transact(() => {
    for (const id of edges) flowEdges.remove(doc, id, origin);
    for (const id of nodes) if (removable.has(id)) flowNodes.remove(doc, id, origin);
  }, origin);
}

export function updateNode(
  { doc, origin }: Editor,
  id: string,
  patch: Parameters<typeof flowNodes.update>[2],
): void {
  flowNodes.update(doc, id, patch, origin);
}

/** Marks the edge as its source's default (taken when no other edge holds), or clears it. */
export function setDefaultEdge(
  { doc, origin }: Editor,
  flow: DraftFlow,
  edgeId: string,
  isDefault: boolean,
): void {
  const edge = flow.edges.find((candidate) => candidate.id === edgeId);
  if (edge) flowNodes.setDefaultEdge(doc, edge.source, isDefault ? edgeId : undefined, origin);
}

function roundPoint(point: Point): Point {
  return { x: Math.round(point.x), y: Math.round(point.y) };
}
