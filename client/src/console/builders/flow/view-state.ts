import { atom } from 'jotai';

// View state of one open flow builder (the document itself lives only in the Y.Doc). Scoped by the
// builder's jotai Provider, so two builders never share a selection.
export const selectionAtom = atom<{ nodes: string[]; edges: string[] }>({ nodes: [], edges: [] });
export type SidePanel = 'inspect' | 'problems' | 'simulate';
export const sidePanelAtom = atom<SidePanel>('inspect');
export const isHelpOpenAtom = atom(false);
/** The simulator's path on the canvas: the nodes and edges walked so far, and where it waits now. */
export const simulatedPathAtom = atom<{ walked: Set<string>; current: Set<string> } | null>(null);
