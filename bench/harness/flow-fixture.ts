// The flow the collab scenarios edit, built with the shared flow bindings the way people build one: every
// edit its own transaction (one update on the wire), nodes added and named, connected, dragged around,
// renamed, some deleted again — so the stored history has the tombstones and small updates of real work.
import {
  addFlowEdge,
  addFlowNode,
  initFlow,
  removeFlowNode,
  updateFlowEdge,
  updateFlowNode,
} from '@erp/shared/documents/flow/flow.yjs';
import type * as Y from 'yjs';

export interface FlowSize {
  /** Nodes at the end (more are added and some deleted on the way). */
  nodes: number;
  /** Edges at the end, at least nodes − 1 (a chain plus branches). */
  edges: number;
  /** Edits in total at least: what building the graph leaves is spent on drags, renames and labels. */
  edits: number;
}

/** A small deterministic generator (mulberry32), so every run builds the same flow. */
function createRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const words = [
  'Review',
  'approve',
  'invoice',
  'purchase',
  'order',
  'manager',
  'budget',
  'check',
  'notify',
  'HR',
];

export function buildFlow(doc: Y.Doc, size: FlowSize): { edits: number; probeId: string } {
  const random = createRandom(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  let edits = 0;
  const edit = (apply: () => void) => {
    apply();
    edits++;
  };
  edit(() => initFlow(doc));

  // Nodes in columns of 10, each added, then named in two steps (a word, then the rest).
  const nodeIds: string[] = [];
  const deleted = Math.floor(size.nodes / 10);
  const addNode = (index: number, total: number) => {
    const type = index === 0 ? 'start' : index === total - 1 ? 'end' : random() < 0.15 ? 'decision' : 'task';
    const position = { x: Math.floor(index / 10) * 220, y: (index % 10) * 120 };
    let id = '';
    edit(() => {
      id = addFlowNode(doc, { type, position });
    });
    const first = pick(words);
    edit(() => updateFlowNode(doc, id, { name: first }));
    edit(() => updateFlowNode(doc, id, { name: `${first} ${pick(words)} ${index}` }));
    return id;
  };
  for (let index = 0; index < size.nodes + deleted; index++)
    nodeIds.push(addNode(index, size.nodes + deleted));
  // Some nodes turn out wrong and are deleted again (their history stays in the document).
  for (let count = 0; count < deleted; count++) {
    const [id] = nodeIds.splice(1 + Math.floor(random() * (nodeIds.length - 2)), 1);
    if (id) edit(() => removeFlowNode(doc, id));
  }

  // A chain through every node, then branches forward from random nodes.
  const edgeIds: string[] = [];
  const connect = (source: string, target: string) =>
    edit(() => {
      edgeIds.push(addFlowEdge(doc, { source, target }));
    });
  for (let index = 0; index + 1 < nodeIds.length; index++) {
    connect(nodeIds[index] as string, nodeIds[index + 1] as string);
  }
  while (edgeIds.length < size.edges) {
    const from = Math.floor(random() * (nodeIds.length - 2));
    const to = from + 2 + Math.floor(random() * Math.min(20, nodeIds.length - from - 2));
    connect(nodeIds[from] as string, nodeIds[Math.min(to, nodeIds.length - 1)] as string);
  }

  // The rest of the history: drags (several position updates each), renames and edge labels.
  while (edits < size.edits) {
    const choice = random();
    const nodeId = pick(nodeIds);
    if (choice < 0.6) {
      const x = Math.floor(random() * 2000);
      const y = Math.floor(random() * 1200);
      for (let step = 1; step <= 5; step++) {
        edit(() => updateFlowNode(doc, nodeId, { position: { x: x + step * 4, y: y + step * 2 } }));
      }
    } else if (choice < 0.85) {
      edit(() => updateFlowNode(doc, nodeId, { name: `${pick(words)} ${pick(words)} ${edits}` }));
    } else {
      edit(() => updateFlowEdge(doc, pick(edgeIds), { label: `${pick(words)} ${edits}` }));
    }
  }
  return { edits, probeId: nodeIds[Math.floor(nodeIds.length / 2)] as string };
}

/** One step of a drag of the probe node: its x carries `seq`, so receivers can tell updates apart. */
export function dragProbe(doc: Y.Doc, probeId: string, seq: number): void {
  updateFlowNode(doc, probeId, { position: { x: seq, y: 600 } });
}

/** The probe node's drag step as this replica sees it (layout: root map `nodes`, plain prop `position`). */
export function readProbe(doc: Y.Doc, probeId: string): number | null {
  const position = doc.getMap<Y.Map<unknown>>('nodes').get(probeId)?.get('position') as
    | { x?: unknown }
    | undefined;
  return typeof position?.x === 'number' ? position.x : null;
}
