import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { clsx } from 'clsx';
import { CircleAlert, Clock } from 'lucide-react';
import { memo } from 'react';
import { useIsCompact } from '../canvas/level-of-detail';
import type { DraftNode, Highlight } from '../draft-flow';
import { describeNode } from './describe-node';
import { nodeKinds } from './node-kinds';

export interface FlowNodeData extends Record<string, unknown> {
  node: DraftNode;
  problems: string[];
  highlight?: Highlight;
  /** Colleagues who have this node selected. */
  selectedBy: { name: string; color: string }[];
}
export type FlowNodeItem = Node<FlowNodeData, 'flowNode'>;

const highlightClasses = {
  added: 'ring-4 ring-emerald-300',
  removed: 'opacity-60 ring-4 ring-red-300',
  changed: 'ring-4 ring-amber-300',
  path: 'ring-4 ring-indigo-200',
  current: 'ring-4 ring-indigo-500',
} satisfies Record<Highlight, string>;

/** One node on the canvas: its kind, name, who gets it, its SLA and problems, and colleagues selecting it. */
export const FlowNodeView = memo(function FlowNodeView(props: NodeProps<FlowNodeItem>) {
  const isCompact = useIsCompact();
  return isCompact ? <CompactNode {...props} /> : <DetailedNode {...props} />;
});

function DetailedNode({ data, selected }: NodeProps<FlowNodeItem>) {
  const { node, problems, highlight, selectedBy } = data;
  const kind = nodeKinds[node.type];
  const Icon = kind.icon;
  const subtitle = describeNode(node);
  const peer = selectedBy[0];
  return (
    <div
      className={clsx(
        'relative w-56 rounded-lg border bg-white px-3 py-2.5 shadow-sm',
        selected ? 'border-indigo-500 ring-2 ring-indigo-500/30' : 'border-neutral-200',
        highlight && highlightClasses[highlight],
      )}
      style={peer && !selected ? { boxShadow: `0 0 0 2px ${peer.color}` } : undefined}
      data-node-id={node.id}
      data-highlight={highlight}
    >
      <NodeHandles node={node} />
      <div className="flex items-start gap-2.5">
        <span
          className={clsx(
            'mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md border',
            kind.accent,
          )}
        >
          <Icon className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-[11px] leading-4 font-medium tracking-wide text-neutral-500 uppercase">
            {kind.label}
          </p>
          <p className="truncate text-sm leading-5 font-semibold text-neutral-900" data-node-name>
            {node.name || 'Unnamed'}
          </p>
          {subtitle && <p className="truncate text-xs leading-4 text-neutral-600">{subtitle}</p>}
          {node.sla && (
            <p className="mt-1 flex items-center gap-1 text-xs leading-4 text-neutral-600">
              <Clock className="size-3" aria-hidden="true" />
              Due in {node.sla.due.replace(/^P(T?)/, '').toLowerCase()}
            </p>
          )}
        </div>
      </div>
      {problems.length > 0 && (
        <p
          className="mt-2 flex items-start gap-1 text-xs leading-4 text-amber-800"
          title={problems.join('\n')}
        >
          <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
          <span className="truncate">{problems[0]}</span>
          {problems.length > 1 && <span className="shrink-0">+{problems.length - 1}</span>}
        </p>
      )}
      {peer && (
        <span
          className="absolute -top-2.5 right-2 rounded px-1.5 text-[10px] font-medium text-white"
          style={{ backgroundColor: peer.color }}
        >
          {peer.name}
        </span>
      )}
    </div>
  );
}

/**
 * The overview's node: the kind's colour, the name in large type, a dot for problems; the same box as the
 * detailed node, so nothing moves when the zoom crosses the line.
 */
function CompactNode({ data, selected, width, height }: NodeProps<FlowNodeItem>) {
  const { node, problems, highlight, selectedBy } = data;
  const peer = selectedBy[0];
  return (
    <div
      className={clsx(
        'relative rounded-lg border-2 px-3 py-2',
        nodeKinds[node.type].accent,
        selected && 'ring-8 ring-indigo-500/50',
        highlight && highlightClasses[highlight],
      )}
      style={{ width, height, ...(peer && !selected ? { boxShadow: `0 0 0 6px ${peer.color}` } : {}) }}
      data-node-id={node.id}
      data-highlight={highlight}
    >
      {/* React Flow measures a newly drawn node's handles from the DOM: without them its edges would go. */}
      <NodeHandles node={node} />
      <p className="line-clamp-2 text-2xl leading-8 font-semibold text-neutral-900" data-node-name>
        {node.name || 'Unnamed'}
      </p>
      {problems.length > 0 && (
        <span
          className="absolute -top-3 -right-3 size-7 rounded-full border-2 border-white bg-amber-400"
          title={problems.join('\n')}
        />
      )}
    </div>
  );
}

function NodeHandles({ node }: { node: DraftNode }) {
  return (
    <>
      {node.type !== 'start' && (
        <Handle type="target" position={Position.Top} className="!size-2.5 !bg-neutral-400" />
      )}
      {node.type !== 'end' && (
        <Handle type="source" position={Position.Bottom} className="!size-2.5 !bg-neutral-400" />
      )}
    </>
  );
}
