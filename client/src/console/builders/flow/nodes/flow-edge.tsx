import type { FlowNodeType } from '@erp/shared/documents';
import { BaseEdge, type Edge, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { clsx } from 'clsx';
import { CircleAlert, Plus } from 'lucide-react';
import { createContext, type MouseEvent, memo, useContext, useState } from 'react';
import { EdgeLabelPortal } from '../canvas/canvas-layers';
import { useIsCompact } from '../canvas/level-of-detail';
import type { DraftEdge, Highlight } from '../draft-flow';
import { nodeKinds, paletteKinds } from './node-kinds';

export interface FlowEdgeData extends Record<string, unknown> {
  edge: DraftEdge;
  /** The condition as a sentence, shown when the edge has no label. */
  conditionText: string;
  /** One of several edges leaving its step: its label invites a condition even while it has none. */
  isBranch: boolean;
  problems: string[];
  highlight?: Highlight;
}
export type FlowEdgeItem = Edge<FlowEdgeData, 'flowEdge'>;

/** What an edge's label can do: select its edge, and (unless read-only) insert a step on it ("+"). */
export interface EdgeActions {
  select: (edgeId: string) => void;
  insert: ((edgeId: string, type: FlowNodeType) => void) | null;
}
export const EdgeActionsContext = createContext<EdgeActions>({ select: () => {}, insert: null });

const strokeOf = (highlight: Highlight | undefined, selected: boolean | undefined) => {
  if (selected) return '#4f46e5';
  if (highlight === 'added') return '#10b981';
  if (highlight === 'removed') return '#ef4444';
  if (highlight === 'changed') return '#f59e0b';
  if (highlight === 'path' || highlight === 'current') return '#6366f1';
  return '#a3a3a3';
};

export const FlowEdgeView = memo(function FlowEdgeView(props: EdgeProps<FlowEdgeItem>) {
  const { id, data, selected, markerEnd, source, target } = props;
  const { select, insert } = useContext(EdgeActionsContext);
  const isCompact = useIsCompact();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 10 });
  const edge = data?.edge;
  const highlight = data?.highlight;
  const text = edge?.label || data?.conditionText || '';
  const isWide = highlight === 'path' || highlight === 'current' || selected;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{
          // The overview draws no labels: an edge with problems shows them by its colour.
          stroke: isCompact && !selected && data?.problems.length ? '#f59e0b' : strokeOf(highlight, selected),
          strokeWidth: (isWide ? 2.5 : 1.5) * (isCompact ? 3 : 1),
          strokeDasharray: edge?.isDefault ? '6 4' : undefined,
        }}
      />
      {!isCompact && (
        <EdgeLabelPortal>
          <div
            className={clsx(
              'nodrag nopan pointer-events-auto absolute flex items-center gap-1',
              isMenuOpen && 'z-[2000]',
            )}
            data-edge-label={id}
            data-edge-source={source}
            data-edge-target={target}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {(text || edge?.isDefault || data?.isBranch) && (
              <button
                type="button"
                className={clsx(
                  'max-w-44 truncate rounded border bg-white px-1.5 py-0.5 text-[11px] text-neutral-700 shadow-xs',
                  selected ? 'border-indigo-400' : 'border-neutral-200',
                )}
                title={data?.conditionText || undefined}
                onClick={(event) => {
                  stopAtLabel(event);
                  select(id);
                }}
              >
                {edge?.isDefault && <span className="font-medium text-neutral-500">Default </span>}
                {text ||
                  (!edge?.isDefault && <span className="text-neutral-400 italic">Set a condition</span>)}
              </button>
            )}
            {data && data.problems.length > 0 && (
              <span title={data.problems.join('\n')} className="text-amber-700">
                <CircleAlert className="size-3.5" aria-label={data.problems.join(' ')} />
              </span>
            )}
            {insert && (
              <div className="relative">
                <button
                  type="button"
                  className="flex size-5 items-center justify-center rounded-full border border-neutral-300 bg-white text-neutral-600 shadow-xs hover:border-indigo-400 hover:text-indigo-600"
                  aria-label="Insert a step here"
                  aria-expanded={isMenuOpen}
                  onClick={(event) => {
                    stopAtLabel(event);
                    setMenuOpen((open) => !open);
                  }}
                >
                  <Plus className="size-3" aria-hidden="true" />
                </button>
                {isMenuOpen && (
                  <ul
                    className="absolute top-6 left-1/2 z-10 w-40 -translate-x-1/2 rounded-md border border-neutral-200 bg-white py-1 shadow-lg"
                    aria-label="Step to insert"
                  >
                    {paletteKinds.map((type) => (
                      <li key={type}>
                        <button
                          type="button"
                          className="w-full px-3 py-1.5 text-left text-xs hover:bg-neutral-50"
                          onClick={(event) => {
                            stopAtLabel(event);
                            setMenuOpen(false);
                            insert(id, type);
                          }}
                        >
                          {nodeKinds[type].label}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </div>
        </EdgeLabelPortal>
      )}
    </>
  );
});

// The label is portaled, yet React bubbles its clicks to the edge, whose own click handling would then
// select it under the open menu.
function stopAtLabel(event: MouseEvent): void {
  event.stopPropagation();
}
