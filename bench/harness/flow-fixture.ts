// The flow the collab scenarios edit, built with the shared flow bindings the way people build one: every
// edit its own transaction (one update on the wire), nodes added and named, connected, dragged around,
// renamed, some deleted again — so the stored history has the tombstones and small updates of real work.
import { flowEdges, flowNodes, initFlow } from '@erp/shared/documents';
import { Random } from '@erp/shared/testing';
import type * as Y from 'yjs';

export interface FlowSize {
  /** Nodes at the end (more are added and some deleted on the way). */
  nodes: number;
  /** Edges at the end, at least nodes − 1 (a chain plus branches). */
  edges: number;
  /** Edits in total at least: what building the graph leaves is spent on drags, renames and labels. */
  edits: number;
}

function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
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

export interface BuiltFlow {
  edits: number;
  /** The node the fan-out drags. */
  probeId: string;
}

/** Builds the flow in one go. */
export function buildFlow(doc: Y.Doc, size: FlowSize): BuiltFlow {
  const steps = flowEdits(doc, size);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Builds the flow one edit per `next()`, so a caller can pace the edits as people make them. */
export function* flowEdits(doc: Y.Doc, size: FlowSize): Generator<void, BuiltFlow> {
  // Seeded, so every run builds the same flow.
  const random = new Random(42);
  let edits = 0;
  function* edit(apply: () => void) {
    apply();
    edits++;
    yield;
  }
  yield* edit(() => initFlow(doc));

  // A new flow may come with its start and end nodes (layout: root map `nodes`); the chain below runs from
  // the first to the last of them through every node added here.
  const initial = [...doc.getMap<Y.Map<unknown>>('nodes').entries()];
  const startIds = initial.filter(([, node]) => node.get('type') === 'start').map(([id]) => id);
  const endIds = initial.filter(([, node]) => node.get('type') !== 'start').map(([id]) => id);
  // Nodes in columns of 10, each added, then named in two steps (a word, then the rest).
  const nodeIds: string[] = [...startIds];
  const deleted = Math.floor(size.nodes / 10);
  const total = size.nodes + deleted - initial.length;
  // Levels use one of a few published forms and are assigned the ways people assign them.
  const formIds = Array.from({ length: 20 }, () => uuidFrom(random));
  const roleIds = Array.from({ length: 10 }, () => uuidFrom(random));
  for (let index = 0; index < total; index++) {
    const position = { x: Math.floor(index / 10) * 220 + 220, y: (index % 10) * 120 };
    const isDecision = random.chance(0.15);
    const assignment = random.chance(0.5)
      ? { type: 'managerOfRequester' as const }
      : { type: 'role' as const, orgRoleId: random.pick(roleIds) };
    let id = '';
    yield* edit(() => {
      id = isDecision
        ? flowNodes.add(doc, { type: 'decision', position })
        : flowNodes.add(doc, {
            type: 'task',
            position,
            taskFormId: random.pick(formIds),
            assignment,
            ...(random.chance(0.3) ? { sla: { due: 'P2D' } } : {}),
          });
    });
    nodeIds.push(id);
    const first = random.pick(words);
    yield* edit(() => flowNodes.update(doc, id, { name: first }));
    yield* edit(() => flowNodes.update(doc, id, { name: `${first} ${random.pick(words)} ${index}` }));
  }
  // Some nodes turn out wrong and are deleted again (their history stays in the document).
  for (let count = 0; count < deleted; count++) {
    const [id] = nodeIds.splice(startIds.length + random.int(nodeIds.length - startIds.length), 1);
    if (id) yield* edit(() => flowNodes.remove(doc, id));
  }
  nodeIds.push(...endIds);

  // A chain through every node, then branches forward from random nodes.
  const edgeIds: string[] = [];
  const connect = (source: string, target: string) =>
    edit(() => {
      edgeIds.push(flowEdges.add(doc, { source, target }));
    });
  for (let index = 0; index + 1 < nodeIds.length; index++) {
    yield* connect(nodeIds[index] as string, nodeIds[index + 1] as string);
  }
  while (edgeIds.length < size.edges) {
    const from = random.int(nodeIds.length - 2);
    const to = from + 2 + random.int(Math.min(20, nodeIds.length - from - 2));
    yield* connect(nodeIds[from] as string, nodeIds[Math.min(to, nodeIds.length - 1)] as string);
  }

  // The rest of the history: drags (several position updates each), renames and edge labels.
  while (edits < size.edits) {
    const choice = random.next();
    const nodeId = random.pick(nodeIds);
    if (choice < 0.6) {
      const x = random.int(2000);
      const y = random.int(1200);
      for (let step = 1; step <= 5; step++) {
        yield* edit(() => flowNodes.update(doc, nodeId, { position: { x: x + step * 4, y: y + step * 2 } }));
      }
    } else if (choice < 0.85) {
      yield* edit(() =>
        flowNodes.update(doc, nodeId, { name: `${random.pick(words)} ${random.pick(words)} ${edits}` }),
      );
    } else {
      yield* edit(() =>
        flowEdges.update(doc, random.pick(edgeIds), { label: `${random.pick(words)} ${edits}` }),
      );
    }
  }
  return { edits, probeId: nodeIds[Math.floor(nodeIds.length / 2)] as string };
}

/** One step of a drag of the probe node: its x carries `seq`, so receivers can tell updates apart. */
export function dragProbe(doc: Y.Doc, probeId: string, seq: number): void {
  flowNodes.update(doc, probeId, { position: { x: seq, y: 600 } });
}

/** The probe node's drag step as this replica sees it (layout: root map `nodes`, plain prop `position`). */
export function readProbe(doc: Y.Doc, probeId: string): number | null {
  const position = doc.getMap<Y.Map<unknown>>('nodes').get(probeId)?.get('position') as
    | { x?: unknown }
    | undefined;
  return typeof position?.x === 'number' ? position.x : null;
}
