import { type ReactFlowState, useStore } from '@xyflow/react';
import { createContext, type ReactNode, useContext } from 'react';

// Zoomed out this far, a node's text is a few pixels high and an edge's label a smudge: nodes draw as coloured
// cards with their name and edges as lines, a tenth of the elements to lay out and paint. One subscription here
// re-renders nodes and edges only when the zoom crosses the line.
export const compactBelowZoom = 0.45;
const selectIsCompact = (state: ReactFlowState) => state.transform[2] < compactBelowZoom;
const CompactContext = createContext(false);

export function LevelOfDetailProvider({ children }: { children: ReactNode }) {
  const isCompact = useStore(selectIsCompact);
  return <CompactContext.Provider value={isCompact}>{children}</CompactContext.Provider>;
}

/** Whether the canvas is zoomed out to the overview, where nodes and edges draw without their details. */
export function useIsCompact(): boolean {
  return useContext(CompactContext);
}
