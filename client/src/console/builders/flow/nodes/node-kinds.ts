import type { FlowNodeType, NewFlowNode } from '@erp/shared/documents';
import { CircleStop, GitBranch, GitFork, GitMerge, type LucideIcon, Play, UserCheck } from 'lucide-react';

export interface NodeKind {
  label: string;
  icon: LucideIcon;
  /** One line in the palette. */
  hint: string;
  /** Accent (icon background and border) as Tailwind classes. */
  accent: string;
  /** The palette offers it (a flow has one start, made with the flow). */
  inPalette: boolean;
  /** What a new node of this kind starts with, besides its type and position. */
  defaults: () => Partial<NewFlowNode>;
}

export const nodeKinds = {
  start: {
    label: 'Start',
    icon: Play,
    hint: 'Where every instance begins',
    accent: 'bg-emerald-50 text-emerald-700 border-emerald-300',
    inPalette: false,
    defaults: () => ({ name: 'Start' }),
  },
  task: {
    label: 'Task level',
    icon: UserCheck,
    hint: 'Someone fills in a form',
    accent: 'bg-indigo-50 text-indigo-700 border-indigo-300',
    inPalette: true,
    defaults: () => ({ name: 'New level', assignment: { type: 'managerOfRequester' } }),
  },
  decision: {
    label: 'Decision',
    icon: GitBranch,
    hint: 'Goes one way, by conditions',
    accent: 'bg-amber-50 text-amber-800 border-amber-300',
    inPalette: true,
    defaults: () => ({ name: 'Decision' }),
  },
  parallelSplit: {
    label: 'Parallel split',
    icon: GitFork,
    hint: 'Starts branches side by side',
    accent: 'bg-sky-50 text-sky-700 border-sky-300',
    inPalette: true,
    defaults: () => ({ name: 'In parallel' }),
  },
  join: {
    label: 'Join',
    icon: GitMerge,
    hint: 'Waits for all, any or n branches',
    accent: 'bg-violet-50 text-violet-700 border-violet-300',
    inPalette: true,
    defaults: () => ({ name: 'Join', join: { mode: 'all' } }),
  },
  end: {
    label: 'End',
    icon: CircleStop,
    hint: 'The instance is done',
    accent: 'bg-neutral-100 text-neutral-700 border-neutral-300',
    inPalette: true,
    defaults: () => ({ name: 'End' }),
  },
} satisfies Record<FlowNodeType, NodeKind>;

export const paletteKinds = (Object.keys(nodeKinds) as FlowNodeType[]).filter(
  (type) => nodeKinds[type].inPalette,
);

/** The MIME type of a palette item being dragged onto the canvas. */
export const paletteDragType = 'application/x-erp-flow-node';
