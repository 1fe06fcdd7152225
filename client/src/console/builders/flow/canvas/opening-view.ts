import { getNodesBounds, getViewportForBounds, type Node, type Viewport } from '@xyflow/react';
import type { DraftFlow } from '../draft-flow';
import { nodeWidth } from '../nodes/node-geometry';
import { compactBelowZoom } from './level-of-detail';

export const minZoom = 0.1;
export const fitViewOptions = { maxZoom: 1 };
// Above the level of detail's line (nodes drawn with their text), yet showing a good part of a large flow.
const readableZoom = 0.75;
const margin = 40;

/**
 * Where the canvas opens: fitted to every node, unless that would shrink them below a readable size (a flow of
 * hundreds of steps). Such a flow opens where it begins, at a zoom people read: its start near the top, the
 * view kept within the flow's bounds. React Flow then draws only the few dozen nodes in view, not all of them
 * as unreadable specks; zoom to fit (Shift+F) still shows the whole overview. 'fit' while the canvas has no size.
 */
export function openingViewport(
  flow: DraftFlow,
  nodes: Node[],
  canvas: { width: number; height: number } | undefined,
): Viewport | 'fit' {
  if (!canvas || canvas.width === 0 || canvas.height === 0 || nodes.length === 0) return 'fit';
  const bounds = getNodesBounds(nodes);
  const fitted = getViewportForBounds(
    bounds,
    canvas.width,
    canvas.height,
    minZoom,
    fitViewOptions.maxZoom,
    0.1,
  );
  if (fitted.zoom >= compactBelowZoom) return fitted;
  const zoom = readableZoom;
  const start = flow.nodes.find((node) => node.type === 'start') ?? flow.nodes[0];
  const halfWidth = canvas.width / 2 / zoom;
  const room = margin / zoom;
  // Centred on the start, but with no empty half-screen beside the flow when the start sits at its edge; a
  // flow narrower than the view is centred.
  const leftmost = bounds.x - room + halfWidth;
  const rightmost = bounds.x + bounds.width + room - halfWidth;
  const startCentre = (start?.position.x ?? bounds.x) + nodeWidth / 2;
  const centreX =
    leftmost > rightmost ? bounds.x + bounds.width / 2 : Math.min(Math.max(startCentre, leftmost), rightmost);
  const top = (start?.position.y ?? bounds.y) - room;
  return { x: canvas.width / 2 - centreX * zoom, y: -top * zoom, zoom };
}
