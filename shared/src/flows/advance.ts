import { AppError } from '../errors';
import { chooseEdges } from './choose-edges';
import type {
  BranchFrame,
  FailureReason,
  FlowEvent,
  FlowGraph,
  FlowGraphNode,
  FlowStep,
  InstanceState,
  TaskToCreate,
  TrailStop,
  Transition,
} from './flow-state';

// [S9] Automatic nodes (decisions, splits, joins) visited in one event: a cycle of them never ends.
export const maxArrivalsPerEvent = 1000;

interface Arrival {
  nodeId: string;
  viaEdgeId: string | null;
  branch: BranchFrame[];
  previousAssigneeId: string | null;
  trail: TrailStop[];
}

/**
 * The one step function of a flow instance: the flow, its state (null before `start`) and an event give the
 * next state, the tasks to create, the tasks to cancel and the steps taken. Pure and deterministic: the same
 * inputs always give the same output, ids included. Rules: SPEC.md.
 */
export function advanceFlow(flow: FlowGraph, state: InstanceState | null, event: FlowEvent): Transition {
  if (event.type === 'start') {
    if (state) throw new AppError('conflict', 'This instance has already started.');
    const start = flow.nodes.find((node) => node.type === 'start');
    if (!start) throw new AppError('validation_failed', 'The flow has no start node.');
    const walk = new Walk(flow, initialState(event.requesterId, event.data));
    walk.run([{ nodeId: start.id, viaEdgeId: null, branch: [], previousAssigneeId: null, trail: [] }]);
    return walk.result();
  }
  if (state?.status !== 'running') throw new AppError('conflict', 'This instance is not running.');
  const walk = new Walk(flow, structuredClone(state));
  if (event.type === 'cancel') {
    walk.cancel();
    return walk.result();
  }
  if (event.type === 'taskSentBack') {
    walk.sendBack(event.taskId, event.sentBy, event.reason);
    return walk.result();
  }
  walk.completeTask(event.taskId, event.completedBy, event.data);
  return walk.result();
}

function initialState(requesterId: string, data: Record<string, unknown>): InstanceState {
  return {
    status: 'running',
    requesterId,
    data: structuredClone(data),
    levels: {},
    openTasks: [],
    joins: [],
    sequence: 0,
    endNodeId: null,
    failure: null,
  };
}

class Walk {
  private readonly nodes: Map<string, FlowGraphNode>;
  private readonly tasks: TaskToCreate[] = [];
  private readonly cancelled: string[] = [];
  private readonly steps: FlowStep[] = [];
  private readonly queue: Arrival[] = [];

  constructor(
    private readonly flow: FlowGraph,
    private readonly state: InstanceState,
  ) {
    this.nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  }

  result(): Transition {
    return { state: this.state, tasks: this.tasks, cancelledTaskIds: this.cancelled, steps: this.steps };
  }

  cancel(): void {
    this.state.status = 'cancelled';
    this.cancelTasks(null, () => true);
    this.steps.push({ type: 'cancelled' });
  }

  // [S2] The submission is merged into the instance data and kept under the level's node id.
  completeTask(taskId: string, completedBy: string, data: Record<string, unknown>): void {
    const task = this.state.openTasks.find((open) => open.id === taskId);
    if (!task) throw new AppError('conflict', 'This task is not open.');
    this.state.openTasks = this.state.openTasks.filter((open) => open !== task);
    this.state.data = { ...this.state.data, ...structuredClone(data) };
    this.state.levels[task.nodeId] = structuredClone(data);
    this.steps.push({ type: 'taskCompleted', nodeId: task.nodeId, taskId, completedBy });
    const node = this.nodes.get(task.nodeId);
    if (!node) {
      this.fail(task.nodeId, 'unknownNode');
      return;
    }
    const trail = [
      ...(task.trail ?? []),
      { nodeId: task.nodeId, previousAssigneeId: task.previousAssigneeId },
    ];
    this.leave(node, task.branch, completedBy, trail);
    this.run([]);
  }

  // [S11] Send back: the task ends without an answer and the level before it in its branch is entered again,
  // as it was entered the first time (same previous assignee, so the same rule finds the same person).
  sendBack(taskId: string, sentBy: string, reason: string): void {
    const task = this.state.openTasks.find((open) => open.id === taskId);
    if (!task) throw new AppError('conflict', 'This task is not open.');
    if (!this.nodes.get(task.nodeId)?.allowSendBack) {
      throw new AppError('conflict', 'This level does not allow sending its task back.');
    }
    const back = task.trail?.at(-1);
    if (!back) throw new AppError('conflict', 'There is no earlier level to send this task back to.');
    this.state.openTasks = this.state.openTasks.filter((open) => open !== task);
    this.steps.push({ type: 'sentBack', nodeId: task.nodeId, taskId, toNodeId: back.nodeId, sentBy, reason });
    this.run([
      {
        nodeId: back.nodeId,
        viaEdgeId: null,
        branch: task.branch,
        previousAssigneeId: back.previousAssigneeId,
        trail: task.trail?.slice(0, -1) ?? [],
      },
    ]);
  }

  run(initial: Arrival[]): void {
    this.queue.push(...initial);
    let arrivals = 0;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (this.state.status !== 'running' || this.isInFiredPass(next.branch)) continue;
      arrivals += 1;
      if (arrivals > maxArrivalsPerEvent) {
        this.fail(next.nodeId, 'loop');
        return;
      }
      this.arrive(next);
    }
    // [S8] Nothing left to do and nothing to wait for, but no end reached: a join waits for branches that
    // went elsewhere.
    if (this.state.status === 'running' && this.state.openTasks.length === 0) {
      const waiting = this.state.joins.find((wait) => !wait.fired);
      this.fail(waiting?.nodeId ?? '', 'stuck');
    }
  }

  private arrive(arrival: Arrival): void {
    const node = this.nodes.get(arrival.nodeId);
    if (!node) {
      this.fail(arrival.nodeId, 'unknownNode');
      return;
    }
    this.steps.push({ type: 'entered', nodeId: node.id, viaEdgeId: arrival.viaEdgeId });
    const handlers = {
      start: () => this.leave(node, arrival.branch, arrival.previousAssigneeId, arrival.trail),
      decision: () => this.leave(node, arrival.branch, arrival.previousAssigneeId, arrival.trail),
      task: () => this.createTask(node, arrival),
      parallelSplit: () => this.split(node, arrival),
      join: () => this.join(node, arrival),
      end: () => this.end(node),
    } satisfies Record<FlowGraphNode['type'], () => void>;
    handlers[node.type]();
  }

  // [S1] A level creates one task and waits for it.
  private createTask(node: FlowGraphNode, arrival: Arrival): void {
    const task: TaskToCreate = {
      id: `${node.id}#${this.nextSequence()}`,
      nodeId: node.id,
      branch: arrival.branch,
      previousAssigneeId: arrival.previousAssigneeId,
      trail: arrival.trail,
      taskFormId: node.taskFormId ?? null,
      assignment: node.assignment ?? null,
      sla: node.sla ?? null,
    };
    const { taskFormId: _form, assignment: _assignment, sla: _sla, ...open } = task;
    this.state.openTasks.push(open);
    this.tasks.push(task);
    this.steps.push({ type: 'taskCreated', nodeId: node.id, taskId: task.id });
  }

  private leave(
    node: FlowGraphNode,
    branch: BranchFrame[],
    previousAssigneeId: string | null,
    trail: TrailStop[],
  ): void {
    const outgoing = this.outgoing(node.id);
    if (outgoing.length === 0) {
      this.fail(node.id, 'deadEnd');
      return;
    }
    const { taken, trials } = chooseEdges(outgoing, this.state.data, 'first');
    this.steps.push({ type: 'chose', nodeId: node.id, trials });
    const [edge] = taken;
    if (!edge) {
      this.fail(node.id, 'noEdge');
      return;
    }
    this.queue.push({ nodeId: edge.target, viaEdgeId: edge.id, branch, previousAssigneeId, trail });
  }

  // [S3] Every edge that holds starts a branch, marked with this pass of the split.
  private split(node: FlowGraphNode, arrival: Arrival): void {
    const outgoing = this.outgoing(node.id);
    if (outgoing.length === 0) {
      this.fail(node.id, 'deadEnd');
      return;
    }
    const { taken, trials } = chooseEdges(outgoing, this.state.data, 'all');
    this.steps.push({ type: 'chose', nodeId: node.id, trials });
    if (taken.length === 0) {
      this.fail(node.id, 'noEdge');
      return;
    }
    const splitId = `${node.id}#${this.nextSequence()}`;
    for (const edge of taken) {
      this.queue.push({
        nodeId: edge.target,
        viaEdgeId: edge.id,
        branch: [...arrival.branch, { splitId, edgeId: edge.id, width: taken.length }],
        previousAssigneeId: arrival.previousAssigneeId,
        // [S11] A branch sends back only within itself: what came before the split is shared by every branch.
        trail: [],
      });
    }
  }

  // [S5] A join counts branches of the split pass its arrivals belong to; [S6] when it fires before every
  // branch arrived, the other branches' open tasks are cancelled and their later arrivals dropped.
  private join(node: FlowGraphNode, arrival: Arrival): void {
    const frame = arrival.branch.at(-1) ?? null;
    const splitId = frame?.splitId ?? null;
    let wait = this.state.joins.find(
      (candidate) => candidate.nodeId === node.id && candidate.splitId === splitId,
    );
    if (!wait) {
      wait = { nodeId: node.id, splitId, arrivedEdgeIds: [], fired: false };
      this.state.joins.push(wait);
    }
    const branchKey = frame?.edgeId ?? arrival.viaEdgeId ?? '';
    if (!wait.arrivedEdgeIds.includes(branchKey)) wait.arrivedEdgeIds.push(branchKey);
    const needed = this.needed(node, frame);
    const arrived = wait.arrivedEdgeIds.length;
    if (arrived < needed) {
      this.steps.push({ type: 'joinWaiting', nodeId: node.id, arrived, needed });
      return;
    }
    this.steps.push({ type: 'joinFired', nodeId: node.id, arrived, needed });
    const rest = frame ? arrival.branch.slice(0, -1) : arrival.branch;
    if (splitId) {
      wait.fired = true;
      this.cancelTasks(node.id, (task) => task.branch.some((open) => open.splitId === splitId));
    } else {
      // Without a split there is no pass to remember: the next arrivals start a new count.
      this.state.joins = this.state.joins.filter((candidate) => candidate !== wait);
    }
    // [S11] After a join nothing goes back past it: the branches it joined have ended.
    this.leave(node, rest, arrival.previousAssigneeId, []);
  }

  // [S5] all: every branch the split started (every incoming edge without a split); any: one; n of M: n,
  // or every branch when the split started fewer.
  private needed(node: FlowGraphNode, frame: BranchFrame | null): number {
    const width = frame?.width ?? this.flow.edges.filter((edge) => edge.target === node.id).length;
    const join = node.join ?? { mode: 'all' };
    if (join.mode === 'any') return 1;
    if (join.mode === 'nOfM') return Math.min(join.n, width);
    return width;
  }

  // [S7] Reaching an end completes the instance, whatever other branches still do.
  private end(node: FlowGraphNode): void {
    this.state.status = 'completed';
    this.state.endNodeId = node.id;
    this.cancelTasks(node.id, () => true);
    this.steps.push({ type: 'completed', nodeId: node.id });
  }

  private fail(nodeId: string, reason: FailureReason): void {
    this.state.status = 'failed';
    this.state.failure = { nodeId, reason };
    this.cancelTasks(null, () => true);
    this.steps.push({ type: 'failed', nodeId, reason });
  }

  private cancelTasks(
    nodeId: string | null,
    matches: (task: InstanceState['openTasks'][number]) => boolean,
  ): void {
    const taskIds = this.state.openTasks.filter(matches).map((task) => task.id);
    if (taskIds.length === 0) return;
    this.state.openTasks = this.state.openTasks.filter((task) => !taskIds.includes(task.id));
    // A task created by this same event never reaches the caller: it is dropped, not created then cancelled.
    const createdNow = new Set(this.tasks.map((task) => task.id));
    this.cancelled.push(...taskIds.filter((id) => !createdNow.has(id)));
    this.tasks.splice(0, this.tasks.length, ...this.tasks.filter((task) => !taskIds.includes(task.id)));
    this.steps.push({ type: 'tasksCancelled', nodeId, taskIds });
  }

  private isInFiredPass(branch: BranchFrame[]): boolean {
    return branch.some((frame) =>
      this.state.joins.some((wait) => wait.fired && wait.splitId === frame.splitId),
    );
  }

  private outgoing(nodeId: string): FlowGraph['edges'] {
    return this.flow.edges.filter((edge) => edge.source === nodeId);
  }

  private nextSequence(): number {
    this.state.sequence += 1;
    return this.state.sequence;
  }
}
