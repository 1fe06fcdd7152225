import { describeCondition } from '@erp/shared/conditions';
import { MarkerType } from '@xyflow/react';
import type { DraftFlow, Highlight } from '../draft-flow';
import type { FlowEdgeItem } from '../nodes/flow-edge';
import type { FlowNodeItem } from '../nodes/flow-node';
import { nodeHandlesOf, nodeSizeOf } from '../nodes/node-geometry';

export interface CanvasDecorations {
  highlights?: ReadonlyMap<string, Highlight>;
  problems?: ReadonlyMap<string, string[]>;
  selected?: ReadonlySet<string>;
  /** Colleagues' selections, by node id. */
  peerSelections?: ReadonlyMap<string, { name: string; color: string }[]>;
  /** Positions that win over the document's: a drag in progress, here or at a colleague's. */
  positions?: ReadonlyMap<string, { x: number; y: number }>;
  /** Sizes React Flow measured where they differ from node-geometry's (another root font size). */
  measured: ReadonlyMap<string, { width: number; height: number }>;
  isReadOnly: boolean;
}

const none: string[] = [];
const nobody: { name: string; color: string }[] = [];

/**
 * React Flow's nodes, derived from the draft (the Y.Doc stays the only store of the document). A node whose
 * inputs did not change keeps its object, so React Flow skips it: a drag re-renders the dragged nodes only.
 */
export function createNodeDeriver() {
  let previous = new Map<string, { inputs: unknown[]; item: FlowNodeItem }>();
  return (flow: DraftFlow, decorations: CanvasDecorations): FlowNodeItem[] => {
    const next = new Map<string, { inputs: unknown[]; item: FlowNodeItem }>();
    const items = flow.nodes.map((node) => {
      const position = decorations.positions?.get(node.id) ?? node.position;
      const inputs = [
        node,
        position.x,
        position.y,
        decorations.selected?.has(node.id) ?? false,
        decorations.problems?.get(node.id) ?? none,
        decorations.highlights?.get(node.id),
        decorations.peerSelections?.get(node.id) ?? nobody,
        decorations.measured.get(node.id),
        decorations.isReadOnly,
      ];
      const cached = previous.get(node.id);
      const item = cached?.inputs.every((input, index) => input === inputs[index])
        ? cached.item
        : toNodeItem(node, position, decorations);
      next.set(node.id, { inputs, item });
      return item;
    });
    previous = next;
    return items;
  };
}

function toNodeItem(
  node: DraftFlow['nodes'][number],
  position: { x: number; y: number },
  decorations: CanvasDecorations,
): FlowNodeItem {
  const problems = decorations.problems?.get(node.id) ?? none;
  const measured = decorations.measured.get(node.id) ?? nodeSizeOf(node, problems.length);
  return {
    id: node.id,
    type: 'flowNode',
    position,
    measured,
    handles: nodeHandlesOf(node, measured),
    selected: decorations.selected?.has(node.id) ?? false,
    deletable: !decorations.isReadOnly && node.type !== 'start',
    draggable: !decorations.isReadOnly,
    connectable: !decorations.isReadOnly,
    data: {
      node,
      problems,
      highlight: decorations.highlights?.get(node.id),
      selectedBy: decorations.peerSelections?.get(node.id) ?? nobody,
    },
  };
}

export function toReactFlowEdges(flow: DraftFlow, decorations: CanvasDecorations): FlowEdgeItem[] {
  const outgoing = new Map<string, number>();
  for (const edge of flow.edges) outgoing.set(edge.source, (outgoing.get(edge.source) ?? 0) + 1);
  return flow.edges.map((edge) => ({
    id: edge.id,
    type: 'flowEdge',
    source: edge.source,
    target: edge.target,
    selected: decorations.selected?.has(edge.id) ?? false,
    deletable: !decorations.isReadOnly,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    data: {
      edge,
      conditionText: edge.condition && !edge.isDefault ? safeDescribe(edge.condition) : '',
      isBranch: (outgoing.get(edge.source) ?? 0) > 1,
      problems: decorations.problems?.get(edge.id) ?? none,
      highlight: decorations.highlights?.get(edge.id),
    },
  }));
}

// A draft's condition may be half-typed; the label shows nothing rather than failing the canvas.
function safeDescribe(condition: NonNullable<DraftFlow['edges'][number]['condition']>): string {
  try {
    return describeCondition(condition);
  } catch {
    return '';
  }
}
