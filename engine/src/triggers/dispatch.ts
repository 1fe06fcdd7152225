import { randomUUID } from 'node:crypto';
import { buildEventContexts, inTransaction, type Prisma, type Sql, sqlOf } from '@erp/prisma';
import { explainCondition, matchesTriggerEvent, type Trigger, type TriggerActionType } from '@erp/shared';
import { runsInline, runsOnPlainSql } from './actions';
import { type ActionTx, type ClaimedAction, type ExecuteDeps, runActions } from './execute';

export interface DispatchOptions {
  /** Events turned into runs per transaction. */
  batchSize: number;
  /** A run this many triggers deep in a chain (A→B→A…) is stopped and marked so. */
  maxDepth: number;
}

/** Where the dispatcher's next batch starts (see dispatchEvents). */
export interface DispatchState {
  /** On Prisma's transaction, once a batch needed it. */
  onPrisma: boolean;
}
interface EventRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

interface LiveTrigger {
  documentId: string;
  number: number;
  trigger: Trigger;
  authorId: string;
}

/** A run's id: the event and the trigger version, so the same event twice is one run. */
export function runIdOf(eventId: string, documentId: string, versionNumber: number): string {
  return `${eventId}@${documentId}:v${versionNumber}`;
}

/** An action's idempotency key: run, step (its position) and action — never the attempt. */
export function idempotencyKeyOf(runId: string, position: number, actionId: string): string {
  return `${runId}:${position}:${actionId}`;
}

/**
 * Turns the oldest queued events (those a live trigger listened to when they were written) into trigger runs, in
 * one transaction: each live, enabled trigger whose event and filters match gets a run (deterministic id), its
 * condition explained, and — when it holds — its enabled actions as ledger rows. Actions whose effect is only our
 * own rows run right here, in order, in the same transaction (milliseconds from the event, one write per row);
 * the first action left is pending for the action runners. Events are taken off the queue with SKIP LOCKED, so
 * several engines share the work, in the same transaction: a `kill -9` rolls back runs, effects and all, and the
 * events are queued again. Returns how many events.
 *
 * The transaction is a plain pg connection's (named statements: Prisma's per-statement cost — its array
 * parameters, re-planning, garbage — was most of a batch's CPU) unless a trigger of the batch runs an inline
 * action that reads through Prisma (a flow start, a record, a mail to users): then that batch is rolled back
 * and made again in Prisma's transaction, and the next ones start there until a batch no longer needs it.
 */
export async function dispatchEvents(
  deps: ExecuteDeps,
  options: DispatchOptions,
  state: DispatchState,
): Promise<number> {
  if (!state.onPrisma) {
    try {
      const result = await inTransaction(deps.pool, (sql) => dispatchBatch(deps, { sql, db: null }, options));
      return result.taken;
    } catch (error) {
      if (!(error instanceof NeedsPrisma)) throw error;
      state.onPrisma = true;
    }
  }
  return deps.prisma.$transaction(
    async (db) => {
      const result = await dispatchBatch(deps, { sql: sqlOf(db), db }, options);
      if (result.taken > 0) state.onPrisma = result.needsPrisma;
      return result.taken;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
/** Thrown on a plain connection when a trigger of the batch needs Prisma's client: the batch is made there. */
class NeedsPrisma extends Error {}

// Taken off the queue in one statement, in order; the same transaction makes their runs, so a rollback leaves
// them queued. The batch's seqs as an array, so the delete probes the primary key for each: joined to the queue
// instead, the plan hashed the whole queue (a backlog, and its dead rows) for every batch.
const takeEvents = `
  WITH taken AS (
    DELETE FROM event_queue
    WHERE seq = ANY (ARRAY(SELECT seq FROM event_queue ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
    RETURNING seq)
  SELECT e.id, e.type, e.payload FROM taken JOIN events e ON e.seq = taken.seq ORDER BY e.seq`;

interface BatchResult {
  taken: number;
  needsPrisma: boolean;
}

async function dispatchBatch(
  deps: ExecuteDeps,
  tx: ActionTx,
  options: DispatchOptions,
): Promise<BatchResult> {
  const events = await tx.sql.query<EventRow>(takeEvents, [options.batchSize]);
  if (events.length === 0) return { taken: 0, needsPrisma: false };
  const triggers = await findLiveTriggers(tx.sql, [...new Set(events.map((event) => event.type))]);
  const needsPrisma = triggers.some(({ trigger }) =>
    trigger.actions.some(
      (action) => action.enabled && runsInline(action.type, deps.services) && !runsOnPlainSql(action),
    ),
  );
  if (needsPrisma && !tx.db) throw new NeedsPrisma();
  if (triggers.length > 0) {
    const contexts = await buildEventContexts(tx.sql, events);
    const depths = await findCauseDepths(tx.sql, contexts);
    const planned: PlannedRun[] = [];
    for (const [index, event] of events.entries()) {
      const context = contexts[index] ?? {};
      for (const live of triggers) {
        if (!matchesTriggerEvent(live.trigger.event, event.type, context, live.documentId)) continue;
        const depth = (depths.get(String(context.instanceId)) ?? 0) + 1;
        planned.push(planRun(live, event, context, depth, options.maxDepth));
      }
    }
    // The same event twice is one run: a run made before (its event dispatched again) is not made again.
    const fresh = await withoutExisting(tx.sql, planned);
    await runInline(deps, tx, fresh);
    await insertRuns(tx.sql, events, fresh);
  }
  return { taken: events.length, needsPrisma };
}

interface PlannedAction {
  claimed: ClaimedAction;
  type: TriggerActionType;
  status: 'waiting' | 'pending' | 'done' | 'dead';
  result: Prisma.InputJsonValue | null;
  error: string | null;
  availableAt: Date | null;
}

interface PlannedRun {
  id: string;
  eventId: string;
  eventType: string;
  documentId: string;
  versionNumber: number;
  depth: number;
  outcome: 'running' | 'completed' | 'failed' | 'skipped' | 'depthLimited';
  context: Record<string, unknown>;
  evaluation: Prisma.InputJsonValue | null;
  error: string | null;
  finishedAt: Date | null;
  actions: PlannedAction[];
}

function planRun(
  live: LiveTrigger,
  event: EventRow,
  context: Record<string, unknown>,
  depth: number,
  maxDepth: number,
): PlannedRun {
  const id = runIdOf(event.id, live.documentId, live.number);
  const base = {
    id,
    eventId: event.id,
    eventType: event.type,
    documentId: live.documentId,
    versionNumber: live.number,
    depth,
    context,
    evaluation: null,
    error: null,
    actions: [],
  };
  const now = new Date();
  if (depth > maxDepth) {
    const error = `Stopped: this would be trigger run ${depth} of one chain (the limit is ${maxDepth}).`;
    return { ...base, outcome: 'depthLimited', error, finishedAt: now };
  }
  let explanation: ReturnType<typeof explainCondition> | null;
  try {
    explanation = live.trigger.condition ? explainCondition(live.trigger.condition, context) : null;
  } catch (error) {
    const reason = `The condition could not be evaluated: ${error instanceof Error ? error.message : error}`;
    return { ...base, outcome: 'failed', error: reason, finishedAt: now };
  }
  const evaluation = (explanation ?? null) as Prisma.InputJsonValue | null;
  if (explanation && !explanation.result) {
    return { ...base, outcome: 'skipped', evaluation, finishedAt: now };
  }
  const enabled = [...live.trigger.actions]
    .filter((action) => action.enabled)
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id.localeCompare(b.id)));
  const actions = enabled.map(
    (action, position): PlannedAction => ({
      claimed: {
        id: randomUUID(),
        idempotency_key: idempotencyKeyOf(id, position, action.id),
        run_id: id,
        position,
        action_id: action.id,
        attempts: 0,
        context,
        depth,
        content: live.trigger,
        author_id: live.authorId,
      },
      type: action.type,
      status: position === 0 ? 'pending' : 'waiting',
      result: null,
      error: null,
      availableAt: null,
    }),
  );
  return {
    ...base,
    outcome: actions.length > 0 ? 'running' : 'completed',
    evaluation,
    finishedAt: actions.length > 0 ? null : now,
    actions,
  };
}

async function withoutExisting(sql: Sql, planned: PlannedRun[]): Promise<PlannedRun[]> {
  if (planned.length === 0) return planned;
  const existing = await sql.query<{ id: string }>('SELECT id FROM trigger_runs WHERE id = ANY($1::text[])', [
    planned.map((run) => run.id),
  ]);
  if (existing.length === 0) return planned;
  const made = new Set(existing.map((row) => row.id));
  return planned.filter((run) => !made.has(run.id));
}

// Each pass runs the pending action of every run that can run here, in a batch; an action done makes the next
// one pending (and the next pass may run it). A run ends completed when all are done, failed when one is dead.
async function runInline(deps: ExecuteDeps, tx: ActionTx, runs: PlannedRun[]): Promise<void> {
  for (let position = 0; ; position++) {
    const due = runs.flatMap((run) => {
      const action = run.actions[position];
      return action?.status === 'pending' && runsInline(action.type, deps.services) ? [action] : [];
    });
    if (due.length === 0) break;
    const byKey = new Map(due.map((action) => [action.claimed.idempotency_key, action]));
    for (const outcome of await runActions(
      deps,
      tx,
      due.map((action) => action.claimed),
    )) {
      const action = byKey.get(outcome.row.idempotency_key);
      if (!action) continue;
      action.claimed.attempts = outcome.status === 'done' ? 1 : outcome.attempts;
      if (outcome.status === 'done') {
        action.status = 'done';
        action.result = outcome.result;
      } else {
        action.status = outcome.status;
        action.error = outcome.error;
        action.availableAt = outcome.availableAt;
      }
    }
  }
  const now = new Date();
  for (const run of runs) {
    for (const [position, action] of run.actions.entries()) {
      const next = run.actions[position + 1];
      if (action.status === 'done' && next?.status === 'waiting') next.status = 'pending';
    }
    const dead = run.actions.find((action) => action.status === 'dead');
    if (dead) Object.assign(run, { outcome: 'failed', error: dead.error, finishedAt: now });
    else if (run.actions.length > 0 && run.actions.every((action) => action.status === 'done')) {
      Object.assign(run, { outcome: 'completed', finishedAt: now });
    }
  }
}

// Runs and their actions in one statement, a column per array: no field names repeated per row, and a run's
// context is its event's payload read where it lies (only what was added to it is sent), so the batch's bytes
// stay few — on a busy machine writing them to the socket cost more than anything else here. A payload nothing
// was added to is stored as it is, not taken apart and rebuilt by a concatenation with nothing.
async function insertRuns(sql: Sql, events: EventRow[], runs: PlannedRun[]): Promise<void> {
  if (runs.length === 0) return;
  const payloads = new Map(events.map((event) => [event.id, event.payload]));
  const actions = runs.flatMap((run, index) => run.actions.map((action) => ({ action, run: index + 1 })));
  await sql.query(
    `WITH r AS (
       INSERT INTO trigger_runs (id, event_id, event_type, document_id, version_number, depth, outcome, context,
                                 evaluation, error, finished_at)
       SELECT r.id, r.event_id, e.type, r.document_id, r.version_number, r.depth, r.outcome::"TriggerRunOutcome",
              CASE WHEN r.added IS NULL THEN e.payload ELSE e.payload || r.added END, r.evaluation, r.error,
              r.finished_at
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::int[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[],
                   $9::text[], $10::timestamptz[])
         AS r(id, event_id, document_id, version_number, depth, outcome, added, evaluation, error, finished_at)
       JOIN events e ON e.id = r.event_id
       ON CONFLICT (id) DO NOTHING)
     INSERT INTO trigger_actions (id, idempotency_key, run_id, position, action_id, type, status, attempts,
                                  available_at, result, error)
     SELECT a.id, a.key, ($1::text[])[a.run], a.position, a.action_id, a.type, a.status::"TriggerActionStatus",
            a.attempts, coalesce(a.available_at, now()), a.result, a.error
     FROM unnest($11::uuid[], $12::text[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[],
                 $18::int[], $19::timestamptz[], $20::jsonb[], $21::text[])
       AS a(id, key, run, position, action_id, type, status, attempts, available_at, result, error)
     ON CONFLICT DO NOTHING`,
    [
      runs.map((run) => run.id),
      runs.map((run) => run.eventId),
      runs.map((run) => run.documentId),
      runs.map((run) => run.versionNumber),
      runs.map((run) => run.depth),
      runs.map((run) => run.outcome),
      runs.map((run) => addedTo(payloads.get(run.eventId), run.context)),
      runs.map((run) => jsonOrNull(run.evaluation)),
      runs.map((run) => run.error),
      runs.map((run) => run.finishedAt?.toISOString() ?? null),
      actions.map(({ action }) => action.claimed.id),
      actions.map(({ action }) => action.claimed.idempotency_key),
      actions.map(({ run }) => run),
      actions.map(({ action }) => action.claimed.position),
      actions.map(({ action }) => action.claimed.action_id),
      actions.map(({ action }) => action.type),
      actions.map(({ action }) => action.status),
      actions.map(({ action }) => action.claimed.attempts),
      actions.map(({ action }) => action.availableAt?.toISOString() ?? null),
      actions.map(({ action }) => jsonOrNull(action.result)),
      actions.map(({ action }) => action.error),
    ],
  );
}

// What the run's context adds to its event's payload (the flow and form it concerns), or null for nothing.
function addedTo(
  payload: Record<string, unknown> | undefined,
  context: Record<string, unknown>,
): string | null {
  const added = Object.entries(context).filter(([key, value]) => payload?.[key] !== value);
  return added.length > 0 ? JSON.stringify(Object.fromEntries(added)) : null;
}

function jsonOrNull(value: Prisma.InputJsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

async function findLiveTriggers(sql: Sql, eventTypes: string[]): Promise<LiveTrigger[]> {
  const rows = await sql.query<{ document_id: string; number: number; content: Trigger; author_id: string }>(
    'SELECT document_id, number, content, author_id FROM live_triggers WHERE event_type = ANY($1::text[])',
    [eventTypes],
  );
  return rows.map((row) => ({
    documentId: row.document_id,
    number: row.number,
    trigger: row.content,
    authorId: row.author_id,
  }));
}

// How deep in a trigger chain each instance's events are: the depth of the run that started the instance.
async function findCauseDepths(sql: Sql, contexts: Record<string, unknown>[]): Promise<Map<string, number>> {
  const instanceIds = [
    ...new Set(
      contexts.flatMap((context) => (typeof context.instanceId === 'string' ? [context.instanceId] : [])),
    ),
  ];
  if (instanceIds.length === 0) return new Map();
  const causes = await sql.query<{ instance_id: string; depth: number }>(
    'SELECT instance_id, depth FROM trigger_causes WHERE instance_id = ANY($1::uuid[])',
    [instanceIds],
  );
  return new Map(causes.map((cause) => [cause.instance_id, cause.depth]));
}
