import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Condition } from '../../conditions/condition.schema';
import { validateSnapshot } from '../issues';
import { expectConvergedAndValid } from '../testing/expect';
import type { Random } from '../testing/random';
import { runConvergence } from '../testing/replicas';
import { emptyFlow, type Flow, flowSchema } from './flow.schema';
import {
  addFlowEdge,
  addFlowNode,
  addFlowTrigger,
  initFlow,
  readFlow,
  removeFlowEdge,
  removeFlowNode,
  removeFlowTrigger,
  setFlowDefaultEdge,
  updateFlow,
  updateFlowEdge,
  updateFlowNode,
  updateFlowTrigger,
} from './flow.yjs';
import { type Assignment, durationToMinutes, type FlowNode } from './flow-nodes.schema';

const validate = (json: unknown) => validateSnapshot(flowSchema, json);
const formId = '6f1c1f0e-8a5e-4a43-9d59-2f1f7c0f3a11';
const userId = '0b6e4f7c-2f47-4a4f-8a57-1f1f3f0d9a22';
const at = (x: number, y: number) => ({ name: '', description: '', position: { x, y } });
const task = (assignment: Assignment) => ({ type: 'task', taskFormId: formId, assignment }) as const;
const link = (id: string, source: string, target: string, extra: object = {}) => ({
  id,
  source,
  target,
  label: '',
  priority: 0,
  isDefault: false,
  ...extra,
});
const bigAmount: Condition = { type: 'comparison', left: 'amount', operator: 'gt', right: 1000 };

const sample: Flow = {
  kind: 'flow',
  schemaVersion: 1,
  description: 'Purchase approval',
  nodes: [
    { ...at(0, 0), id: 'n01', type: 'start', name: 'Request' },
    { ...at(0, 100), id: 'n02', ...task({ type: 'managerOfRequester' }), name: 'Manager approves' },
    { ...at(0, 200), id: 'n03', type: 'decision' },
    {
      ...at(0, 300),
      id: 'n04',
      ...task({ type: 'managerOfRequester', levelsUp: 2 }),
      sla: { due: 'P2D', reminderBefore: 'PT4H', escalation: 'reassignToManager' },
    },
    { ...at(0, 400), id: 'n05', type: 'parallelSplit' },
    { ...at(-100, 500), id: 'n06', ...task({ type: 'role', orgRoleId: userId }) },
    { ...at(100, 500), id: 'n07', ...task({ type: 'fieldValue', fieldKey: 'buyer' }) },
    { ...at(0, 600), id: 'n08', type: 'join', join: { mode: 'nOfM', n: 2 } },
    { ...at(0, 700), id: 'n09', type: 'end', name: 'Approved' },
    { ...at(200, 300), id: 'n10', type: 'end', name: 'Rejected' },
  ],
  edges: [
    link('e01', 'n01', 'n02'),
    link('e02', 'n02', 'n03'),
    link('e03', 'n03', 'n04', { condition: bigAmount, label: 'Over 1000' }),
    link('e04', 'n03', 'n05', { priority: 1, isDefault: true }),
    link('e05', 'n04', 'n05'),
    link('e06', 'n04', 'n10', {
      priority: 1,
      condition: { type: 'comparison', left: 'amount', operator: 'isEmpty' },
    }),
    link('e07', 'n05', 'n06'),
    link('e08', 'n05', 'n07'),
    link('e09', 'n06', 'n08'),
    link('e10', 'n07', 'n08'),
    link('e11', 'n08', 'n09'),
  ],
  triggers: [
    { id: 't1', type: 'manual' },
    { id: 't2', type: 'formSubmission', taskFormId: formId },
    { id: 't3', type: 'recordEvent', tableId: formId, events: ['created', 'updated'] },
    { id: 't4', type: 'schedule', cron: '0 8 * * MON-FRI', timezone: 'Europe/Berlin' },
    { id: 't5', type: 'webhook', hookId: userId },
  ],
};

function seeded(snapshot: Flow = sample): Y.Doc {
  const doc = new Y.Doc();
  initFlow(doc, snapshot);
  return doc;
}

function synced(): [Y.Doc, Y.Doc] {
  const [left, right] = [seeded(), new Y.Doc()];
  Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
  return [left, right];
}

function exchange(left: Y.Doc, right: Y.Doc): void {
  Y.applyUpdate(left, Y.encodeStateAsUpdate(right, Y.encodeStateVector(left)));
  Y.applyUpdate(right, Y.encodeStateAsUpdate(left, Y.encodeStateVector(right)));
}

const issuesOf = (flow: unknown) => {
  const result = validate(flow);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('flow schema', () => {
  it('accepts the empty flow and one with every kind of node and trigger', () => {
    expect(issuesOf(emptyFlow())).toEqual([]);
    expect(validate(sample)).toEqual({ ok: true, value: sample });
  });

  it('reports broken graphs where they are', () => {
    const flow = structuredClone(sample);
    flow.nodes.push({ ...at(0, 0), id: 'n11', type: 'start' });
    flow.nodes = flow.nodes.filter((node) => node.type !== 'end');
    flow.edges.push(
      link('x1', 'n02', 'gone'),
      link('x2', 'n03', 'n03'),
      link('x3', 'n02', 'n01'),
      link('x4', 'n03', 'n02', { isDefault: true, condition: bigAmount }),
    );
    expect(issuesOf(flow)).toEqual([
      'nodes: A flow has exactly one start node.',
      'nodes: A flow needs an end node.',
      'edges.e06.target: No node has this id.',
      'edges.e11.target: No node has this id.',
      'edges.x1.target: No node has this id.',
      'edges.x2.target: An edge cannot lead back to its own node.',
      'edges.x3.target: Nothing leads into the start node.',
      'edges.x4.condition: The default edge has no condition.',
      'edges.x4.isDefault: A node has one default edge at most.',
    ]);
  });

  it('checks joins, durations and reminders', () => {
    const flow = structuredClone(sample);
    flow.edges = flow.edges.filter((edge) => edge.id !== 'e10');
    expect(issuesOf(flow)).toEqual(['nodes.n08.join.n: Only 1 edges lead into this join.']);
    const node = flow.nodes[3] as Extract<FlowNode, { type: 'task' }>;
    node.sla = { due: 'PT4H', reminderBefore: 'PT4H' };
    expect(issuesOf({ ...flow, edges: sample.edges })).toEqual([
      'nodes.n04.sla.reminderBefore: Remind before the task is due.',
    ]);
    node.sla = { due: 'P1M' };
    expect(issuesOf({ ...flow, edges: sample.edges })).toEqual([
      'nodes.n04.sla.due: Use an ISO-8601 duration such as P2D, PT4H or P1DT12H.',
    ]);
  });

  it('reads durations in minutes', () => {
    expect(['P1W', 'P2D', 'PT4H', 'P1DT12H30M', 'PT90M'].map(durationToMinutes)).toEqual([
      10_080, 2880, 240, 2190, 90,
    ]);
    expect(['P', 'PT', 'P1M', 'P1DT', '1D'].map(durationToMinutes)).toEqual(Array(5).fill(Number.NaN));
  });
});

describe('flow binding', () => {
  it('reads back exactly the snapshot it was seeded with', () => {
    expect(readFlow(seeded())).toEqual(sample);
    expect(readFlow(seeded(emptyFlow()))).toEqual(emptyFlow());
  });

  it('removes the edges of a removed node in the same transaction', () => {
    const doc = seeded();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    removeFlowNode(doc, 'n03');
    expect(updates).toHaveLength(1);
    const flow = readFlow(doc) as Flow;
    expect(flow.edges.map((edge) => edge.id)).toEqual([
      'e01',
      'e05',
      'e06',
      'e07',
      'e08',
      'e09',
      'e10',
      'e11',
    ]);
  });

  it('leaves out an edge drawn to a node removed concurrently', () => {
    const [left, right] = synced();
    removeFlowNode(left, 'n10');
    addFlowEdge(right, { id: 'late', source: 'n02', target: 'n10' });
    exchange(left, right);
    expect(readFlow(left)).toEqual(readFlow(right));
    expect((readFlow(left) as Flow).edges.some((edge) => edge.target === 'n10')).toBe(false);
    expect(issuesOf(readFlow(left))).toEqual([]);
  });

  it('keeps one default edge per node, and no condition on it, whatever people do concurrently', () => {
    const [left, right] = synced();
    setFlowDefaultEdge(left, 'n03', 'e03');
    setFlowDefaultEdge(right, 'n03', 'e04');
    updateFlowEdge(right, 'e03', { condition: bigAmount, priority: 3 });
    exchange(left, right);
    const flow = readFlow(left) as Flow;
    expect(readFlow(right)).toEqual(flow);
    expect(flow.edges.filter((edge) => edge.source === 'n03' && edge.isDefault)).toHaveLength(1);
    expect(issuesOf(flow)).toEqual([]);
    setFlowDefaultEdge(left, 'n03', undefined);
    expect((readFlow(left) as Flow).edges.find((edge) => edge.id === 'e03')?.condition).toEqual(bigAmount);
  });

  it('moves both ends of an edge as one value: concurrent reconnects never make a loop', () => {
    const [left, right] = synced();
    updateFlowEdge(left, 'e02', { source: 'n04' });
    updateFlowEdge(right, 'e02', { target: 'n04' });
    exchange(left, right);
    const edge = (readFlow(left) as Flow).edges.find((candidate) => candidate.id === 'e02');
    expect(edge?.source).not.toBe(edge?.target);
    expect(issuesOf(readFlow(left))).toEqual([]);
  });

  it('edits nodes, edges and triggers', () => {
    const doc = seeded(emptyFlow());
    const review = addFlowNode(doc, {
      type: 'task',
      name: 'Review',
      taskFormId: formId,
      assignment: { type: 'person', userId },
    });
    updateFlowEdge(doc, 'start-end', { target: review, label: 'go' });
    const done = addFlowEdge(doc, { source: review, target: 'end', priority: 2 });
    updateFlowNode(doc, review, { sla: { due: 'P1D' }, position: { x: 5, y: 6 } });
    addFlowTrigger(doc, { id: 'nightly', type: 'schedule', cron: '0 2 * * *', timezone: 'UTC' });
    updateFlowTrigger(doc, 'nightly', { cron: '0 3 * * *' });
    removeFlowTrigger(doc, 'manual');
    updateFlow(doc, { description: 'Reviews' });
    const flow = readFlow(doc) as Flow;
    expect(issuesOf(flow)).toEqual([]);
    expect(flow.edges.map(({ source, target }) => `${source}>${target}`).sort()).toEqual(
      [`start>${review}`, `${review}>end`].sort(),
    );
    expect(flow.edges.find((edge) => edge.id === done)?.priority).toBe(2);
    expect(flow.triggers).toEqual([{ id: 'nightly', type: 'schedule', cron: '0 3 * * *', timezone: 'UTC' }]);
    removeFlowEdge(doc, done);
    expect((readFlow(doc) as Flow).edges).toHaveLength(1);
  });
});

// Pinned: start, review (task), gate (join n of m with one pinned incoming edge), end, and the edges between
// them; they are never removed or reconnected, so the gate keeps its n and the flow its start and end.
const pinnedNodes = ['start', 'review', 'gate', 'end'];
const pinnedEdges = ['start-end', 'to-review', 'to-gate', 'to-end'];

function setUpFlow(doc: Y.Doc): void {
  initFlow(doc);
  addFlowNode(doc, { id: 'review', ...task({ type: 'person', userId }) });
  addFlowNode(doc, { id: 'gate', type: 'join', join: { mode: 'nOfM', n: 1 } });
  addFlowEdge(doc, { id: 'to-review', source: 'start', target: 'review' });
  addFlowEdge(doc, { id: 'to-gate', source: 'review', target: 'gate' });
  addFlowEdge(doc, { id: 'to-end', source: 'gate', target: 'end' });
}

const assignments: Assignment[] = [
  { type: 'person', userId },
  { type: 'managerOfRequester', levelsUp: 1 },
  { type: 'managerOfPreviousAssignee' },
  { type: 'fieldValue', fieldKey: 'request.approver' },
];

function editFlow(doc: Y.Doc, random: Random): void {
  const flow = readFlow(doc) as Flow;
  const node = random.pick(flow.nodes);
  const freeNodes = flow.nodes.filter((candidate) => !pinnedNodes.includes(candidate.id));
  const freeEdges = flow.edges.filter((candidate) => !pinnedEdges.includes(candidate.id));
  const sources = flow.nodes.filter((candidate) => candidate.type !== 'end');
  const targets = flow.nodes.filter((candidate) => candidate.type !== 'start');
  const position = { x: random.int(1000), y: random.int(1000) };
  switch (random.int(13)) {
    case 0: {
      const type = random.pick(['task', 'decision', 'parallelSplit', 'join', 'end'] as const);
      const settings =
        type === 'task'
          ? task(random.pick(assignments))
          : type === 'join'
            ? { join: { mode: 'any' } as const }
            : {};
      addFlowNode(doc, { id: random.id(), type, name: random.text(), position, ...settings });
      return;
    }
    case 1:
      if (freeNodes.length > 0) removeFlowNode(doc, random.pick(freeNodes).id);
      return;
    case 2:
      updateFlowNode(doc, node.id, { position, name: random.text() });
      return;
    case 3:
      updateFlowNode(doc, node.id, { description: random.text(20) });
      return;
    case 4:
    case 5: {
      const [source, target] = [random.pick(sources), random.pick(targets)];
      if (source.id !== target.id)
        addFlowEdge(doc, { id: random.id(), source: source.id, target: target.id });
      return;
    }
    case 6:
      if (freeEdges.length > 0) removeFlowEdge(doc, random.pick(freeEdges).id);
      return;
    case 7: {
      if (freeEdges.length === 0) return;
      const edge = random.pick(freeEdges);
      const end = random.chance(0.5)
        ? { source: random.pick(sources).id }
        : { target: random.pick(targets).id };
      if ({ ...edge, ...end }.source !== { ...edge, ...end }.target) updateFlowEdge(doc, edge.id, end);
      return;
    }
    case 8: {
      const edge = random.pick(flow.edges);
      const condition: Condition = {
        type: 'comparison',
        left: 'amount',
        operator: 'gte',
        right: random.int(500),
      };
      updateFlowEdge(doc, edge.id, {
        condition: random.chance(0.8) ? condition : undefined,
        priority: random.int(5),
      });
      return;
    }
    case 9: {
      const outgoing = flow.edges.filter((edge) => edge.source === node.id);
      setFlowDefaultEdge(
        doc,
        node.id,
        outgoing.length > 0 && random.chance(0.8) ? random.pick(outgoing).id : undefined,
      );
      return;
    }
    case 10:
      if (node.type === 'task') {
        const hours = 1 + random.int(48);
        updateFlowNode(doc, node.id, {
          assignment: random.pick(assignments),
          sla: random.chance(0.7) ? { due: `PT${hours}H`, reminderBefore: `PT${hours * 30}M` } : undefined,
        });
      } else if (node.type === 'join' && node.id !== 'gate') {
        updateFlowNode(doc, node.id, { join: { mode: random.pick(['all', 'any'] as const) } });
      }
      return;
    case 11:
      if (random.chance(0.5) || flow.triggers.length === 0) {
        addFlowTrigger(doc, { id: random.id(), type: 'webhook', hookId: formId });
      } else {
        removeFlowTrigger(doc, random.pick(flow.triggers).id);
      }
      return;
    default:
      updateFlow(doc, { description: random.text(40) });
  }
}

describe('flow convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid flow (seed %i)', (seed) => {
    const docs = runConvergence({ seed, replicas: 4, edits: 700, setup: setUpFlow, edit: editFlow });
    const flow = expectConvergedAndValid(docs, readFlow, validate) as Flow;
    expect(flow.nodes.length).toBeGreaterThan(pinnedNodes.length);
    expect(flow.edges.length).toBeGreaterThan(pinnedEdges.length);
  });
});
