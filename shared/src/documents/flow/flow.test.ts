import { describe, expect, it } from 'vitest';
import { freezeDeep } from '../immutable';
import { exchange, expectConvergence, listIssues, seedDoc, syncedPair } from '../testing/documents';
import { editFlowRandomly, pinnedFlow } from '../testing/flow-edits';
import { at, bigAmount, formId, link, flowSample as sample, userId } from './flow.sample';
import { emptyFlow, flowTriggerTypes } from './flow.schema';
import { flowEdges, flowNodes, flowTriggers, initFlow, readFlow, updateFlow } from './flow.yjs';
import { durationToMinutes, type FlowNode, flowNodeTypes } from './flow-nodes.schema';

describe('flow schema', () => {
  it('has a sample with every type of node and trigger', () => {
    expect(new Set(sample.nodes.map((node) => node.type))).toEqual(new Set(flowNodeTypes));
    expect(sample.triggers.map((trigger) => trigger.type)).toEqual([...flowTriggerTypes]);
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
    expect(listIssues('flow', flow)).toEqual([
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
    expect(listIssues('flow', flow)).toEqual(['nodes.n08.join.n: Only 1 edges lead into this join.']);
    const node = flow.nodes[3] as Extract<FlowNode, { type: 'task' }>;
    node.sla = { due: 'PT4H', reminderBefore: 'PT4H' };
    expect(listIssues('flow', { ...flow, edges: sample.edges })).toEqual([
      'nodes.n04.sla.reminderBefore: Remind before the task is due.',
    ]);
    node.sla = { due: 'P1M' };
    expect(listIssues('flow', { ...flow, edges: sample.edges })).toEqual([
      'nodes.n04.sla.due: Use an ISO-8601 duration such as P2D, PT4H or P1DT12H.',
    ]);
  });

  it("reports a frozen entity (a kept draft's) the same on every validation, where it sits", () => {
    const flow = freezeDeep(structuredClone(sample));
    const task = flow.nodes[3] as Extract<FlowNode, { type: 'task' }>;
    const broken = { ...task, sla: { due: 'P1M' } } as FlowNode;
    freezeDeep(broken);
    const expected = ['nodes.n04.sla.due: Use an ISO-8601 duration such as P2D, PT4H or P1DT12H.'];
    const withBroken = (nodes: FlowNode[]) => ({ ...flow, nodes });
    expect(listIssues('flow', withBroken(flow.nodes.with(3, broken)))).toEqual(expected);
    expect(listIssues('flow', withBroken(flow.nodes.with(3, broken)))).toEqual(expected);
    // Moved elsewhere in the list, the kept result is reported at its new place, by its id.
    const moved = [...flow.nodes.filter((node) => node.id !== task.id), broken];
    expect(listIssues('flow', withBroken(moved))).toEqual(expected);
    expect(listIssues('flow', flow)).toEqual([]);
  });

  it('reads durations in minutes', () => {
    expect(['P1W', 'P2D', 'PT4H', 'P1DT12H30M', 'PT90M'].map(durationToMinutes)).toEqual([
      10_080, 2880, 240, 2190, 90,
    ]);
    expect(['P', 'PT', 'P1M', 'P1DT', '1D'].map(durationToMinutes)).toEqual(Array(5).fill(Number.NaN));
  });
});

describe('flow binding', () => {
  it('removes the edges of a removed node in the same transaction', () => {
    const doc = seedDoc('flow', sample);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    flowNodes.remove(doc, 'n03');
    expect(updates).toHaveLength(1);
    const flow = readFlow(doc);
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
    const [left, right] = syncedPair('flow', sample);
    flowNodes.remove(left, 'n10');
    flowEdges.add(right, { id: 'late', source: 'n02', target: 'n10' });
    exchange(left, right);
    expect(readFlow(left)).toEqual(readFlow(right));
    expect(readFlow(left).edges.some((edge) => edge.target === 'n10')).toBe(false);
    expect(listIssues('flow', readFlow(left))).toEqual([]);
  });

  it('keeps one default edge per node, and no condition on it, whatever people do concurrently', () => {
    const [left, right] = syncedPair('flow', sample);
    flowNodes.setDefaultEdge(left, 'n03', 'e03');
    flowNodes.setDefaultEdge(right, 'n03', 'e04');
    flowEdges.update(right, 'e03', { condition: bigAmount, priority: 3 });
    exchange(left, right);
    const flow = readFlow(left);
    expect(readFlow(right)).toEqual(flow);
    expect(flow.edges.filter((edge) => edge.source === 'n03' && edge.isDefault)).toHaveLength(1);
    expect(listIssues('flow', flow)).toEqual([]);
    flowNodes.setDefaultEdge(left, 'n03', undefined);
    expect(readFlow(left).edges.find((edge) => edge.id === 'e03')?.condition).toEqual(bigAmount);
  });

  it('moves both ends of an edge as one value: concurrent reconnects never make a loop', () => {
    const [left, right] = syncedPair('flow', sample);
    flowEdges.update(left, 'e02', { source: 'n04' });
    flowEdges.update(right, 'e02', { target: 'n04' });
    exchange(left, right);
    const edge = readFlow(left).edges.find((candidate) => candidate.id === 'e02');
    expect(edge?.source).not.toBe(edge?.target);
    expect(listIssues('flow', readFlow(left))).toEqual([]);
  });

  it('edits nodes, edges and triggers', () => {
    const doc = seedDoc('flow', emptyFlow());
    const review = flowNodes.add(doc, {
      type: 'task',
      name: 'Review',
      taskFormId: formId,
      assignment: { type: 'person', userId },
    });
    flowEdges.update(doc, 'start-end', { target: review, label: 'go' });
    const done = flowEdges.add(doc, { source: review, target: 'end', priority: 2 });
    flowNodes.update(doc, review, { sla: { due: 'P1D' }, position: { x: 5, y: 6 } });
    flowTriggers.add(doc, { id: 'nightly', type: 'schedule', cron: '0 2 * * *', timezone: 'UTC' });
    flowTriggers.update(doc, 'nightly', { cron: '0 3 * * *' });
    flowTriggers.remove(doc, 'manual');
    updateFlow(doc, { description: 'Reviews' });
    const flow = readFlow(doc);
    expect(listIssues('flow', flow)).toEqual([]);
    expect(flow.edges.map(({ source, target }) => `${source}>${target}`).sort()).toEqual(
      [`start>${review}`, `${review}>end`].sort(),
    );
    expect(flow.edges.find((edge) => edge.id === done)?.priority).toBe(2);
    expect(flow.triggers).toEqual([{ id: 'nightly', type: 'schedule', cron: '0 3 * * *', timezone: 'UTC' }]);
    flowEdges.remove(doc, done);
    expect(readFlow(doc).edges).toHaveLength(1);
  });
});

const editOrigin = { test: 'flow convergence' };

describe('flow convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid flow (seed %i)', (seed) => {
    const pinned = pinnedFlow();
    const flow = expectConvergence('flow', {
      seed,
      setup: (doc) => initFlow(doc, pinned),
      edit: (doc, random) => editFlowRandomly(doc, random, editOrigin),
    });
    expect(flow.nodes.length).toBeGreaterThan(pinned.nodes.length);
    expect(flow.edges.length).toBeGreaterThan(pinned.edges.length);
  });
});
