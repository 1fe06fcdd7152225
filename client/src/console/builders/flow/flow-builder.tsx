import type { FlowNodeType } from '@erp/shared/documents';
import { readFlow } from '@erp/shared/documents';
import { type FlowProblem, formsBefore, listFlowProblems, readDraftGraph } from '@erp/shared/flows';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { clsx } from 'clsx';
import { Provider as JotaiProvider, useAtom, useAtomValue } from 'jotai';
import { LayoutGrid, Maximize } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { conditionFieldsOf } from '../../../conditions/condition-model';
import { Button } from '../../../ui/button';
import type { BuilderProps } from '../builder-props';
import { useDocumentJson } from '../use-document-json';
import { autoLayoutAndFit } from './canvas/auto-layout';
import { useCanvasPresence } from './canvas/canvas-presence';
import { copyFragment, pasteFragment } from './canvas/clipboard';
import { markRenderStart, type Selection } from './canvas/flow-canvas';
import { LiveFlowCanvas } from './canvas/live-flow-canvas';
import type { DraftFlow, Highlight } from './draft-flow';
import {
  addNode,
  connect,
  type Editor,
  findFreeSpot,
  insertOnEdge,
  moveNodes,
  removeEntities,
} from './flow-gestures';
import { EdgeInspector } from './inspector/edge-inspector';
import { NodeInspector } from './inspector/node-inspector';
import { nodeKinds, paletteDragType, paletteKinds } from './nodes/node-kinds';
import { ProblemsPanel } from './problems-panel';
import { ShortcutsHelp } from './shortcuts-help';
import { SimulatorPanel } from './simulator/simulator-panel';
import { useFormCatalog } from './use-form-catalog';
import {
  isHelpOpenAtom,
  type SidePanel,
  selectionAtom,
  sidePanelAtom,
  simulatedPathAtom,
} from './view-state';

/** The flow builder: palette, canvas, and a side panel to inspect, check and simulate. Lazy-loaded. */
export default function FlowBuilder(props: BuilderProps) {
  useState(markRenderStart);
  return (
    <JotaiProvider>
      <ReactFlowProvider>
        <FlowBuilderView {...props} />
      </ReactFlowProvider>
    </JotaiProvider>
  );
}

const fitOptions = { duration: 300, maxZoom: 1 };
const readDraft = (doc: Parameters<typeof readFlow>[0]): DraftFlow => readFlow(doc);

function FlowBuilderView({ session, snapshot, problems: publishProblems }: BuilderProps) {
  const editor: Editor = useMemo(() => ({ doc: session.doc, origin: session.origin }), [session]);
  const isReadOnly = snapshot.isReadOnly;
  const flow = useDocumentJson(session.doc, readDraft);
  const graph = useMemo(() => readDraftGraph(flow), [flow]);
  const usedForms = useMemo(
    () => [
      ...graph.requestFormIds,
      ...graph.nodes.flatMap((node) => (node.taskFormId ? [node.taskFormId] : [])),
    ],
    [graph],
  );
  const catalog = useFormCatalog(usedForms);
  const problems = useMemo(() => listFlowProblems(graph, catalog.facts), [graph, catalog.facts]);
  const problemsById = useMemo(() => {
    const byId = new Map<string, string[]>();
    for (const problem of problems)
      byId.set(problem.entity.id, [...(byId.get(problem.entity.id) ?? []), problem.message]);
    // A refused publish's problems (cross-references included) mark the nodes and edges they are about.
    for (const [id, messages] of publishProblems.byEntity) {
      const known = byId.get(id) ?? [];
      byId.set(id, [...known, ...messages.filter((message) => !known.includes(message))]);
    }
    return byId;
  }, [problems, publishProblems]);

  const [selection, setSelection] = useAtom(selectionAtom);
  const [panel, setPanel] = useAtom(sidePanelAtom);
  const [isHelpOpen, setHelpOpen] = useAtom(isHelpOpenAtom);
  const path = useAtomValue(simulatedPathAtom);
  const presence = useCanvasPresence(session);
  const { publish } = presence;
  const reactFlow = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);

  // A colleague may delete what is selected here: the selection keeps only what still exists.
  const liveSelection = useMemo<Selection>(() => {
    const nodeIds = new Set(flow.nodes.map((node) => node.id));
    const edgeIds = new Set(flow.edges.map((edge) => edge.id));
    return {
      nodes: selection.nodes.filter((id) => nodeIds.has(id)),
      edges: selection.edges.filter((id) => edgeIds.has(id)),
    };
  }, [selection, flow]);
  useEffect(
    () => publish({ selection: [...liveSelection.nodes, ...liveSelection.edges] }),
    [liveSelection, publish],
  );

  const highlights = useMemo(() => {
    if (!path) return undefined;
    const marks = new Map<string, Highlight>();
    for (const id of path.walked) marks.set(id, 'path');
    for (const id of path.current) marks.set(id, 'current');
    return marks;
  }, [path]);

  const select = useCallback(
    (next: Selection) => {
      setSelection(next);
      if (next.nodes.length + next.edges.length > 0 && panel === 'problems') setPanel('inspect');
    },
    [setSelection, panel, setPanel],
  );
  const viewportCenter = () => {
    const box = canvasRef.current?.getBoundingClientRect();
    const center = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 0, y: 0 };
    return reactFlow.screenToFlowPosition(center);
  };
  const add = (type: FlowNodeType, at = viewportCenter()) => {
    const id = addNode(editor, type, findFreeSpot(flow, { x: at.x - 112, y: at.y - 40 }));
    setSelection({ nodes: [id], edges: [] });
  };
  const tidy = () => autoLayoutAndFit(editor, flow, reactFlow);
  const showProblem = (entity: FlowProblem['entity']) => {
    const edge = flow.edges.find((candidate) => candidate.id === entity.id);
    setSelection(
      entity.type === 'node' ? { nodes: [entity.id], edges: [] } : { nodes: [], edges: [entity.id] },
    );
    const around = entity.type === 'node' ? [entity.id] : edge ? [edge.source, edge.target] : [];
    void reactFlow.fitView({ nodes: around.map((id) => ({ id })), duration: 300, maxZoom: 1.2 });
    setPanel('inspect');
  };

  useCanvasKeyboard({
    canvasRef,
    onCopy: () => copyFragment(flow, liveSelection.nodes),
    onPaste: (text) => {
      if (isReadOnly) return;
      const ids = pasteFragment(editor, text);
      if (ids) setSelection({ nodes: ids, edges: [] });
    },
    onSelectAll: () =>
      setSelection({ nodes: flow.nodes.map((node) => node.id), edges: flow.edges.map((edge) => edge.id) }),
    onLayout: () => !isReadOnly && tidy(),
    onFit: () => void reactFlow.fitView(fitOptions),
    onHelp: () => setHelpOpen(true),
  });

  const selectedNode =
    liveSelection.nodes.length === 1 && liveSelection.edges.length === 0
      ? flow.nodes.find((node) => node.id === liveSelection.nodes[0])
      : undefined;
  const selectedEdge =
    liveSelection.edges.length === 1 && liveSelection.nodes.length === 0
      ? flow.edges.find((edge) => edge.id === liveSelection.edges[0])
      : undefined;
  const fieldsBefore = (nodeId: string) =>
    conditionFieldsOf(formsBefore(graph, nodeId).flatMap((formId) => catalog.formOf(formId)?.fields ?? []));

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_21rem]">
      <div className="overflow-hidden rounded-lg border border-neutral-200 bg-white shadow-xs">
        <div className="flex flex-wrap items-center gap-2 border-b border-neutral-200 px-3 py-2">
          {!isReadOnly && (
            <ul className="flex flex-wrap gap-1.5" aria-label="Palette">
              {paletteKinds.map((type) => {
                const kind = nodeKinds[type];
                const Icon = kind.icon;
                return (
                  <li key={type}>
                    <button
                      type="button"
                      draggable
                      title={`${kind.hint}. Drag onto the canvas, or click to add in the middle.`}
                      className="inline-flex items-center gap-1.5 rounded-md border border-neutral-200 bg-white px-2 py-1 text-xs font-medium text-neutral-800 shadow-xs hover:border-indigo-300 hover:bg-indigo-50/50"
                      onDragStart={(event) => {
                        event.dataTransfer.setData(paletteDragType, type);
                        event.dataTransfer.effectAllowed = 'copy';
                      }}
                      onClick={() => add(type)}
                    >
                      <span
                        className={clsx(
                          'flex size-5 items-center justify-center rounded border',
                          kind.accent,
                        )}
                      >
                        <Icon className="size-3" aria-hidden="true" />
                      </span>
                      {kind.label}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="ml-auto flex items-center gap-1">
            {!isReadOnly && (
              <Button size="sm" variant="ghost" icon={LayoutGrid} onClick={tidy} title="Tidy up (Shift+L)">
                <span className="sr-only">Tidy up</span>
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              icon={Maximize}
              onClick={() => void reactFlow.fitView(fitOptions)}
              title="Zoom to fit (Shift+F)"
            >
              <span className="sr-only">Zoom to fit</span>
            </Button>
            <ShortcutsHelp isOpen={isHelpOpen} onOpenChange={setHelpOpen} />
          </div>
        </div>
        <div ref={canvasRef} className="h-[calc(100vh-21rem)] min-h-[480px]" data-flow-canvas>
          <LiveFlowCanvas
            presence={presence}
            flow={flow}
            isReadOnly={isReadOnly}
            highlights={highlights}
            problems={problemsById}
            selection={liveSelection}
            onSelectionChange={select}
            onDragging={(positions) =>
              publish({ dragging: positions ? Object.fromEntries(positions) : null })
            }
            onMoved={(positions) => moveNodes(editor, positions)}
            onConnect={(source, target) => connect(editor, flow, source, target)}
            onDelete={(removed) => removeEntities(editor, flow, removed.nodes, removed.edges)}
            onDropKind={(type, at) => add(type, at)}
            onInsertOnEdge={(edgeId, type) => {
              const id = insertOnEdge(editor, flow, edgeId, type);
              if (id) setSelection({ nodes: [id], edges: [] });
            }}
            onPointerMove={(cursor) => publish({ cursor })}
          />
        </div>
      </div>
      <aside
        className="self-start rounded-lg border border-neutral-200 bg-white shadow-xs"
        aria-label="Side panel"
      >
        <div role="tablist" aria-label="Side panel" className="flex border-b border-neutral-200 px-2">
          {(['inspect', 'problems', 'simulate'] as const).map((tab) => (
            <PanelTab
              key={tab}
              tab={tab}
              isActive={panel === tab}
              onSelect={setPanel}
              count={tab === 'problems' ? problems.length : undefined}
            />
          ))}
        </div>
        <div className="max-h-[calc(100vh-18rem)] overflow-y-auto p-4" role="tabpanel">
          {panel === 'inspect' &&
            (selectedNode ? (
              <NodeInspector
                key={selectedNode.id}
                editor={editor}
                node={selectedNode}
                catalog={catalog}
                fieldKeys={fieldsBefore(selectedNode.id).map((field) => field.key)}
                isReadOnly={isReadOnly}
                onFocus={session.setFocus}
              />
            ) : selectedEdge ? (
              <EdgeInspector
                key={selectedEdge.id}
                editor={editor}
                flow={flow}
                edge={selectedEdge}
                fields={fieldsBefore(selectedEdge.source)}
                isReadOnly={isReadOnly}
                onFocus={session.setFocus}
              />
            ) : (
              <NothingSelected
                count={liveSelection.nodes.length + liveSelection.edges.length}
                isReadOnly={isReadOnly}
              />
            ))}
          {panel === 'problems' && <ProblemsPanel flow={flow} problems={problems} onSelect={showProblem} />}
          {panel === 'simulate' && <SimulatorPanel flow={flow} graph={graph} catalog={catalog} />}
        </div>
      </aside>
    </div>
  );
}

const tabLabels = { inspect: 'Inspect', problems: 'Problems', simulate: 'Simulate' } satisfies Record<
  SidePanel,
  string
>;

function PanelTab({
  tab,
  isActive,
  onSelect,
  count,
}: {
  tab: SidePanel;
  isActive: boolean;
  onSelect: (tab: SidePanel) => void;
  count?: number;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={isActive}
      className={clsx(
        '-mb-px border-b-2 px-3 py-2.5 text-sm font-medium',
        isActive
          ? 'border-indigo-600 text-indigo-700'
          : 'border-transparent text-neutral-600 hover:text-neutral-900',
      )}
      onClick={() => onSelect(tab)}
    >
      {tabLabels[tab]}
      {count !== undefined && count > 0 && (
        <span className="ml-1.5 rounded-full bg-amber-100 px-1.5 text-xs text-amber-800">{count}</span>
      )}
    </button>
  );
}

function NothingSelected({ count, isReadOnly }: { count: number; isReadOnly: boolean }) {
  if (count > 1)
    return (
      <p className="text-sm text-neutral-600">{count} items selected. Delete, copy or drag them together.</p>
    );
  return (
    <div className="space-y-2 text-sm text-neutral-600">
      <p className="font-medium text-neutral-900">Select a step or an edge to edit it.</p>
      {!isReadOnly && (
        <p>
          Drag a step from the palette onto the canvas, then drag from its bottom handle to the next step.
          Conditions live on the edges leaving a decision.
        </p>
      )}
    </div>
  );
}

/** Copy, paste and the canvas's own shortcuts, active while focus is on the canvas (never inside an input). */
function useCanvasKeyboard(actions: {
  canvasRef: React.RefObject<HTMLDivElement | null>;
  onCopy: () => string | null;
  onPaste: (text: string) => void;
  onSelectAll: () => void;
  onLayout: () => void;
  onFit: () => void;
  onHelp: () => void;
}) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const isOnCanvas = () => {
      const active = document.activeElement;
      const canvas = latest.current.canvasRef.current;
      if (!canvas || !active || !canvas.contains(active)) return false;
      return !(
        active instanceof HTMLInputElement ||
        active instanceof HTMLTextAreaElement ||
        active instanceof HTMLSelectElement
      );
    };
    const onCopy = (event: ClipboardEvent) => {
      if (!isOnCanvas()) return;
      const text = latest.current.onCopy();
      if (!text) return;
      event.clipboardData?.setData('text/plain', text);
      event.preventDefault();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!isOnCanvas()) return;
      const text = event.clipboardData?.getData('text/plain');
      if (!text) return;
      event.preventDefault();
      latest.current.onPaste(text);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isOnCanvas()) return;
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && key === 'a') {
        event.preventDefault();
        latest.current.onSelectAll();
      } else if (event.shiftKey && !event.ctrlKey && !event.metaKey && key === 'l') latest.current.onLayout();
      else if (event.shiftKey && !event.ctrlKey && !event.metaKey && key === 'f') latest.current.onFit();
      else if (event.key === '?') latest.current.onHelp();
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}
