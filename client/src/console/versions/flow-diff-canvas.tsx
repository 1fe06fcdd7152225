import type { ChangeOp } from '@erp/shared/documents/diff/changes';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { FlowCanvas, type Selection } from '../builders/flow/canvas/flow-canvas';
import type { DraftFlow, Highlight } from '../builders/flow/draft-flow';
import type { Marks } from './marked-element';
import { readEntities, type Snapshot } from './snapshot-content';

// A move is layout, not content: the canvas shows it where it now is, unmarked.
const highlightOf = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  moved: undefined,
} satisfies Record<ChangeOp, Highlight | undefined>;

/**
 * A flow version drawn read-only on the builder's canvas, added / removed / changed nodes and edges coloured;
 * the selected element is selected on the canvas and brought into view, and clicking one selects it.
 * Lazy-loaded with React Flow, so only flows pay for it.
 */
export default function FlowDiffCanvas(props: {
  snapshot: Snapshot;
  marks: Marks;
  onSelect?: (entityId: string) => void;
}) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({
  snapshot,
  marks,
  onSelect,
}: {
  snapshot: Snapshot;
  marks: Marks;
  onSelect?: (entityId: string) => void;
}) {
  const reactFlow = useReactFlow();
  const flow = useMemo(
    () =>
      ({
        nodes: readEntities(snapshot, 'nodes'),
        edges: readEntities(snapshot, 'edges'),
        triggers: readEntities(snapshot, 'triggers'),
      }) as unknown as DraftFlow,
    [snapshot],
  );
  const highlights = useMemo(() => {
    const byId = new Map<string, Highlight>();
    for (const [id, op] of marks.marks) {
      const highlight = highlightOf[op];
      if (highlight) byId.set(id, highlight);
    }
    return byId;
  }, [marks.marks]);
  const { selected } = marks;
  const isNode = flow.nodes.some((node) => node.id === selected);
  const isEdge = flow.edges.some((edge) => edge.id === selected);
  const selection: Selection = useMemo(
    () => ({ nodes: isNode && selected ? [selected] : [], edges: isEdge && selected ? [selected] : [] }),
    [isNode, isEdge, selected],
  );
  useEffect(() => {
    if (!selected) return;
    const edge = flow.edges.find((candidate) => candidate.id === selected);
    const ids = edge ? [edge.source, edge.target] : isNode ? [selected] : [];
    if (ids.length > 0)
      void reactFlow.fitView({ nodes: ids.map((id) => ({ id })), duration: 300, maxZoom: 1 });
  }, [selected, isNode, flow.edges, reactFlow]);
  return (
    <div className="h-[420px]" data-flow-canvas>
      <FlowCanvas
        flow={flow}
        isReadOnly
        hasMinimap={false}
        highlights={highlights}
        selection={selection}
        onSelectionChange={(next) => {
          const id = next.nodes[0] ?? next.edges[0];
          if (id && id !== selected) onSelect?.(id);
        }}
      />
    </div>
  );
}
