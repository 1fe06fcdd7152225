import { type NodeHandle, Position } from '@xyflow/react';
import type { DraftNode } from '../draft-flow';
import { describeNode } from './describe-node';

// flow-node.tsx draws every row at a fixed pixel height, so a node's size follows from what it shows. React Flow
// gets it (and its handles) before anything is drawn: it then renders only the nodes in view, fitted, and
// draws their edges in the same pass instead of drawing every node once to measure it. A browser with another root font size measures differently; React Flow's own
// measurement then wins (to-react-flow.ts).
export const nodeWidth = 224;
const frame = 2 + 20; // border + py-2.5
const titleRows = 16 + 20; // kind label (leading-4) + name (leading-5)
const subtitleRow = 16;
const slaRow = 4 + 16; // mt-1 + leading-4
const problemRow = 8 + 16; // mt-2 + leading-4
const handleSize = 10; // !size-2.5

export interface NodeSize {
  width: number;
  height: number;
}

export function nodeSizeOf(node: DraftNode, problemCount: number): NodeSize {
  const text = titleRows + (describeNode(node) ? subtitleRow : 0) + (node.sla ? slaRow : 0);
  return { width: nodeWidth, height: frame + text + (problemCount > 0 ? problemRow : 0) };
}

/**
 * Where the handles are, as React Flow would measure them: centred on the inner edge of the card's 1 px border
 * (the card is the handles' positioned ancestor), top for the target, bottom for the source.
 */
export function nodeHandlesOf(node: DraftNode, size: NodeSize): NodeHandle[] {
  const x = size.width / 2 - handleSize / 2;
  const handles: NodeHandle[] = [];
  if (node.type !== 'start')
    handles.push({ type: 'target', position: Position.Top, x, y: 1 - handleSize / 2, ...square });
  if (node.type !== 'end')
    handles.push({
      type: 'source',
      position: Position.Bottom,
      x,
      y: size.height - 1 - handleSize / 2,
      ...square,
    });
  return handles;
}
const square = { width: handleSize, height: handleSize };
