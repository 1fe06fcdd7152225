import type { FlowNodeType } from '@erp/shared/documents';
import {
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type DragEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { DraftFlow, Highlight } from '../draft-flow';
import { EdgeActionsContext, FlowEdgeView } from '../nodes/flow-edge';
import { FlowNodeView } from '../nodes/flow-node';
import { paletteDragType } from '../nodes/node-kinds';
import { type CanvasDecorations, createNodeDeriver, toReactFlowEdges } from './to-react-flow';

const nodeTypes = { flowNode: FlowNodeView };
const edgeTypes = { flowEdge: FlowEdgeView };
type Point = { x: number; y: number };
export type Selection = { nodes: string[]; edges: string[] };

export interface FlowCanvasProps {
  flow: DraftFlow;
  isReadOnly: boolean;
  /** Marks by node / edge id: a version diff (added, removed, changed) or the simulator's path. */
  highlights?: ReadonlyMap<string, Highlight>;
  problems?: ReadonlyMap<string, string[]>;
  /** The overview in a corner; a small canvas (a version beside another) is better without it. */
  hasMinimap?: boolean;
  selection?: Selection;
  peerSelections?: CanvasDecorations['peerSelections'];
  /** Colleagues' drags in progress. */
  remotePositions?: ReadonlyMap<string, Point>;
  onSelectionChange?: (selection: Selection) => void;
  /** While this user drags (for colleagues to see), and once at the end (for the document). */
  onDragging?: (positions: Map<string, Point> | null) => void;
  onMoved?: (positions: Map<string, Point>) => void;
  onConnect?: (source: string, target: string) => void;
  onDelete?: (selection: Selection) => void;
  onDropKind?: (type: FlowNodeType, at: Point) => void;
  onInsertOnEdge?: (edgeId: string, type: FlowNodeType) => void;
  onPointerMove?: (at: Point | null) => void;
  /** Drawn inside the canvas (cursors in flow coordinates, panels). */
  children?: ReactNode;
}

/**
 * The flow drawn with React Flow. It holds no document state: nodes and edges derive from `flow`, and every
 * gesture is reported once it is complete. Read-only with highlights, it shows a version diff.
 */
export function FlowCanvas(props: FlowCanvasProps) {
  const { flow, isReadOnly, selection, onSelectionChange } = props;
  const { screenToFlowPosition } = useReactFlow();
  const [dragging, setDragging] = useState<Map<string, Point> | null>(null);
  const pendingSelection = useRef<Selection | null>(null);
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [deriveNodes] = useState(createNodeDeriver);

  const selected = useMemo(
    () => new Set([...(selection?.nodes ?? []), ...(selection?.edges ?? [])]),
    [selection],
  );
  const positions = useMemo(() => {
    if (!dragging && !props.remotePositions) return undefined;
    return new Map([...(props.remotePositions ?? []), ...(dragging ?? [])]);
  }, [dragging, props.remotePositions]);
  const decorations: CanvasDecorations = {
    highlights: props.highlights,
    problems: props.problems,
    selected,
    peerSelections: props.peerSelections,
    positions,
    measured: measured.current,
    isReadOnly,
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the decorations' parts are the dependencies
  const nodes = useMemo(
    () => deriveNodes(flow, decorations),
    [flow, props.highlights, props.problems, selected, props.peerSelections, positions, isReadOnly],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the decorations' parts are the dependencies
  const edges = useMemo(
    () => toReactFlowEdges(flow, decorations),
    [flow, props.highlights, props.problems, selected, isReadOnly],
  );

  // React Flow reports a selection as several changes; they are gathered and reported once, after the batch.
  const changeSelection = (id: string, kind: 'nodes' | 'edges', isSelected: boolean) => {
    if (!onSelectionChange) return;
    if (!pendingSelection.current) {
      pendingSelection.current = {
        nodes: [...(selection?.nodes ?? [])],
        edges: [...(selection?.edges ?? [])],
      };
      queueMicrotask(() => {
        const next = pendingSelection.current;
        pendingSelection.current = null;
        if (next) onSelectionChange(next);
      });
    }
    const list = pendingSelection.current[kind].filter((candidate) => candidate !== id);
    pendingSelection.current[kind] = isSelected ? [...list, id] : list;
  };

  const onNodesChange = (changes: NodeChange[]) => {
    let moved: Map<string, Point> | null = null;
    let isDone = false;
    for (const change of changes) {
      if (change.type === 'select') changeSelection(change.id, 'nodes', change.selected);
      if (change.type === 'dimensions' && change.dimensions)
        measured.current.set(change.id, change.dimensions);
      if (change.type === 'position' && change.position) {
        moved ??= new Map(dragging ?? []);
        moved.set(change.id, change.position);
        if (!change.dragging) isDone = true;
      }
    }
    if (!moved || isReadOnly) return;
    if (isDone) {
      props.onMoved?.(moved);
      setDragging(null);
      props.onDragging?.(null);
    } else {
      setDragging(moved);
      props.onDragging?.(moved);
    }
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === 'select') changeSelection(change.id, 'edges', change.selected);
    }
  };
  const edgeActions = useMemo(
    () => ({
      select: (edgeId: string) => onSelectionChange?.({ nodes: [], edges: [edgeId] }),
      insert: isReadOnly ? null : (props.onInsertOnEdge ?? null),
    }),
    [onSelectionChange, isReadOnly, props.onInsertOnEdge],
  );
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(paletteDragType) as FlowNodeType;
    if (!type || !props.onDropKind) return;
    event.preventDefault();
    props.onDropKind(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <EdgeActionsContext.Provider value={edgeActions}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(connection: Connection) => props.onConnect?.(connection.source, connection.target)}
        onDelete={({ nodes: removed, edges: cut }) =>
          props.onDelete?.({ nodes: removed.map((node) => node.id), edges: cut.map((edge) => edge.id) })
        }
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(paletteDragType)) event.preventDefault();
        }}
        onDrop={onDrop}
        onPointerMove={(event) =>
          props.onPointerMove?.(screenToFlowPosition({ x: event.clientX, y: event.clientY }))
        }
        onPointerLeave={() => props.onPointerMove?.(null)}
        nodesDraggable={!isReadOnly}
        nodesConnectable={!isReadOnly}
        elementsSelectable
        deleteKeyCode={isReadOnly ? null : ['Backspace', 'Delete']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.1}
        onlyRenderVisibleElements={flow.nodes.length > 150}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} color="#e5e5e5" />
        {props.hasMinimap !== false && (
          <MiniMap
            pannable
            zoomable
            style={{ width: 150, height: 100 }}
            ariaLabel="Overview of the flow"
            className="!rounded-md !border !border-neutral-200"
          />
        )}
        <Controls showInteractive={false} aria-label="Zoom" />
        <FirstRenderProbe />
        {props.children}
      </ReactFlow>
    </EdgeActionsContext.Provider>
  );
}

// User Timing for devtools and the P9 bench: from the builder's first render until every node is measured
// and the next frame is painted ("flow-canvas:first-render").
const renderStartMark = 'flow-builder:render';
const firstRenderMeasure = 'flow-canvas:first-render';

export function markRenderStart(): void {
  performance.clearMeasures(firstRenderMeasure);
  performance.mark(renderStartMark);
}

function FirstRenderProbe() {
  const isInitialized = useNodesInitialized();
  const isMeasured = useRef(false);
  useEffect(() => {
    if (!isInitialized || isMeasured.current) return;
    isMeasured.current = true;
    requestAnimationFrame(() => {
      if (performance.getEntriesByName(renderStartMark).length > 0) {
        performance.measure(firstRenderMeasure, renderStartMark);
        performance.clearMarks(renderStartMark);
      }
    });
  }, [isInitialized]);
  return null;
}
