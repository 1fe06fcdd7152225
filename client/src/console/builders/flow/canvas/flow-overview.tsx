import { type Node, Panel, type ReactFlowState, useReactFlow, useStore } from '@xyflow/react';
import { type PointerEvent, useLayoutEffect, useRef } from 'react';

// The overview in the canvas's corner, drawn on one <canvas>. React Flow's MiniMap draws an SVG rectangle per
// node, each a component with its own store subscription: on a 500-node flow that was 500 components to mount
// on opening and 500 selectors run on every drag frame, for a picture 150 px wide.
const size = { width: 150, height: 100 };
const padding = 5;
const nodeColor = '#d4d4d4';
const selectedColor = '#6366f1';
const maskColor = 'rgba(240, 240, 240, 0.6)';
const viewStroke = '#a3a3a3';

type Box = { x: number; y: number; width: number; height: number };
const selectView = (state: ReactFlowState) => ({
  x: state.transform[0],
  y: state.transform[1],
  zoom: state.transform[2],
  width: state.width,
  height: state.height,
});
const isSameView = (a: ReturnType<typeof selectView>, b: ReturnType<typeof selectView>) =>
  a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.width === b.width && a.height === b.height;

/**
 * The whole flow small, with the part in view framed; a press or drag on it moves the view there, the wheel
 * zooms.
 */
export function FlowOverview({ nodes }: { nodes: Node[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const view = useStore(selectView, isSameView);
  const { setCenter, zoomIn, zoomOut } = useReactFlow();
  const inView: Box = {
    x: -view.x / view.zoom,
    y: -view.y / view.zoom,
    width: view.width / view.zoom,
    height: view.height / view.zoom,
  };
  const frame = overviewFrame(nodes, inView);
  const latestFrame = useRef(frame);
  latestFrame.current = frame;

  useLayoutEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio / frame.scale, 0, 0, ratio / frame.scale, 0, 0);
    context.translate(-frame.x, -frame.y);
    context.clearRect(frame.x, frame.y, size.width * frame.scale, size.height * frame.scale);
    for (const node of nodes) {
      context.fillStyle = node.selected ? selectedColor : nodeColor;
      const width = node.measured?.width ?? 0;
      const height = node.measured?.height ?? 0;
      context.fillRect(node.position.x, node.position.y, width, height);
    }
    // Everything outside the view is veiled; the view itself stays clear, with a frame.
    context.fillStyle = maskColor;
    context.beginPath();
    context.rect(frame.x, frame.y, size.width * frame.scale, size.height * frame.scale);
    context.rect(inView.x, inView.y, inView.width, inView.height);
    context.fill('evenodd');
    context.strokeStyle = viewStroke;
    context.lineWidth = frame.scale;
    context.strokeRect(inView.x, inView.y, inView.width, inView.height);
  });

  const moveViewTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const { x, y, scale } = latestFrame.current;
    void setCenter(x + (event.clientX - box.left) * scale, y + (event.clientY - box.top) * scale, {
      zoom: view.zoom,
    });
  };
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <Panel position="bottom-right" className="!m-2">
      <canvas
        ref={canvasRef}
        width={size.width * ratio}
        height={size.height * ratio}
        style={size}
        className="cursor-grab touch-none rounded-md border border-neutral-200 bg-white"
        role="img"
        aria-label="Overview of the flow"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveViewTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) moveViewTo(event);
        }}
        onWheel={(event) => void (event.deltaY < 0 ? zoomIn() : zoomOut())}
      />
    </Panel>
  );
}

/** What the overview shows, in flow coordinates: every node and the view, centred; `scale` flow units per pixel. */
function overviewFrame(nodes: Node[], inView: Box): { x: number; y: number; scale: number } {
  let left = inView.x;
  let top = inView.y;
  let right = inView.x + inView.width;
  let bottom = inView.y + inView.height;
  for (const node of nodes) {
    left = Math.min(left, node.position.x);
    top = Math.min(top, node.position.y);
    right = Math.max(right, node.position.x + (node.measured?.width ?? 0));
    bottom = Math.max(bottom, node.position.y + (node.measured?.height ?? 0));
  }
  const fit = Math.max((right - left) / size.width, (bottom - top) / size.height) || 1;
  const scale = (fit * size.width) / (size.width - 2 * padding);
  return {
    x: (left + right) / 2 - (size.width * scale) / 2,
    y: (top + bottom) / 2 - (size.height * scale) / 2,
    scale,
  };
}
