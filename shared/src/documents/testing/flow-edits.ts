import type * as Y from 'yjs';
import type { Condition } from '../../conditions/condition.schema';
import { at, link, task } from '../flow/flow.sample';
import { emptyFlow, type Flow } from '../flow/flow.schema';
import { flowEdges, flowNodes, flowTriggers, getFlowText, readFlow } from '../flow/flow.yjs';
import type { Assignment } from '../flow/flow-nodes.schema';
import type { Draft } from '../schemas';
import { isLowSurrogate } from '../text.yjs';
import type { Random } from './random';

// Seeded random edits of a flow through its edit helpers (the flow convergence test and the collab server's
// chaos test use them), each valid on its own whatever it merges with:
// node types are fixed, an edge's ends move as one value and never make a loop, never leave an end node or
// enter the start node, and the pinned part below is never removed or reconnected (it keeps one start, an end
// and the n-of-m join's incoming edge). Counts are capped per replica so that even four replicas' additions
// merged stay within the schema's limits.

const pinnedNodes = new Set(['start', 'end', 'review', 'gate']);
const pinnedEdges = new Set(['start-end', 'to-review', 'to-gate', 'to-end']);
const limits = { nodes: 60, edges: 150, triggers: 6, textLength: 24 };
const hookId = '5a3c0f2e-9d1b-4c7e-8f6a-1b2c3d4e5f60';

/** The document's initial content: the empty flow plus a task and an n-of-m join, all pinned. */
export function pinnedFlow(): Flow {
  const flow = emptyFlow();
  flow.nodes.push(
    { ...at(200, 0), id: 'review', ...task({ type: 'managerOfRequester' }) },
    { ...at(200, 120), id: 'gate', type: 'join', join: { mode: 'nOfM', n: 1 } },
  );
  flow.edges.push(
    link('to-review', 'start', 'review'),
    link('to-gate', 'review', 'gate'),
    link('to-end', 'gate', 'end'),
  );
  return flow;
}

const assignments: Assignment[] = [
  { type: 'managerOfRequester', levelsUp: 2 },
  { type: 'managerOfPreviousAssignee' },
  { type: 'fieldValue', fieldKey: 'order.approver' },
  { type: 'role', orgRoleId: hookId },
];

interface EditContext {
  doc: Y.Doc;
  flow: Draft<Flow>;
  random: Random;
  origin: object;
}

// Each changes the document, or returns false when it would not (given what this replica sees); the caller
// then picks another.
type FlowEdit = (context: EditContext) => boolean;

const freeNodesOf = (flow: Draft<Flow>) => flow.nodes.filter((node) => !pinnedNodes.has(node.id));
const freeEdgesOf = (flow: Draft<Flow>) => flow.edges.filter((edge) => !pinnedEdges.has(edge.id));
const sourcesOf = (flow: Draft<Flow>) => flow.nodes.filter((node) => node.type !== 'end');
const targetsOf = (flow: Draft<Flow>) => flow.nodes.filter((node) => node.type !== 'start');
const positionFrom = (random: Random) => ({ x: random.int(2000) - 1000, y: random.int(2000) });

// Y.Text counts UTF-16 code units: never place a cut between the halves of a surrogate pair.
function codePointBoundary(content: string, index: number): number {
  return index > 0 && isLowSurrogate(content.charCodeAt(index)) ? index - 1 : index;
}

/** Types into or deletes from a shared text at a random spot, as a person at a keyboard does. */
function typeInto(text: Y.Text, random: Random): void {
  const content = text.toString();
  if (content.length > 0 && random.chance(content.length > limits.textLength ? 0.8 : 0.25)) {
    const from = codePointBoundary(content, random.int(content.length));
    const to = codePointBoundary(content, Math.min(content.length, from + 1 + random.int(5)));
    // `to` falls back onto `from` only inside the surrogate pair that starts there: delete the pair.
    text.delete(from, (to > from ? to : from + 2) - from);
  } else {
    text.insert(codePointBoundary(content, random.int(content.length + 1)), random.text(4) || '-');
  }
}

function randomCondition(random: Random): Condition {
  const left = random.pick(['amount', 'order.total', 'request.kind']);
  switch (random.int(3)) {
    case 0:
      return {
        type: 'comparison',
        left,
        operator: random.pick(['lt', 'gte'] as const),
        right: random.int(900),
      };
    case 1:
      return { type: 'comparison', left, operator: 'eq', right: random.text(6) };
    default:
      return { type: 'comparison', left, operator: random.pick(['isEmpty', 'isNotEmpty'] as const) };
  }
}

const flowEditTable: [weight: number, edit: FlowEdit][] = [
  // Add a node of any type but start.
  [
    3,
    ({ doc, flow, random, origin }) => {
      if (flow.nodes.length >= limits.nodes) return false;
      const kind = random.pick(['task', 'decision', 'parallelSplit', 'join', 'end'] as const);
      const props =
        kind === 'task'
          ? task(random.pick(assignments))
          : kind === 'join'
            ? { type: kind, join: { mode: random.pick(['all', 'any'] as const) } }
            : { type: kind };
      flowNodes.add(
        doc,
        { id: random.id(), name: random.text(), position: positionFrom(random), ...props },
        origin,
      );
      return true;
    },
  ],
  // Drag a node.
  [
    3,
    ({ doc, flow, random, origin }) => {
      flowNodes.update(doc, random.pick(flow.nodes).id, { position: positionFrom(random) }, origin);
      return true;
    },
  ],
  // Delete a node (its edges go with it) or disconnect an edge.
  [
    4,
    ({ doc, flow, random, origin }) => {
      const isNode = random.chance(0.5);
      const free = (isNode ? freeNodesOf(flow) : freeEdgesOf(flow)).map((entity) => entity.id);
      if (free.length === 0) return false;
      (isNode ? flowNodes : flowEdges).remove(doc, random.pick(free), origin);
      return true;
    },
  ],
  // Type in a node's name, character by character through its Y.Text.
  [
    4,
    ({ doc, flow, random, origin }) => {
      const text = flowNodes.getText(doc, random.pick(flow.nodes).id, 'name');
      if (!text) return false;
      doc.transact(() => typeInto(text, random), origin);
      return true;
    },
  ],
  // Rename a node or relabel an edge whole (the helpers diff the text).
  [
    1,
    ({ doc, flow, random, origin }) => {
      const text = random.text();
      if (random.chance(0.5)) {
        const node = random.pick(flow.nodes);
        if (node.name === text) return false;
        flowNodes.update(doc, node.id, { name: text }, origin);
      } else {
        const edge = random.pick(flow.edges);
        if (edge.label === text) return false;
        flowEdges.update(doc, edge.id, { label: text }, origin);
      }
      return true;
    },
  ],
  // Connect two nodes.
  [
    4,
    ({ doc, flow, random, origin }) => {
      const source = random.pick(sourcesOf(flow)).id;
      const target = random.pick(targetsOf(flow)).id;
      if (flow.edges.length >= limits.edges || source === target) return false;
      flowEdges.add(doc, { id: random.id(), source, target, priority: random.int(4) }, origin);
      return true;
    },
  ],
  // Drag one end of an edge to another node.
  [
    2,
    ({ doc, flow, random, origin }) => {
      const free = freeEdgesOf(flow);
      if (free.length === 0) return false;
      const edge = random.pick(free);
      const ends = random.chance(0.5)
        ? { source: random.pick(sourcesOf(flow)).id, target: edge.target }
        : { source: edge.source, target: random.pick(targetsOf(flow)).id };
      if (ends.source === ends.target) return false;
      flowEdges.update(doc, edge.id, ends, origin);
      return true;
    },
  ],
  // Change an edge's condition and priority.
  [
    3,
    ({ doc, flow, random, origin }) => {
      const condition = random.chance(0.85) ? randomCondition(random) : undefined;
      flowEdges.update(doc, random.pick(flow.edges).id, { condition, priority: random.int(6) }, origin);
      return true;
    },
  ],
  // Pick or clear a node's default edge.
  [
    2,
    ({ doc, flow, random, origin }) => {
      const node = random.pick(sourcesOf(flow));
      const outgoing = flow.edges.filter((edge) => edge.source === node.id);
      const edgeId = outgoing.length > 0 && random.chance(0.75) ? random.pick(outgoing).id : undefined;
      // Clearing a default that is not there would change nothing.
      if (!edgeId && !outgoing.some((edge) => edge.isDefault)) return false;
      flowNodes.setDefaultEdge(doc, node.id, edgeId, origin);
      return true;
    },
  ],
  // Reassign a task or change its SLA; switch a free join between all and any.
  [
    2,
    ({ doc, flow, random, origin }) => {
      const candidates = freeNodesOf(flow).filter((free) => free.type === 'task' || free.type === 'join');
      if (candidates.length === 0) return false;
      const node = random.pick(candidates);
      if (node.type === 'join') {
        flowNodes.update(doc, node.id, { join: { mode: random.pick(['all', 'any'] as const) } }, origin);
        return true;
      }
      const days = 1 + random.int(9);
      const sla = random.chance(0.6) ? { due: `P${days}D`, reminderBefore: `PT${days * 12}H` } : undefined;
      flowNodes.update(doc, node.id, { assignment: random.pick(assignments), sla }, origin);
      return true;
    },
  ],
  // Type in the flow's description.
  [
    1,
    ({ doc, random, origin }) => {
      doc.transact(() => typeInto(getFlowText(doc, 'description'), random), origin);
      return true;
    },
  ],
  // Add or remove a start trigger.
  [
    1,
    ({ doc, flow, random, origin }) => {
      if (flow.triggers.length > 0 && (flow.triggers.length >= limits.triggers || random.chance(0.5))) {
        flowTriggers.remove(doc, random.pick(flow.triggers).id, origin);
      } else {
        flowTriggers.add(doc, { id: random.id(), type: 'webhook', hookId }, origin);
      }
      return true;
    },
  ],
];

const totalWeight = flowEditTable.reduce((sum, [weight]) => sum + weight, 0);

function pickFlowEdit(random: Random): FlowEdit {
  let ticket = random.int(totalWeight);
  for (const [weight, edit] of flowEditTable) {
    if (ticket < weight) return edit;
    ticket -= weight;
  }
  throw new Error('unreachable: the tickets cover the table');
}

/** One random change of a flow seeded with pinnedFlow(), chosen from what `doc` holds now, with `origin`. */
export function editFlowRandomly(doc: Y.Doc, random: Random, origin: object): void {
  const flow = readFlow(doc);
  while (!pickFlowEdit(random)({ doc, flow, random, origin })) {
    // Dragging a node always applies, so this ends.
  }
}
