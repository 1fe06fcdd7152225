import dagre from '@dagrejs/dagre';
import type { DraftFlow } from '../draft-flow';
import { type Editor, moveNodes } from '../flow-gestures';

// Node boxes as drawn (flow-node.tsx: w-56, about 90 px high with a subtitle and a problem line).
const nodeWidth = 224;
const nodeHeight = 96;

/**
 * Positions for every node, top to bottom in layers (dagre's layered layout: the flow reads like a
 * process). Edge priority orders siblings left to right, so the first branch tried is on the left.
 */
export function layoutFlow(flow: DraftFlow): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of flow.nodes) graph.setNode(node.id, { width: nodeWidth, height: nodeHeight });
  const edges = [...flow.edges].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of flow.nodes) {
    const placed = graph.node(node.id);
    // dagre places centres; React Flow positions the top-left corner.
    if (placed) positions.set(node.id, { x: placed.x - nodeWidth / 2, y: placed.y - nodeHeight / 2 });
  }
  return positions;
}

/** Tidies the whole flow in one transaction (one undo step), then fits it in view. */
export function autoLayoutAndFit(
  editor: Editor,
  flow: DraftFlow,
  view: { fitView: (options?: { duration?: number; maxZoom?: number }) => Promise<boolean> },
): void {
  moveNodes(editor, layoutFlow(flow));
  // Two frames: React Flow has taken the new positions only after the next render.
  requestAnimationFrame(() => requestAnimationFrame(() => void view.fitView({ duration: 300, maxZoom: 1 })));
}
