import { type ReactFlowState, useStore } from '@xyflow/react';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { createPortal } from 'react-dom';

// React Flow's own portals (EdgeLabelRenderer, ViewportPortal) each find their layer with a querySelector in a
// store selector, run again on every store change: with 600 edge labels that was most of a drag frame. The
// layers are found once here, when the canvas's element appears, and handed down by context.
interface CanvasLayers {
  /** HTML above the edges (edge labels), in flow coordinates. */
  edgeLabels: Element | null;
  /** HTML above the nodes (colleagues' cursors), in flow coordinates. */
  viewport: Element | null;
}
const CanvasLayersContext = createContext<CanvasLayers>({ edgeLabels: null, viewport: null });

const selectDomNode = (state: ReactFlowState) => state.domNode;

/** Provides the layers of the canvas of the surrounding ReactFlowProvider. */
export function CanvasLayersProvider({ children }: { children: ReactNode }) {
  const domNode = useStore(selectDomNode);
  const layers = useMemo(
    () => ({
      edgeLabels: domNode?.querySelector('.react-flow__edgelabel-renderer') ?? null,
      viewport: domNode?.querySelector('.react-flow__viewport-portal') ?? null,
    }),
    [domNode],
  );
  return <CanvasLayersContext.Provider value={layers}>{children}</CanvasLayersContext.Provider>;
}

export function EdgeLabelPortal({ children }: { children: ReactNode }) {
  const { edgeLabels } = useContext(CanvasLayersContext);
  return edgeLabels ? createPortal(children, edgeLabels) : null;
}

export function ViewportLayerPortal({ children }: { children: ReactNode }) {
  const { viewport } = useContext(CanvasLayersContext);
  return viewport ? createPortal(children, viewport) : null;
}
