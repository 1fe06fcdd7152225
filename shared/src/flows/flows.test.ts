import { describe, expect, it } from 'vitest';
import type { Condition } from '../conditions/condition.schema';
import { bigAmount, flowSample } from '../documents/flow/flow.sample';
import { AppError } from '../errors';
import { advanceFlow, maxArrivalsPerEvent } from './advance';
import { type OrgDirectory, resolveAssignment } from './assignment';
import {
  type FlowEvent,
  type FlowGraph,
  type FlowGraphNode,
  type InstanceState,
  instanceStateSchema,
} from './flow-state';
import { computeSla, slaStatus } from './sla';

const start = (data: Record<string, unknown> = {}): FlowEvent => ({
  type: 'start',
  requesterId: 'ann',
  data,
});
const complete = (taskId: string, data: Record<string, unknown> = {}, completedBy = 'bob'): FlowEvent => ({
  type: 'taskCompleted',
  taskId,
  completedBy,
  data,
});
const node = (
  id: string,
  type: FlowGraphNode['type'],
  extra: Partial<FlowGraphNode> = {},
): FlowGraphNode => ({
  id,
  type,
  ...extra,
});
const edge = (
  id: string,
  source: string,
  target: string,
  extra: Partial<FlowGraph['edges'][number]> = {},
) => ({
  id,
  source,
  target,
  priority: 0,
  isDefault: false,
  ...extra,
});
const level = (id: string) =>
  node(id, 'task', { taskFormId: 'form', assignment: { type: 'managerOfRequester' } });
const is = (left: string, right: string): Condition => ({ type: 'comparison', left, operator: 'eq', right });

/** Runs events in order, checking every state against the stored schema. */
function run(flow: FlowGraph, events: FlowEvent[]) {
  let state: InstanceState | null = null;
  const transitions = events.map((event) => {
    const transition = advanceFlow(flow, state, event);
    state = instanceStateSchema.parse(transition.state);
    return transition;
  });
  return { state: state as unknown as InstanceState, transitions, last: transitions.at(-1) };
}

// start → split → a, b, c (levels) → join → end
function parallel(join: FlowGraphNode['join']): FlowGraph {
  return {
    nodes: [
      node('s', 'start'),
      node('p', 'parallelSplit'),
      level('a'),
      level('b'),
      level('c'),
      node('j', 'join', { join }),
      node('e', 'end'),
    ],
    edges: [
      edge('s-p', 's', 'p'),
      edge('p-a', 'p', 'a'),
      edge('p-b', 'p', 'b'),
      edge('p-c', 'p', 'c'),
      edge('a-j', 'a', 'j'),
      edge('b-j', 'b', 'j'),
      edge('c-j', 'c', 'j'),
      edge('j-e', 'j', 'e'),
    ],
  };
}

describe('flow semantics: levels and decisions', () => {
  it('[S1] a task level creates one task with its form, rule and SLA, and waits', () => {
    const { state, last } = run(flowSample, [start({ amount: 5000 })]);
    expect(last?.tasks).toEqual([
      {
        id: 'n02#1',
        nodeId: 'n02',
        branch: [],
        previousAssigneeId: null,
        trail: [],
        taskFormId:
          flowSample.nodes[1] && 'taskFormId' in flowSample.nodes[1] ? flowSample.nodes[1].taskFormId : '',
        assignment: { type: 'managerOfRequester' },
        sla: null,
      },
    ]);
    expect(state.openTasks.map((task) => task.id)).toEqual(['n02#1']);
    expect(state.status).toBe('running');
    expect(last?.steps.map((step) => step.type)).toEqual(['entered', 'chose', 'entered', 'taskCreated']);
  });

  it('[S2] a completion merges its data, keeps it per level, and conditions read the merge', () => {
    const { state, last } = run(flowSample, [
      start({ amount: 10, note: 'x' }),
      complete('n02#1', { amount: 5000 }),
    ]);
    expect(state.data).toEqual({ amount: 5000, note: 'x' });
    expect(state.levels).toEqual({ n02: { amount: 5000 } });
    // 5000 > 1000 now, so the decision sends it to the second manager level (n04).
    expect(last?.tasks.map((task) => task.nodeId)).toEqual(['n04']);
    expect(last?.tasks[0]?.previousAssigneeId).toBe('bob');
  });

  it('[S4] the first edge that holds by priority wins, and each trial says why', () => {
    const { last } = run(flowSample, [start({ amount: 5000 }), complete('n02#1')]);
    const chose = last?.steps.find((step) => step.type === 'chose' && step.nodeId === 'n03');
    expect(chose).toEqual({
      type: 'chose',
      nodeId: 'n03',
      trials: [
        {
          edgeId: 'e03',
          outcome: 'taken',
          because: 'condition',
          explanation: {
            type: 'comparison',
            text: 'amount > 1000',
            actual: 5000,
            result: true,
          },
        },
        { edgeId: 'e04', outcome: 'skipped', because: 'default' },
      ],
    });
  });

  it('[S4] the default edge is taken when no other edge holds', () => {
    const { last } = run(flowSample, [start({ amount: 20 }), complete('n02#1')]);
    const chose = last?.steps.find((step) => step.type === 'chose' && step.nodeId === 'n03');
    expect(chose && 'trials' in chose && chose.trials.map((trial) => [trial.edgeId, trial.outcome])).toEqual([
      ['e03', 'notTaken'],
      ['e04', 'taken'],
    ]);
    // The default edge leads into the split: two parallel tasks.
    expect(last?.tasks.map((task) => task.nodeId)).toEqual(['n06', 'n07']);
  });

  it('[S4] priority orders the trials, not the order edges are stored in, and ties go by id', () => {
    const flow: FlowGraph = {
      nodes: [
        node('s', 'start'),
        node('d', 'decision'),
        level('x'),
        level('y'),
        level('z'),
        node('e', 'end'),
      ],
      edges: [
        edge('s-d', 's', 'd'),
        edge('d-z', 'd', 'z', { priority: 5 }),
        edge('d-y', 'd', 'y', { priority: 1, condition: is('region', 'EU') }),
        edge('d-x', 'd', 'x', { priority: 1, condition: is('region', 'EU') }),
      ],
    };
    expect(run(flow, [start({ region: 'EU' })]).last?.tasks.map((task) => task.nodeId)).toEqual(['x']);
    expect(run(flow, [start({ region: 'US' })]).last?.tasks.map((task) => task.nodeId)).toEqual(['z']);
  });

  it('[S4] a task level with several outgoing edges chooses like a decision', () => {
    const { state } = run(flowSample, [
      start({ amount: 5000 }),
      complete('n02#1'),
      complete('n04#2', { amount: '' }),
    ]);
    // e06 (amount is empty) → the "Rejected" end, although e05 has no condition: e05 has priority 0 and wins.
    expect(state.endNodeId).toBeNull();
    expect(state.openTasks.map((task) => task.nodeId)).toEqual(['n06', 'n07']);
  });

  it('[S7] reaching an end completes the instance', () => {
    const flow: FlowGraph = {
      nodes: [node('s', 'start'), level('a'), node('e', 'end')],
      edges: [edge('s-a', 's', 'a'), edge('a-e', 'a', 'e')],
    };
    const { state, last } = run(flow, [start(), complete('a#1')]);
    expect(state.status).toBe('completed');
    expect(state.endNodeId).toBe('e');
    expect(last?.steps.at(-1)).toEqual({ type: 'completed', nodeId: 'e' });
  });

  it('is deterministic: the same state and event give the same result', () => {
    const first = advanceFlow(flowSample, null, start({ amount: 20 }));
    const again = advanceFlow(flowSample, null, start({ amount: 20 }));
    expect(again).toEqual(first);
    const replay = advanceFlow(flowSample, first.state, complete('n02#1'));
    expect(advanceFlow(flowSample, first.state, complete('n02#1'))).toEqual(replay);
    // The input state is never mutated (the engine may retry with it).
    expect(first.state.openTasks).toHaveLength(1);
  });
});

describe('flow semantics: parallel branches and joins', () => {
  it('[S3] a split starts a branch per edge that holds, marked with the pass', () => {
    const flow = parallel({ mode: 'all' });
    flow.edges = flow.edges.map((candidate) =>
      candidate.id === 'p-c' ? { ...candidate, condition: is('urgent', 'yes') } : candidate,
    );
    const { last } = run(flow, [start()]);
    expect(last?.tasks.map((task) => [task.nodeId, task.branch])).toEqual([
      ['a', [{ splitId: 'p#1', edgeId: 'p-a', width: 2 }]],
      ['b', [{ splitId: 'p#1', edgeId: 'p-b', width: 2 }]],
    ]);
  });

  it('[S5] join all waits for every branch the split started', () => {
    const flow = parallel({ mode: 'all' });
    const { transitions, state } = run(flow, [start(), complete('a#2'), complete('b#3'), complete('c#4')]);
    expect(transitions[1]?.steps.at(-1)).toEqual({ type: 'joinWaiting', nodeId: 'j', arrived: 1, needed: 3 });
    expect(transitions[2]?.steps.at(-1)).toEqual({ type: 'joinWaiting', nodeId: 'j', arrived: 2, needed: 3 });
    expect(state.status).toBe('completed');
    expect(transitions.flatMap((transition) => transition.cancelledTaskIds)).toEqual([]);
  });

  it('[S5][S6] join any fires on the first branch and cancels the others’ open tasks', () => {
    const { last, state } = run(parallel({ mode: 'any' }), [start(), complete('b#3')]);
    expect(last?.cancelledTaskIds).toEqual(['a#2', 'c#4']);
    expect(last?.steps).toContainEqual({ type: 'joinFired', nodeId: 'j', arrived: 1, needed: 1 });
    expect(last?.steps).toContainEqual({ type: 'tasksCancelled', nodeId: 'j', taskIds: ['a#2', 'c#4'] });
    expect(state.status).toBe('completed');
  });

  it('[S5][S6] join n of M fires on the n-th branch', () => {
    const { transitions } = run(parallel({ mode: 'nOfM', n: 2 }), [
      start(),
      complete('c#4'),
      complete('a#2'),
    ]);
    expect(transitions[1]?.cancelledTaskIds).toEqual([]);
    expect(transitions[2]?.cancelledTaskIds).toEqual(['b#3']);
    expect(transitions[2]?.state.status).toBe('completed');
  });

  it('[S5] n of M needs every branch when the split started fewer than n', () => {
    const flow = parallel({ mode: 'nOfM', n: 3 });
    flow.edges = flow.edges.filter((candidate) => candidate.id !== 'p-c');
    const { transitions } = run(flow, [start(), complete('a#2')]);
    expect(transitions[1]?.steps.at(-1)).toEqual({ type: 'joinWaiting', nodeId: 'j', arrived: 1, needed: 2 });
  });

  it('[S6] branches that reach a fired join in the same event are dropped, not created then cancelled', () => {
    // Split straight into decisions: both branches arrive at the `any` join in one event.
    const flow: FlowGraph = {
      nodes: [
        node('s', 'start'),
        node('p', 'parallelSplit'),
        node('d1', 'decision'),
        node('d2', 'decision'),
        node('j', 'join', { join: { mode: 'any' } }),
        level('after'),
        node('e', 'end'),
      ],
      edges: [
        edge('s-p', 's', 'p'),
        edge('p-d1', 'p', 'd1'),
        edge('p-d2', 'p', 'd2'),
        edge('d1-j', 'd1', 'j'),
        edge('d2-j', 'd2', 'j'),
        edge('j-after', 'j', 'after'),
        edge('after-e', 'after', 'e'),
      ],
    };
    const { last, state } = run(flow, [start()]);
    expect(last?.tasks.map((task) => [task.nodeId, task.branch])).toEqual([['after', []]]);
    expect(state.openTasks).toHaveLength(1);
  });

  it('[S3][S5] each pass through a split in a loop counts on its own', () => {
    // start → split → a, b → join(all) → review; review sends back to the split unless approved.
    const flow: FlowGraph = {
      nodes: [
        node('s', 'start'),
        node('p', 'parallelSplit'),
        level('a'),
        level('b'),
        node('j', 'join', { join: { mode: 'all' } }),
        level('r'),
        node('e', 'end'),
      ],
      edges: [
        edge('s-p', 's', 'p'),
        edge('p-a', 'p', 'a'),
        edge('p-b', 'p', 'b'),
        edge('a-j', 'a', 'j'),
        edge('b-j', 'b', 'j'),
        edge('j-r', 'j', 'r'),
        edge('r-e', 'r', 'e', { condition: is('decision', 'approve') }),
        edge('r-p', 'r', 'p', { isDefault: true }),
      ],
    };
    const { state, transitions } = run(flow, [
      start(),
      complete('a#2'),
      complete('b#3'),
      complete('r#4', { decision: 'redo' }),
      complete('b#7'),
    ]);
    expect(transitions[3]?.tasks.map((task) => task.id)).toEqual(['a#6', 'b#7']);
    expect(transitions[4]?.steps.at(-1)).toEqual({ type: 'joinWaiting', nodeId: 'j', arrived: 1, needed: 2 });
    expect(state.openTasks.map((task) => task.id)).toEqual(['a#6']);
  });

  it('[S5] a join reached without a split needs every incoming edge for all, one for any', () => {
    const flow = (mode: 'all' | 'any'): FlowGraph => ({
      nodes: [
        node('s', 'start'),
        node('d', 'decision'),
        node('j', 'join', { join: { mode } }),
        level('x'),
        node('e', 'end'),
      ],
      edges: [
        edge('s-d', 's', 'd'),
        edge('d-j', 'd', 'j'),
        edge('d-x', 'd', 'x', { isDefault: true }),
        edge('x-j', 'x', 'j'),
        edge('j-e', 'j', 'e'),
      ],
    });
    expect(run(flow('any'), [start()]).state.status).toBe('completed');
    const waiting = run(flow('all'), [start()]);
    expect(waiting.state.status).toBe('failed');
    expect(waiting.state.failure).toEqual({ nodeId: 'j', reason: 'stuck' });
  });

  it('[S7] an end reached in one branch ends the instance and cancels the other branches', () => {
    const flow = parallel({ mode: 'all' });
    flow.edges = flow.edges.map((candidate) =>
      candidate.id === 'a-j' ? { ...candidate, target: 'e' } : candidate,
    );
    const { last } = run(flow, [start(), complete('a#2')]);
    expect(last?.state.status).toBe('completed');
    expect(last?.cancelledTaskIds).toEqual(['b#3', 'c#4']);
  });
});

describe('flow semantics: failures and bad events', () => {
  it('[S8] a dead end, no edge that holds, and an unknown node fail the instance with the reason', () => {
    const deadEnd: FlowGraph = {
      nodes: [node('s', 'start'), node('d', 'decision')],
      edges: [edge('s-d', 's', 'd')],
    };
    expect(run(deadEnd, [start()]).state.failure).toEqual({ nodeId: 'd', reason: 'deadEnd' });
    const noEdge: FlowGraph = {
      nodes: [node('s', 'start'), node('e', 'end')],
      edges: [edge('s-e', 's', 'e', { condition: is('x', 'y') })],
    };
    const failed = run(noEdge, [start()]);
    expect(failed.state).toMatchObject({ status: 'failed', failure: { nodeId: 's', reason: 'noEdge' } });
    expect(failed.last?.steps.at(-1)).toEqual({ type: 'failed', nodeId: 's', reason: 'noEdge' });
    const unknown: FlowGraph = { nodes: [node('s', 'start')], edges: [edge('s-x', 's', 'x')] };
    expect(run(unknown, [start()]).state.failure).toEqual({ nodeId: 'x', reason: 'unknownNode' });
  });

  it('[S8] a failure cancels the open tasks', () => {
    const flow = parallel({ mode: 'all' });
    flow.edges = flow.edges.filter((candidate) => candidate.id !== 'a-j');
    const { last } = run(flow, [start(), complete('a#2')]);
    expect(last?.state.failure).toEqual({ nodeId: 'a', reason: 'deadEnd' });
    expect(last?.cancelledTaskIds).toEqual(['b#3', 'c#4']);
  });

  it('[S9] a cycle of automatic nodes fails with loop instead of running forever', () => {
    const flow: FlowGraph = {
      nodes: [node('s', 'start'), node('d1', 'decision'), node('d2', 'decision'), node('e', 'end')],
      edges: [edge('s-d1', 's', 'd1'), edge('d1-d2', 'd1', 'd2'), edge('d2-d1', 'd2', 'd1')],
    };
    const { state, last } = run(flow, [start()]);
    expect(state.failure?.reason).toBe('loop');
    expect(last?.steps.filter((step) => step.type === 'entered')).toHaveLength(maxArrivalsPerEvent);
  });

  it('[S10] cancel ends the instance and cancels every open task', () => {
    const { last } = run(parallel({ mode: 'all' }), [start(), { type: 'cancel' }]);
    expect(last?.state.status).toBe('cancelled');
    expect(last?.cancelledTaskIds).toEqual(['a#2', 'b#3', 'c#4']);
  });

  it('refuses events that do not fit the state with conflict errors', () => {
    const started = advanceFlow(flowSample, null, start());
    const conflict = expect.objectContaining({ code: 'conflict' });
    expect(() => advanceFlow(flowSample, started.state, start())).toThrow(AppError);
    expect(() => advanceFlow(flowSample, started.state, complete('n99#1'))).toThrow(conflict);
    expect(() => advanceFlow(flowSample, null, complete('n02#1'))).toThrow(conflict);
    const done = run({ nodes: [node('s', 'start'), node('e', 'end')], edges: [edge('s-e', 's', 'e')] }, [
      start(),
    ]);
    expect(() => advanceFlow(flowSample, done.state, { type: 'cancel' })).toThrow(conflict);
    expect(() => advanceFlow({ nodes: [], edges: [] }, null, start())).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('[S1] walks a draft: a level without a form or rule yet comes back with nulls', () => {
    const draft: FlowGraph = {
      nodes: [node('s', 'start'), node('t', 'task'), node('e', 'end')],
      edges: [edge('s-t', 's', 't')],
    };
    expect(run(draft, [start()]).last?.tasks[0]).toMatchObject({
      taskFormId: null,
      assignment: null,
      sla: null,
    });
  });

  it('[S4] explains groups part by part with the values read', () => {
    const flow: FlowGraph = {
      nodes: [node('s', 'start'), node('e', 'end'), node('f', 'end')],
      edges: [
        edge('s-e', 's', 'e', {
          condition: { type: 'group', op: 'and', children: [bigAmount, is('region', 'EU')] },
        }),
        edge('s-f', 's', 'f', { isDefault: true }),
      ],
    };
    const chose = run(flow, [start({ amount: 2000, region: 'US' })]).last?.steps[1];
    expect(chose).toMatchObject({
      trials: [
        {
          edgeId: 's-e',
          outcome: 'notTaken',
          explanation: {
            type: 'group',
            result: false,
            children: [
              { text: 'amount > 1000', actual: 2000, result: true },
              { text: 'region = "EU"', actual: 'US', result: false },
            ],
          },
        },
        { edgeId: 's-f', outcome: 'taken', because: 'default' },
      ],
    });
  });
});

// ann → bob → cy (top); dee and eve hold the "finance" role; eve is disabled; a loop between x and y.
const fixtureOrg: OrgDirectory = {
  managerOf: (userId) => ({ ann: 'bob', bob: 'cy', x: 'y', y: 'x' })[userId] ?? null,
  membersOfRole: (roleId) => ({ finance: ['eve', 'dee'], solo: ['bob', 'eve'], empty: [] })[roleId] ?? [],
  holdersOfPosition: async (positionId) => (positionId === 'cfo' ? ['cy'] : []),
  isActiveUser: (userId) => ['ann', 'bob', 'cy', 'dee', 'x', 'y'].includes(userId),
};
const context = {
  requesterId: 'ann',
  previousAssigneeId: null,
  data: { buyer: 'dee', nested: { who: 'cy' } },
};

describe('assignment rules against a fixture org', () => {
  const resolve = (assignment: Parameters<typeof resolveAssignment>[0], extra = {}) =>
    resolveAssignment(assignment, { ...context, ...extra }, fixtureOrg);

  it('[A1] a person, if active', async () => {
    expect(await resolve({ type: 'person', userId: 'bob' })).toEqual({ type: 'user', userId: 'bob' });
    expect(await resolve({ type: 'person', userId: 'eve' })).toMatchObject({ type: 'unassigned' });
  });

  it('[A2] a role or position: one active holder gets it, several share a queue, none is unassigned', async () => {
    expect(await resolve({ type: 'role', orgRoleId: 'solo' })).toEqual({ type: 'user', userId: 'bob' });
    expect(await resolve({ type: 'position', positionId: 'cfo' })).toEqual({ type: 'user', userId: 'cy' });
    fixtureOrg.membersOfRole = () => ['dee', 'bob', 'eve', 'bob'];
    expect(await resolve({ type: 'role', orgRoleId: 'any' })).toEqual({
      type: 'queue',
      userIds: ['bob', 'dee'],
    });
    fixtureOrg.membersOfRole = () => [];
    expect(await resolve({ type: 'role', orgRoleId: 'empty' })).toEqual({
      type: 'unassigned',
      reason: 'Nobody holds this role.',
    });
    expect(await resolve({ type: 'position', positionId: 'none' })).toMatchObject({ type: 'unassigned' });
  });

  it('[A3] a field value names the user, nested paths too', async () => {
    expect(await resolve({ type: 'fieldValue', fieldKey: 'buyer' })).toEqual({ type: 'user', userId: 'dee' });
    expect(await resolve({ type: 'fieldValue', fieldKey: 'nested.who' })).toEqual({
      type: 'user',
      userId: 'cy',
    });
    expect(await resolve({ type: 'fieldValue', fieldKey: 'missing' })).toEqual({
      type: 'unassigned',
      reason: 'The field missing names nobody.',
    });
  });

  it('[A4] the manager of the requester, N levels up', async () => {
    expect(await resolve({ type: 'managerOfRequester' })).toEqual({ type: 'user', userId: 'bob' });
    expect(await resolve({ type: 'managerOfRequester', levelsUp: 2 })).toEqual({
      type: 'user',
      userId: 'cy',
    });
    expect(await resolve({ type: 'managerOfRequester', levelsUp: 3 })).toEqual({
      type: 'unassigned',
      reason: 'The requester has no manager 3 levels up.',
    });
    expect(await resolve({ type: 'managerOfRequester', levelsUp: 5 }, { requesterId: 'x' })).toMatchObject({
      type: 'unassigned',
    });
  });

  it('[A5][A6] the manager of the previous assignee, or of the requester at the first level', async () => {
    const rule = { type: 'managerOfPreviousAssignee' } as const;
    expect(await resolve(rule, { previousAssigneeId: 'bob' })).toEqual({ type: 'user', userId: 'cy' });
    expect(await resolve(rule)).toEqual({ type: 'user', userId: 'bob' });
    expect(await resolve(rule, { previousAssigneeId: 'cy' })).toEqual({
      type: 'unassigned',
      reason: 'The previous assignee has no manager.',
    });
  });
});

describe('SLA', () => {
  const created = new Date('2026-03-02T09:00:00Z');

  it('[SLA1] due and reminder times count elapsed time from creation', () => {
    expect(
      computeSla({ due: 'P2D', reminderBefore: 'PT4H', escalation: 'reassignToManager' }, created),
    ).toEqual({
      dueAt: new Date('2026-03-04T09:00:00Z'),
      remindAt: new Date('2026-03-04T05:00:00Z'),
      escalation: 'reassignToManager',
    });
    expect(computeSla({ due: 'P1WT30M' }, created)).toEqual({
      dueAt: new Date('2026-03-09T09:30:00Z'),
      remindAt: null,
      escalation: null,
    });
  });

  it('[SLA2] on time, due soon from the reminder, overdue from the due time', () => {
    const times = computeSla({ due: 'PT8H', reminderBefore: 'PT2H' }, created);
    expect(slaStatus(times, new Date('2026-03-02T14:59:59Z'))).toBe('onTime');
    expect(slaStatus(times, new Date('2026-03-02T15:00:00Z'))).toBe('dueSoon');
    expect(slaStatus(times, new Date('2026-03-02T17:00:00Z'))).toBe('overdue');
  });
});

describe('send back', () => {
  const sendBack = (taskId: string, reason = 'The receipt is missing.'): FlowEvent => ({
    type: 'taskSentBack',
    taskId,
    sentBy: 'carol',
    reason,
  });
  // start → ask (the requester) → review (may send back) → end
  const twoLevels = (allowSendBack = true): FlowGraph => ({
    nodes: [
      node('s', 'start'),
      node('ask', 'task', { taskFormId: 'form', assignment: { type: 'person', userId: 'ann' } }),
      node('review', 'task', {
        taskFormId: 'form',
        assignment: { type: 'managerOfPreviousAssignee' },
        allowSendBack,
      }),
      node('e', 'end'),
    ],
    edges: [edge('s-ask', 's', 'ask'), edge('ask-review', 'ask', 'review'), edge('review-e', 'review', 'e')],
  });

  it('[S11] returns the task to the level before it, entered as the first time; the answers stay', () => {
    const { state, last } = run(twoLevels(), [
      start(),
      complete('ask#1', { amount: 40 }, 'ann'),
      sendBack('review#2'),
    ]);
    expect(last?.steps).toContainEqual({
      type: 'sentBack',
      nodeId: 'review',
      taskId: 'review#2',
      toNodeId: 'ask',
      sentBy: 'carol',
      reason: 'The receipt is missing.',
    });
    expect(last?.tasks).toEqual([
      expect.objectContaining({ id: 'ask#3', nodeId: 'ask', previousAssigneeId: null, trail: [] }),
    ]);
    expect(last?.cancelledTaskIds).toEqual([]);
    expect(state.openTasks.map((task) => task.id)).toEqual(['ask#3']);
    expect(state.data).toEqual({ amount: 40 });
    // Completed again, the flow goes on to the reviewer, who sees the new answer.
    const again = advanceFlow(twoLevels(), state, complete('ask#3', { amount: 45 }, 'ann'));
    expect(again.tasks).toEqual([
      expect.objectContaining({
        nodeId: 'review',
        previousAssigneeId: 'ann',
        trail: [{ nodeId: 'ask', previousAssigneeId: null }],
      }),
    ]);
    expect(again.state.data).toEqual({ amount: 45 });
  });

  it('[S11] refuses where the level does not allow it, at the first level, and for a task not open', () => {
    const refused = (flow: FlowGraph, events: FlowEvent[], message: string) =>
      expect(() => run(flow, events)).toThrow(new AppError('conflict', message));
    refused(
      twoLevels(false),
      [start(), complete('ask#1', {}, 'ann'), sendBack('review#2')],
      'This level does not allow sending its task back.',
    );
    const firstAllows = twoLevels();
    firstAllows.nodes[1] = { ...firstAllows.nodes[1], id: 'ask', type: 'task', allowSendBack: true };
    refused(
      firstAllows,
      [start(), sendBack('ask#1')],
      'There is no earlier level to send this task back to.',
    );
    refused(
      twoLevels(),
      [start(), complete('ask#1', {}, 'ann'), sendBack('ask#1')],
      'This task is not open.',
    );
  });

  it('[S11] a branch of a parallel split sends back only within itself', () => {
    const flow = parallel({ mode: 'all' });
    flow.nodes = flow.nodes.map((candidate) =>
      candidate.id === 'a' ? { ...candidate, allowSendBack: true } : candidate,
    );
    expect(() => run(flow, [start(), sendBack('a#2')])).toThrow(
      new AppError('conflict', 'There is no earlier level to send this task back to.'),
    );
  });
});
