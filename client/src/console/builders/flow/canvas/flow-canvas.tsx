import type { FlowNodeType } from '@erp/shared/documents';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore,
  useStoreApi,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  type DragEvent,
  type PointerEvent,
  type ReactNode,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { DraftFlow, Highlight } from '../draft-flow';
import { EdgeActionsContext, FlowEdgeView } from '../nodes/flow-edge';
import { FlowNodeView } from '../nodes/flow-node';
import { paletteDragType } from '../nodes/node-kinds';
import { CanvasLayersProvider } from './canvas-layers';
import { FlowOverview } from './flow-overview';
import { LevelOfDetailProvider } from './level-of-detail';
import { fitViewOptions, minZoom, openingViewport } from './opening-view';
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
  const { flow, isReadOnly, selection } = props;
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

  // React Flow copies every prop into its store, one store update per prop that changed, and each update runs
  // the selectors of every node and edge: its handlers keep their identity and read the latest render's values.
  const latest = useRef({ props, dragging });
  latest.current = { props, dragging };
  const handlers = useMemo(() => {
    // A selection comes as several changes; they are gathered and reported once, after the batch.
    const changeSelection = (id: string, kind: 'nodes' | 'edges', isSelected: boolean) => {
      const { onSelectionChange, selection: current } = latest.current.props;
      if (!onSelectionChange) return;
      if (!pendingSelection.current) {
        pendingSelection.current = { nodes: [...(current?.nodes ?? [])], edges: [...(current?.edges ?? [])] };
        queueMicrotask(() => {
          const next = pendingSelection.current;
          pendingSelection.current = null;
          if (next) onSelectionChange(next);
        });
      }
      const list = pendingSelection.current[kind].filter((candidate) => candidate !== id);
      pendingSelection.current[kind] = isSelected ? [...list, id] : list;
    };
    return {
      onNodesChange(changes: NodeChange[]) {
        let moved: Map<string, Point> | null = null;
        let isDone = false;
        for (const change of changes) {
          if (change.type === 'select') changeSelection(change.id, 'nodes', change.selected);
          if (change.type === 'dimensions' && change.dimensions)
            measured.current.set(change.id, change.dimensions);
          if (change.type === 'position' && change.position) {
            moved ??= new Map(latest.current.dragging ?? []);
            moved.set(change.id, change.position);
            if (!change.dragging) isDone = true;
          }
        }
        const { props: current } = latest.current;
        if (!moved || current.isReadOnly) return;
        // The next change of this drag may come before React renders again.
        latest.current.dragging = isDone ? null : moved;
        if (isDone) {
          current.onMoved?.(moved);
          setDragging(null);
          current.onDragging?.(null);
        } else {
          setDragging(moved);
          current.onDragging?.(moved);
        }
      },
      onEdgesChange(changes: EdgeChange[]) {
        for (const change of changes) {
          if (change.type === 'select') changeSelection(change.id, 'edges', change.selected);
        }
      },
      onConnect: (connection: Connection) =>
        latest.current.props.onConnect?.(connection.source, connection.target),
      onDelete: ({ nodes: removed, edges: cut }: { nodes: Node[]; edges: Edge[] }) =>
        latest.current.props.onDelete?.({
          nodes: removed.map((node) => node.id),
          edges: cut.map((edge) => edge.id),
        }),
      onDragOver(event: DragEvent) {
        if (event.dataTransfer.types.includes(paletteDragType)) event.preventDefault();
      },
      onDrop(event: DragEvent) {
        const type = event.dataTransfer.getData(paletteDragType) as FlowNodeType;
        const { onDropKind } = latest.current.props;
        if (!type || !onDropKind) return;
        event.preventDefault();
        onDropKind(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      },
      onPointerMove: (event: PointerEvent) =>
        latest.current.props.onPointerMove?.(screenToFlowPosition({ x: event.clientX, y: event.clientY })),
      onPointerLeave: () => latest.current.props.onPointerMove?.(null),
    };
  }, [screenToFlowPosition]);
  // Every edge reads these: a new value would re-render all of them, so they too read the latest props.
  const canInsert = !isReadOnly && props.onInsertOnEdge !== undefined;
  const edgeActions = useMemo(
    () => ({
      select: (edgeId: string) => latest.current.props.onSelectionChange?.({ nodes: [], edges: [edgeId] }),
      insert: canInsert
        ? (edgeId: string, type: FlowNodeType) => latest.current.props.onInsertOnEdge?.(edgeId, type)
        : null,
    }),
    [canInsert],
  );

  // The first view is chosen here, from the nodes' known sizes, before React Flow draws anything: its own
  // fitView would draw at zoom 1 first, then fit and draw again.
  const containerRef = useRef<HTMLDivElement>(null);
  const [firstView, setFirstView] = useState<Viewport | 'fit' | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the nodes of the first render are placed
  useLayoutEffect(
    () => setFirstView(openingViewport(flow, nodes, containerRef.current?.getBoundingClientRect())),
    [],
  );

  return (
    <div ref={containerRef} className="size-full">
      <EdgeActionsContext.Provider value={edgeActions}>
        <CanvasLayersProvider>
          <LevelOfDetailProvider>
            {firstView && (
              <ReactFlow
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                {...handlers}
                nodesDraggable={!isReadOnly}
                nodesConnectable={!isReadOnly}
                elementsSelectable
                deleteKeyCode={isReadOnly ? null : deleteKeys}
                multiSelectionKeyCode={multiSelectionKeys}
                selectionKeyCode="Shift"
                {...(firstView === 'fit'
                  ? { fitView: true, fitViewOptions }
                  : { defaultViewport: firstView })}
                minZoom={minZoom}
                onlyRenderVisibleElements={flow.nodes.length > 150}
                proOptions={proOptions}
              >
                <Background gap={20} color="#e5e5e5" />
                {props.hasMinimap !== false && <FlowOverview nodes={nodes} />}
                <Controls showInteractive={false} aria-label="Zoom" />
                <FirstRenderProbe />
                {props.children}
              </ReactFlow>
            )}
          </LevelOfDetailProvider>
        </CanvasLayersProvider>
      </EdgeActionsContext.Provider>
    </div>
  );
}

const deleteKeys = ['Backspace', 'Delete'];
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];
const proOptions = { hideAttribution: true };

// User Timing for devtools and the P9 bench: from the builder's first render until every node is measured
// and the next frame is painted ("flow-canvas:first-render").
const renderStartMark = 'flow-builder:render';
const firstRenderMeasure = 'flow-canvas:first-render';

export function markRenderStart(): void {
  performance.clearMeasures(firstRenderMeasure);
  performance.mark(renderStartMark);
}

// Drawn: every node has its size, the canvas its size and its first view, and no fit is pending.
const selectIsDrawn = (state: ReactFlowState) =>
  state.nodesInitialized &&
  state.width > 0 &&
  state.height > 0 &&
  state.panZoom !== null &&
  !state.fitViewQueued;

function FirstRenderProbe() {
  const isDrawn = useStore(selectIsDrawn);
  const store = useStoreApi();
  const isMeasured = useRef(false);
  useEffect(() => {
    if (!isDrawn || isMeasured.current) return;
    isMeasured.current = true;
    // After the frame that shows it has been painted: the next task after that frame's animation callbacks.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (performance.getEntriesByName(renderStartMark).length === 0) return;
        const canvas = store.getState().domNode;
        const detail = {
          nodes: canvas?.querySelectorAll('.react-flow__node').length ?? 0,
          edges: canvas?.querySelectorAll('.react-flow__edge').length ?? 0,
        };
        performance.measure(firstRenderMeasure, { start: renderStartMark, detail });
        performance.clearMarks(renderStartMark);
      };
      channel.port2.postMessage(null);
    });
  }, [isDrawn, store]);
  return null;
}
