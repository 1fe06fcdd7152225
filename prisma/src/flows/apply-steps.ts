import { randomUUID } from 'node:crypto';
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
import { type Sql, type SqlRunner, sqlOf } from '../sql';
import { SqlParams } from '../sql-params';
import { findLiveTaskForm } from './live-versions';
import { createOrgDirectory } from './org-directory';

// Plain SQL over `SqlRunner`: the api runs the hot commands (a start, a completion) on a plain pg connection
// as named statements, parsed and planned once per connection; cold ones and the engine in Prisma's
// transactions, through the same statements.

/** What applying a step needs from the process it runs in (the api or the engine). */
export interface FlowRuntime {
  /** The clock: assignments are resolved and SLA times counted as of this moment. */
  now: () => Date;
  /** Schedules a new task's SLA timers inside the transaction that creates it. */
  scheduleSla: (sql: Sql, task: { id: string; dueAt: Date; remindAt: Date | null }) => Promise<void>;
}

/**
 * Transaction options for flow commands run in Prisma's transactions and for the runner: under a burst,
 * transactions queue for a pool connection longer than Prisma's 2 s default, and wait for an instance's lock
 * behind its other writers.
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
  change?: { write: (params: SqlParams) => string; events: EventRow[] };
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
 * would read the steps as they were before the waiting (its snapshot) — unless it tells that case apart and
 * reads them again (`lockOpenTask`): every writer that changes which steps are pending updates the instance's
 * row.
 */
export const instanceToApplyColumns = `i.id, i.document_id, i.version_number, i.state, v.content,
      coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'event', s.event, 'actor_id', s.actor_id)
                                 ORDER BY s.seq)
                FROM flow_steps s WHERE s.instance_id = i.id AND s.status = 'pending'), '[]') AS pending`;

/** The instance with its pinned flow and pending steps (`instanceToApplyColumns`), read under its lock. */
export async function loadInstanceToApply(
  sql: Sql,
  instanceId: string,
): Promise<InstanceToApply | undefined> {
  const [instance] = await sql.query<InstanceToApply>(
    `SELECT ${instanceToApplyColumns}
     FROM flow_instances i JOIN document_versions v ON v.id = i.version_id
     WHERE i.id = $1::uuid`,
    [instanceId],
  );
  return instance;
}

/**
 * Locks an instance for a change. Every writer of an instance's state or tasks takes this lock first, then the
 * tasks' rows, so two of them never wait on each other in opposite orders. NO KEY UPDATE: rows that merely
 * reference the instance (a new step, an SLA timer's step) are not held up by it.
 */
export async function lockInstance(db: SqlRunner, instanceId: string): Promise<boolean> {
  const locked = await sqlOf(db).query(
    'SELECT id FROM flow_instances WHERE id = $1::uuid FOR NO KEY UPDATE',
    [instanceId],
  );
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
  db: SqlRunner,
  runtime: FlowRuntime,
  instanceId: string,
  fresh?: NewStep,
  options: {
    /** The caller locked the instance in an earlier statement of this transaction (a task's commands do). */
    isLocked?: boolean;
    /** The caller read it (`instanceToApplyColumns`) under that lock already. */
    loaded?: InstanceToApply;
  } = {},
): Promise<number> {
  // The lock first, in a statement of its own: a statement that waited for it would read the steps as they
  // were before the waiting (its snapshot), and apply again what the lock's holder just applied.
  const sql = sqlOf(db);
  if (!options.isLocked && !(await lockInstance(sql, instanceId))) return 0;
  // Then the instance with its pinned flow and its pending steps in order: one round trip.
  const instance = options.loaded ?? (await loadInstanceToApply(sql, instanceId));
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
    sql,
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
export async function applyStart(db: SqlRunner, runtime: FlowRuntime, instance: NewInstance, start: NewStep) {
  const sql = sqlOf(db);
  const now = runtime.now();
  const transition = advanceFlow(instance.flow, null, start.event);
  const context = { instanceId: instance.id, flow: instance.flow, stepId: start.id, now };
  const hasEffects =
    transition.tasks.length > 0 ||
    transition.cancelledTaskIds.length > 0 ||
    levelEvents(context, transition.steps).length > 0;
  if (hasEffects) {
    await sql.query(
      `WITH instance AS (
         INSERT INTO flow_instances (id, document_id, version_id, version_number, status, requester_id, updated_at)
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4::int, 'running', $5::uuid, now()))
       INSERT INTO events (id, type, payload) VALUES ($6::text, 'flow.started', $7::jsonb)`,
      [
        instance.id,
        instance.documentId,
        instance.versionId,
        instance.versionNumber,
        instance.requesterId,
        `flow.started:${instance.id}`,
        JSON.stringify(instance.started),
      ],
    );
    await applySteps(sql, runtime, { ...instance, state: null }, [{ ...start, stored: false }]);
    return;
  }
  const { state } = transition;
  const outcome: StepOutcome = { steps: transition.steps, assignments: [] };
  const completed = completedPayload(instance, state);
  // One INSERT for both events, so flow.started takes the lower seq (sub-statements of a WITH run in no order).
  await sql.query(
    `WITH instance AS (
       INSERT INTO flow_instances (id, document_id, version_id, version_number, status, requester_id, state,
                                   failure, finished_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::int, $5::"FlowInstanceStatus", $6::uuid, $7::jsonb, $8::text,
               $9::timestamptz, now())),
     step AS (
       INSERT INTO flow_steps (id, instance_id, event, actor_id, status, outcome, applied_at)
       VALUES ($10::text, $1::uuid, $11::jsonb, $12::uuid, 'done', $13::jsonb, $14::timestamptz))
     INSERT INTO events (id, type, payload)
     SELECT id, type, payload FROM (VALUES
       (1, $15::text, 'flow.started', $16::jsonb),
       (2, $17::text, 'flow.completed', $18::jsonb)) AS e(n, id, type, payload)
     WHERE payload IS NOT NULL ORDER BY n`,
    [
      instance.id,
      instance.documentId,
      instance.versionId,
      instance.versionNumber,
      state.status,
      instance.requesterId,
      JSON.stringify(state),
      failureOf(state),
      state.status !== 'running' ? now : null,
      start.id,
      JSON.stringify(start.event),
      start.actorId,
      JSON.stringify(outcome),
      now,
      `flow.started:${instance.id}`,
      JSON.stringify(instance.started),
      `flow.completed:${instance.id}`,
      completed && JSON.stringify(completed),
    ],
  );
}

interface LoadedInstance {
  id: string;
  documentId: string;
  versionNumber: number;
  flow: Flow;
  state: unknown;
}

async function applySteps(
  sql: Sql,
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
      await writeChange(sql, step.change);
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
      await saveStep(sql, instanceId, step, { status: 'failed', error: error.message, appliedAt: now });
      continue;
    }
    let outcome: StepOutcome;
    // Only tasks can fail a step's effects (a form not published, an assignment that throws): a step that
    // creates or cancels none writes nothing that could, and needs no savepoint.
    const isGuarded = transition.tasks.length > 0 || transition.cancelledTaskIds.length > 0;
    // The command's change stays when the step's effects fail (the task stays completed, its instance failed).
    if (isGuarded && step.change) await writeChange(sql, step.change);
    if (isGuarded) await sql.query('SAVEPOINT flow_step');
    try {
      outcome = await applyTransition(runtime, sql, { instanceId, flow, stepId: step.id, now }, transition);
    } catch (error) {
      if (!isGuarded) throw error;
      // Undo the step's partial effects; when even that fails the connection is gone (a restart): the
      // whole transaction rolls back and the step stays as it was for the next try.
      await sql.query('ROLLBACK TO SAVEPOINT flow_step').catch(() => {
        throw error;
      });
      await failInstance(sql, instanceId, step, now, describeFailure(error));
      return steps.indexOf(step) + 1;
    }
    state = transition.state;
    await recordApplied(sql, instance, isGuarded ? { ...step, change: undefined } : step, {
      outcome,
      now,
      state,
    });
  }
  return steps.length;
}

// A command's change and its events on their own (before a step whose effects may fail).
async function writeChange(sql: Sql, change: NonNullable<NewStep['change']>): Promise<void> {
  const params = new SqlParams();
  await sql.query(
    `WITH change AS (${change.write(params)}) ${insertEvents(change.events, params)}`,
    params.values,
  );
}

// One INSERT for the events, in the given order (sub-statements of a WITH run in no order; seq follows rows).
function insertEvents(events: EventRow[], params: SqlParams, onConflict = ''): string {
  const rows = events.map(
    (event, index) =>
      `(${index}, ${params.add(event.id, 'text')}, ${params.add(event.type, 'text')}, ${params.add(
        JSON.stringify(event.payload),
        'jsonb',
      )})`,
  );
  return `INSERT INTO events (id, type, payload)
    SELECT id, type, payload FROM (VALUES ${rows.join(', ')}) AS e(n, id, type, payload) ORDER BY n ${onConflict}`;
}

// The step done, the instance's new state and, when it completed, its event — with the command's change
// when it rides along: one statement.
async function recordApplied(
  sql: Sql,
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
  const params = new SqlParams();
  const change = step.change ? `change AS (${step.change.write(params)}),` : '';
  const id = params.add(instanceId, 'uuid');
  const outcomeJson = params.add(JSON.stringify(outcome), 'jsonb');
  const appliedAt = params.add(now, 'timestamptz');
  const saved = step.stored
    ? `UPDATE flow_steps SET status = 'done', outcome = ${outcomeJson}, applied_at = ${appliedAt}
       WHERE id = ${params.add(step.id, 'text')}`
    : `INSERT INTO flow_steps (id, instance_id, event, actor_id, status, outcome, applied_at)
       VALUES (${params.add(step.id, 'text')}, ${id}, ${params.add(JSON.stringify(step.event), 'jsonb')},
               ${params.add(step.actorId, 'uuid')}, 'done', ${outcomeJson}, ${appliedAt})`;
  const instanceUpdate = `UPDATE flow_instances SET state = ${params.add(JSON.stringify(state), 'jsonb')},
        status = ${params.add(state.status, '"FlowInstanceStatus"')}, failure = ${params.add(failure, 'text')},
        finished_at = ${params.add(state.status !== 'running' ? now : null, 'timestamptz')}, updated_at = now()
      WHERE id = ${id}`;
  const text =
    events.length > 0
      ? `WITH ${change} step AS (${saved}), instance AS (${instanceUpdate}) ${insertEvents(events, params)}`
      : `WITH ${change} step AS (${saved}) ${instanceUpdate}`;
  await sql.query(text, params.values);
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
  sql: Sql,
  instanceId: string,
  step: StepToApply,
  result: { status: 'failed'; error: string; appliedAt: Date; outcome?: object },
): Promise<void> {
  const outcome = result.outcome ? JSON.stringify(result.outcome) : null;
  if (step.stored) {
    // A stored step's outcome stays unless the result has one. A pending step no longer pending: its
    // instance's row is updated too (see `lockOpenTask`, which tells a stale read of pending steps by it).
    await sql.query(
      `WITH step AS (
         UPDATE flow_steps SET status = $3::"FlowStepStatus", error = $4::text, applied_at = $5::timestamptz,
                outcome = coalesce($6::jsonb, outcome)
         WHERE id = $1::text)
       UPDATE flow_instances SET updated_at = now() WHERE id = $2::uuid`,
      [step.id, instanceId, result.status, result.error, result.appliedAt, outcome],
    );
    return;
  }
  await sql.query(
    `INSERT INTO flow_steps (id, instance_id, event, actor_id, status, error, applied_at, outcome)
     VALUES ($1::text, $2::uuid, $3::jsonb, $4::uuid, $5::"FlowStepStatus", $6::text, $7::timestamptz, $8::jsonb)`,
    [
      step.id,
      instanceId,
      JSON.stringify(step.event),
      step.actorId,
      result.status,
      result.error,
      result.appliedAt,
      outcome,
    ],
  );
}

interface StepContext {
  instanceId: string;
  flow: Flow;
  stepId: string;
  now: Date;
}

async function applyTransition(
  runtime: FlowRuntime,
  sql: Sql,
  context: StepContext,
  transition: ReturnType<typeof advanceFlow>,
): Promise<StepOutcome> {
  const assignments: StepOutcome['assignments'] = [];
  if (transition.cancelledTaskIds.length > 0) {
    await sql.query(
      `UPDATE tasks SET status = 'cancelled'
       WHERE instance_id = $1::uuid AND key = ANY($2::text[]) AND status = 'open'`,
      [context.instanceId, transition.cancelledTaskIds],
    );
  }
  const directory = createOrgDirectory(sql, context.now);
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
    const taskId = await createTask(runtime, sql, context, toCreate, result);
    assignments.push({ taskKey: toCreate.id, taskId, result });
  }
  await writeLevelEvents(sql, context, transition.steps);
  return { steps: transition.steps, assignments };
}

async function createTask(
  runtime: FlowRuntime,
  sql: Sql,
  context: StepContext,
  toCreate: TaskToCreate,
  result: AssignmentResult,
): Promise<string> {
  const node = context.flow.nodes.find((candidate) => candidate.id === toCreate.nodeId);
  const form = toCreate.taskFormId ? await findLiveTaskForm(sql, toCreate.taskFormId) : null;
  if (toCreate.taskFormId && !form) {
    throw new AppError(
      'conflict',
      `The form of the level ${node?.name || toCreate.nodeId} is not published.`,
    );
  }
  const sla = toCreate.sla ? computeSla(toCreate.sla, context.now) : null;
  const taskId = randomUUID();
  const params = new SqlParams();
  const insertTask = `INSERT INTO tasks (id, instance_id, key, node_id, name, task_form_id, form_version_number, status,
      assignee_id, candidate_ids, unassigned_reason, previous_assignee_id, due_at, remind_at, escalation, created_at)
    VALUES (${[
      params.add(taskId, 'uuid'),
      params.add(context.instanceId, 'uuid'),
      params.add(toCreate.id, 'text'),
      params.add(toCreate.nodeId, 'text'),
      params.add(node?.name || form?.form.title || toCreate.nodeId, 'text'),
      params.add(toCreate.taskFormId, 'uuid'),
      params.add(form?.number ?? null, 'int'),
      `'open'`,
      params.add(result.type === 'user' ? result.userId : null, 'uuid'),
      params.add(result.type === 'queue' ? result.userIds : [], 'uuid[]'),
      params.add(result.type === 'unassigned' ? result.reason : null, 'text'),
      params.add(toCreate.previousAssigneeId, 'uuid'),
      params.add(sla?.dueAt ?? null, 'timestamptz'),
      params.add(sla?.remindAt ?? null, 'timestamptz'),
      params.add(sla?.escalation ?? null, 'text'),
      params.add(context.now, 'timestamptz'),
    ].join(', ')})`;
  // The task and, when it went to someone, its task.assigned event: one statement.
  const assigned =
    result.type === 'unassigned'
      ? null
      : {
          id: `task.assigned:${taskId}`,
          type: 'task.assigned',
          payload: {
            taskId,
            instanceId: context.instanceId,
            nodeId: toCreate.nodeId,
            assigneeIds: result.type === 'user' ? [result.userId] : result.userIds,
          },
        };
  await sql.query(
    assigned ? `WITH task AS (${insertTask}) ${insertEvents([assigned], params)}` : insertTask,
    params.values,
  );
  if (sla) await runtime.scheduleSla(sql, { id: taskId, dueAt: sla.dueAt, remindAt: sla.remindAt });
  return taskId;
}

// A level entered is an event triggers may react to; its id is the step's, so a replay writes nothing twice.
async function writeLevelEvents(sql: Sql, context: StepContext, steps: FlowStep[]): Promise<void> {
  const rows = levelEvents(context, steps);
  if (rows.length === 0) return;
  const params = new SqlParams();
  await sql.query(insertEvents(rows, params, 'ON CONFLICT DO NOTHING'), params.values);
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
async function failInstance(sql: Sql, instanceId: string, step: StepToApply, now: Date, reason: string) {
  const cancelled = await sql.query<{ id: string }>(
    `UPDATE tasks SET status = 'cancelled' WHERE instance_id = $1::uuid AND status = 'open' RETURNING id`,
    [instanceId],
  );
  const cancelledTaskIds = cancelled.map((task) => task.id);
  await saveStep(sql, instanceId, step, {
    status: 'failed',
    error: reason,
    appliedAt: now,
    outcome: { cancelledTaskIds },
  });
  await sql.query(
    `UPDATE flow_instances SET status = 'failed', failure = $2::text, finished_at = $3::timestamptz,
            updated_at = now()
     WHERE id = $1::uuid`,
    [instanceId, reason, now],
  );
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
