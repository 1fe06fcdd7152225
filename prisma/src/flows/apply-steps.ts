import { AppError, type Flow } from '@erp/shared';
import {
  type AssignmentResult,
  advanceFlow,
  computeSla,
  type FlowEvent,
  type FlowStep,
  type InstanceState,
  resolveAssignment,
  type TaskToCreate,
} from '@erp/shared/flows';
import { Prisma } from '../generated/client';
import { findLiveTaskForm } from './live-versions';
import { createOrgDirectory } from './org-directory';

type Db = Prisma.TransactionClient;

/** What applying a step needs from the process it runs in (the api or the engine). */
export interface FlowRuntime {
  /** The clock: assignments are resolved and SLA times counted as of this moment. */
  now: () => Date;
  /** Schedules a new task's SLA timers inside the transaction that creates it. */
  scheduleSla: (db: Db, task: { id: string; dueAt: Date; remindAt: Date | null }) => Promise<void>;
}

/**
 * Transaction options for flow commands and the runner: under a burst, transactions queue for a pool connection
 * longer than Prisma's 2 s default (the work of each is ~20 round trips, done by one Node thread), and wait for
 * an instance's lock behind its other writers.
 */
export const flowTransaction = { maxWait: 15_000, timeout: 30_000 } as const;

/** What a step did, kept on it for the timeline: the semantics' steps and who each new task went to. */
export interface StepOutcome {
  steps: FlowStep[];
  assignments: { taskKey: string; taskId: string; result: AssignmentResult }[];
}

/** A step a command asks for now: applied in the command's transaction and stored already applied. */
export interface NewStep {
  id: string;
  event: FlowEvent;
  actorId: string | null;
  /**
   * The command's own change (a task completed, as one data-modifying statement) and its events, written in
   * the statement that stores the step when the step creates and cancels no tasks (a round trip fewer: the
   * last level of a flow), else in a statement of their own before the step's effects. Its events come first.
   */
  change?: { sql: Prisma.Sql; events: EventRow[] };
}

/** An events row a step writes. */
export interface EventRow {
  id: string;
  type: string;
  payload: object;
}

interface StepToApply extends NewStep {
  // Stored as pending by an earlier writer (an admin's retry): updated, not created.
  stored: boolean;
}

/** What applying steps reads of an instance: its row, the pinned flow and its pending steps in order. */
export interface InstanceToApply {
  id: string;
  document_id: string;
  version_number: number;
  state: unknown;
  content: Flow;
  pending: { id: string; event: FlowEvent; actor_id: string | null }[];
}

/**
 * The columns of `InstanceToApply` over `flow_instances i JOIN document_versions v ON v.id = i.version_id`.
 * Read only under the instance's lock, taken in an earlier statement: a statement that waited for the lock
 * would read the steps as they were before the waiting (its snapshot).
 */
export const instanceToApplyColumns = Prisma.sql`i.id, i.document_id, i.version_number, i.state, v.content,
      coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'event', s.event, 'actor_id', s.actor_id)
                                 ORDER BY s.seq)
                FROM flow_steps s WHERE s.instance_id = i.id AND s.status = 'pending'), '[]') AS pending`;

/**
 * Locks an instance for a change. Every writer of an instance's state or tasks takes this lock first, then the
 * tasks' rows, so two of them never wait on each other in opposite orders. NO KEY UPDATE: rows that merely
 * reference the instance (a new step, an SLA timer's step) are not held up by it.
 */
export async function lockInstance(db: Db, instanceId: string): Promise<boolean> {
  const locked = await db.$queryRaw<unknown[]>`
    SELECT id FROM flow_instances WHERE id = ${instanceId}::uuid FOR NO KEY UPDATE`;
  return locked.length > 0;
}

/**
 * Applies the instance's pending steps in order, then `fresh` when given, all in the caller's transaction under
 * the instance's row lock: the change that causes a step and its effects (tasks created and cancelled, events,
 * the new state) commit together, and concurrent callers serialise. A pending step the semantics refuses (a task
 * of a cancelled instance) is marked failed; a fresh one throws (the command answers 409 and changes nothing).
 * A step whose effects throw fails its instance with the reason; other instances carry on.
 * Returns how many steps were applied.
 */
export async function applyPendingSteps(
  db: Db,
  runtime: FlowRuntime,
  instanceId: string,
  fresh?: NewStep,
  options: {
    /** The caller locked the instance in an earlier statement of this transaction (a task's commands do). */
    isLocked?: boolean;
    /** The caller read it (`instanceToApplyColumns`) under that lock already, in a statement of its own. */
    loaded?: InstanceToApply;
  } = {},
): Promise<number> {
  // The lock first, in a statement of its own: a statement that waited for it would read the steps as they
  // were before the waiting (its snapshot), and apply again what the lock's holder just applied.
  if (!options.isLocked && !(await lockInstance(db, instanceId))) return 0;
  // Then the instance with its pinned flow and its pending steps in order: one round trip.
  const [instance] = options.loaded
    ? [options.loaded]
    : await db.$queryRaw<InstanceToApply[]>`
        SELECT ${instanceToApplyColumns}
        FROM flow_instances i JOIN document_versions v ON v.id = i.version_id
        WHERE i.id = ${instanceId}::uuid`;
  if (!instance) return 0;
  const steps: StepToApply[] = [
    ...instance.pending.map((step) => ({
      id: step.id,
      event: step.event,
      actorId: step.actor_id,
      stored: true,
    })),
    ...(fresh ? [{ ...fresh, stored: false }] : []),
  ];
  return applySteps(
    db,
    runtime,
    {
      id: instance.id,
      documentId: instance.document_id,
      versionNumber: instance.version_number,
      flow: instance.content,
      state: instance.state,
    },
    steps,
  );
}

/** An instance being started: its row is written by `applyStart`, with its flow.started event. */
export interface NewInstance {
  id: string;
  documentId: string;
  versionId: string;
  versionNumber: number;
  requesterId: string;
  flow: Flow;
  /** The flow.started event's payload. */
  started: object;
}

/**
 * Starts an instance: nobody else sees its row yet and nothing is pending, so it needs neither the lock nor a
 * reload (a start is the hot path of a burst of requests). A start that creates no tasks (an automatic flow that
 * runs to its end) writes the instance with its state, its step and events in one statement; one that does
 * writes the instance first (its tasks reference it) and applies the step like any other.
 */
export async function applyStart(db: Db, runtime: FlowRuntime, instance: NewInstance, start: NewStep) {
  const now = runtime.now();
  const transition = advanceFlow(instance.flow, null, start.event);
  const context = { instanceId: instance.id, flow: instance.flow, stepId: start.id, now };
  const hasEffects =
    transition.tasks.length > 0 ||
    transition.cancelledTaskIds.length > 0 ||
    levelEvents(context, transition.steps).length > 0;
  if (hasEffects) {
    await db.$executeRaw`
      WITH instance AS (
        INSERT INTO flow_instances (id, document_id, version_id, version_number, status, requester_id, updated_at)
        VALUES (${instance.id}::uuid, ${instance.documentId}::uuid, ${instance.versionId}::uuid,
                ${instance.versionNumber}, 'running', ${instance.requesterId}::uuid, now()))
      INSERT INTO events (id, type, payload)
      VALUES (${`flow.started:${instance.id}`}, 'flow.started', ${JSON.stringify(instance.started)}::jsonb)`;
    await applySteps(db, runtime, { ...instance, state: null }, [{ ...start, stored: false }]);
    return;
  }
  const { state } = transition;
  const outcome: StepOutcome = { steps: transition.steps, assignments: [] };
  const completed = completedPayload(instance, state);
  // One INSERT for both events, so flow.started takes the lower seq (sub-statements of a WITH run in no order).
  await db.$executeRaw`
    WITH instance AS (
      INSERT INTO flow_instances (id, document_id, version_id, version_number, status, requester_id, state,
                                  failure, finished_at, updated_at)
      VALUES (${instance.id}::uuid, ${instance.documentId}::uuid, ${instance.versionId}::uuid,
              ${instance.versionNumber}, ${state.status}::"FlowInstanceStatus", ${instance.requesterId}::uuid,
              ${JSON.stringify(state)}::jsonb, ${failureOf(state)}, ${state.status !== 'running' ? now : null}, now())),
    step AS (
      INSERT INTO flow_steps (id, instance_id, event, actor_id, status, outcome, applied_at)
      VALUES (${start.id}, ${instance.id}::uuid, ${JSON.stringify(start.event)}::jsonb, ${start.actorId}::uuid,
              'done', ${JSON.stringify(outcome)}::jsonb, ${now}))
    INSERT INTO events (id, type, payload)
    SELECT id, type, payload FROM (VALUES
      (1, ${`flow.started:${instance.id}`}, 'flow.started', ${JSON.stringify(instance.started)}::jsonb),
      (2, ${`flow.completed:${instance.id}`}, 'flow.completed', ${completed && JSON.stringify(completed)}::jsonb)) AS e(n, id, type, payload)
    WHERE payload IS NOT NULL ORDER BY n`;
}

interface LoadedInstance {
  id: string;
  documentId: string;
  versionNumber: number;
  flow: Flow;
  state: unknown;
}

async function applySteps(
  db: Db,
  runtime: FlowRuntime,
  instance: LoadedInstance,
  steps: StepToApply[],
): Promise<number> {
  const { id: instanceId, flow } = instance;
  let state = instance.state as InstanceState | null;
  // Behind pending steps, a command's change is written first, as before any step: a pending step that fails
  // its instance returns before the command's step is reached, and the change must stay (the task completed).
  if (steps.length > 1) {
    for (const [index, step] of steps.entries()) {
      if (!step.change) continue;
      await writeChange(db, step.change);
      steps[index] = { ...step, change: undefined };
    }
  }
  for (const step of steps) {
    const now = runtime.now();
    let transition: ReturnType<typeof advanceFlow>;
    try {
      transition = advanceFlow(flow, state, step.event);
    } catch (error) {
      if (!(error instanceof AppError) || !step.stored) throw error;
      await saveStep(db, instanceId, step, { status: 'failed', error: error.message, appliedAt: now });
      continue;
    }
    let outcome: StepOutcome;
    // Only tasks can fail a step's effects (a form not published, an assignment that throws): a step that
    // creates or cancels none writes nothing that could, and needs no savepoint.
    const isGuarded = transition.tasks.length > 0 || transition.cancelledTaskIds.length > 0;
    // The command's change stays when the step's effects fail (the task stays completed, its instance failed).
    if (isGuarded && step.change) await writeChange(db, step.change);
    if (isGuarded) await db.$executeRaw`SAVEPOINT flow_step`;
    try {
      outcome = await applyTransition(runtime, db, { instanceId, flow, stepId: step.id, now }, transition);
    } catch (error) {
      if (!isGuarded) throw error;
      // Undo the step's partial effects; when even that fails the connection is gone (a restart): the
      // whole transaction rolls back and the step stays as it was for the next try.
      await db.$executeRaw`ROLLBACK TO SAVEPOINT flow_step`.catch(() => {
        throw error;
      });
      await failInstance(db, instanceId, step, now, describeFailure(error));
      return steps.indexOf(step) + 1;
    }
    state = transition.state;
    await recordApplied(db, instance, isGuarded ? { ...step, change: undefined } : step, {
      outcome,
      now,
      state,
    });
  }
  return steps.length;
}

// A command's change and its events on their own (before a step whose effects may fail).
async function writeChange(db: Db, change: NonNullable<NewStep['change']>): Promise<void> {
  await db.$executeRaw`WITH change AS (${change.sql}) ${insertEvents(change.events)}`;
}

// One INSERT for the events, in the given order (sub-statements of a WITH run in no order; seq follows rows).
function insertEvents(events: EventRow[]): Prisma.Sql {
  const rows = events.map(
    (event, index) =>
      Prisma.sql`(${index}, ${event.id}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb)`,
  );
  return Prisma.sql`INSERT INTO events (id, type, payload)
    SELECT id, type, payload FROM (VALUES ${Prisma.join(rows)}) AS e(n, id, type, payload) ORDER BY n`;
}

// The step done, the instance's new state and, when it completed, its event — with the command's change
// when it rides along: one statement.
async function recordApplied(
  db: Db,
  instance: LoadedInstance,
  step: StepToApply,
  { outcome, now, state }: { outcome: StepOutcome; now: Date; state: InstanceState },
): Promise<void> {
  const instanceId = instance.id;
  const failure = failureOf(state);
  const completed = completedPayload(instance, state);
  const events: EventRow[] = [
    ...(step.change?.events ?? []),
    ...(completed
      ? [{ id: `flow.completed:${instanceId}`, type: 'flow.completed', payload: completed }]
      : []),
  ];
  const outcomeJson = JSON.stringify(outcome);
  const saved = step.stored
    ? Prisma.sql`UPDATE flow_steps SET status = 'done', outcome = ${outcomeJson}::jsonb, applied_at = ${now}
                 WHERE id = ${step.id}`
    : Prisma.sql`INSERT INTO flow_steps (id, instance_id, event, actor_id, status, outcome, applied_at)
                 VALUES (${step.id}, ${instanceId}::uuid, ${JSON.stringify(step.event)}::jsonb,
                         ${step.actorId}::uuid, 'done', ${outcomeJson}::jsonb, ${now})`;
  const instanceUpdate = Prisma.sql`UPDATE flow_instances SET state = ${JSON.stringify(state)}::jsonb,
        status = ${state.status}::"FlowInstanceStatus", failure = ${failure},
        finished_at = ${state.status !== 'running' ? now : null}, updated_at = now()
      WHERE id = ${instanceId}::uuid`;
  const change = step.change ? Prisma.sql`change AS (${step.change.sql}),` : Prisma.empty;
  await db.$executeRaw(
    events.length > 0
      ? Prisma.sql`WITH ${change} step AS (${saved}), instance AS (${instanceUpdate}) ${insertEvents(events)}`
      : Prisma.sql`WITH ${change} step AS (${saved}) ${instanceUpdate}`,
  );
}

// Why an instance stopped, in words people read.
function failureOf(state: InstanceState): string | null {
  return state.failure ? `The flow stopped at ${state.failure.nodeId}: ${state.failure.reason}.` : null;
}

// The flow.completed event's payload, or null while the instance has not completed.
function completedPayload(
  instance: { id: string; documentId: string; versionNumber: number },
  state: InstanceState,
): object | null {
  if (state.status !== 'completed') return null;
  const { id: instanceId, documentId, versionNumber: version } = instance;
  return { instanceId, documentId, version, data: state.data };
}

// A stored step changes its status; a fresh one is written once, already applied (so the flow_steps trigger,
// which wakes the engine only for pending steps, stays quiet).
async function saveStep(
  db: Db,
  instanceId: string,
  step: StepToApply,
  result: Pick<Prisma.FlowStepUncheckedCreateInput, 'status' | 'outcome' | 'error' | 'appliedAt'>,
): Promise<void> {
  if (step.stored) {
    await db.flowStep.update({ where: { id: step.id }, data: result });
    return;
  }
  await db.flowStep.create({
    data: {
      id: step.id,
      instanceId,
      event: step.event as unknown as Prisma.InputJsonValue,
      actorId: step.actorId,
      ...result,
    },
  });
}

interface StepContext {
  instanceId: string;
  flow: Flow;
  stepId: string;
  now: Date;
}

async function applyTransition(
  runtime: FlowRuntime,
  db: Db,
  context: StepContext,
  transition: ReturnType<typeof advanceFlow>,
): Promise<StepOutcome> {
  const assignments: StepOutcome['assignments'] = [];
  if (transition.cancelledTaskIds.length > 0) {
    await db.task.updateMany({
      where: { instanceId: context.instanceId, key: { in: transition.cancelledTaskIds }, status: 'open' },
      data: { status: 'cancelled' },
    });
  }
  const directory = createOrgDirectory(db, context.now);
  for (const toCreate of transition.tasks) {
    const result = toCreate.assignment
      ? await resolveAssignment(
          toCreate.assignment,
          {
            requesterId: transition.state.requesterId,
            previousAssigneeId: toCreate.previousAssigneeId,
            data: transition.state.data,
          },
          directory,
        )
      : ({ type: 'unassigned', reason: 'The level names nobody.' } as const);
    const taskId = await createTask(runtime, db, context, toCreate, result);
    assignments.push({ taskKey: toCreate.id, taskId, result });
  }
  await writeLevelEvents(db, context, transition.steps);
  return { steps: transition.steps, assignments };
}

async function createTask(
  runtime: FlowRuntime,
  db: Db,
  context: StepContext,
  toCreate: TaskToCreate,
  result: AssignmentResult,
): Promise<string> {
  const node = context.flow.nodes.find((candidate) => candidate.id === toCreate.nodeId);
  const form = toCreate.taskFormId ? await findLiveTaskForm(db, toCreate.taskFormId) : null;
  if (toCreate.taskFormId && !form) {
    throw new AppError(
      'conflict',
      `The form of the level ${node?.name || toCreate.nodeId} is not published.`,
    );
  }
  const sla = toCreate.sla ? computeSla(toCreate.sla, context.now) : null;
  const task = await db.task.create({
    data: {
      instanceId: context.instanceId,
      key: toCreate.id,
      nodeId: toCreate.nodeId,
      name: node?.name || form?.form.title || toCreate.nodeId,
      taskFormId: toCreate.taskFormId,
      formVersionNumber: form?.number ?? null,
      status: 'open',
      assigneeId: result.type === 'user' ? result.userId : null,
      candidateIds: result.type === 'queue' ? result.userIds : [],
      unassignedReason: result.type === 'unassigned' ? result.reason : null,
      previousAssigneeId: toCreate.previousAssigneeId,
      dueAt: sla?.dueAt ?? null,
      remindAt: sla?.remindAt ?? null,
      escalation: sla?.escalation ?? null,
      createdAt: context.now,
    },
  });
  if (sla) await runtime.scheduleSla(db, { id: task.id, dueAt: sla.dueAt, remindAt: sla.remindAt });
  if (result.type !== 'unassigned') {
    await db.event.create({
      data: {
        id: `task.assigned:${task.id}`,
        type: 'task.assigned',
        payload: {
          taskId: task.id,
          instanceId: context.instanceId,
          nodeId: toCreate.nodeId,
          assigneeIds: result.type === 'user' ? [result.userId] : result.userIds,
        },
      },
    });
  }
  return task.id;
}

// A level entered is an event triggers may react to; its id is the step's, so a replay writes nothing twice.
async function writeLevelEvents(db: Db, context: StepContext, steps: FlowStep[]): Promise<void> {
  const rows = levelEvents(context, steps);
  if (rows.length > 0) await db.event.createMany({ data: rows, skipDuplicates: true });
}

function levelEvents(context: StepContext, steps: FlowStep[]) {
  const levels = new Set(context.flow.nodes.filter((node) => node.type === 'task').map((node) => node.id));
  return steps.flatMap((step, index) =>
    step.type === 'entered' && levels.has(step.nodeId)
      ? [
          {
            id: `flow.level_entered:${context.stepId}:${index}`,
            type: 'flow.level_entered',
            payload: { instanceId: context.instanceId, nodeId: step.nodeId },
          },
        ]
      : [],
  );
}

// The failure cancels the open tasks and remembers which, so an admin's retry of the step can reopen them.
async function failInstance(db: Db, instanceId: string, step: StepToApply, now: Date, reason: string) {
  const open = await db.task.findMany({ where: { instanceId, status: 'open' }, select: { id: true } });
  const cancelledTaskIds = open.map((task) => task.id);
  await db.task.updateMany({ where: { id: { in: cancelledTaskIds } }, data: { status: 'cancelled' } });
  await saveStep(db, instanceId, step, {
    status: 'failed',
    error: reason,
    appliedAt: now,
    outcome: { cancelledTaskIds },
  });
  await db.flowInstance.update({
    where: { id: instanceId },
    data: { status: 'failed', failure: reason, finishedAt: now },
  });
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
