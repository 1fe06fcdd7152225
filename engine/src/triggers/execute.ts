import { createHash } from 'node:crypto';
import { type Prisma, type PrismaClient, queryPrepared, type Sql, sqlOf } from '@erp/prisma';
import type { Trigger, TriggerAction, TriggerActionType } from '@erp/shared';
import type pg from 'pg';
import type { Logger } from 'pino';
import { ProviderBusyError } from '../integrations/provider-client';
import { OutboundRefusedError, OutboundStatusError } from '../outbound/outbound-client';
import { describeError, isPermanent } from './action-errors';
import { actionHandlers, batchedActionHandlers } from './actions';
import type { ActionHandler, ActionServices, BatchedActionHandler } from './actions/action';
import { type RetryPolicy, retryDelayMs } from './backoff';

type Db = Prisma.TransactionClient;

// Well inside the transaction's timeout below, with room for one more slow action.
const batchBudgetMs = 30_000;

export interface ExecuteDeps {
  prisma: PrismaClient;
  /**
   * Plain pg connections, for the hottest statements as named ones: the dispatcher's batches whose inline actions
   * need no Prisma, and the check for due actions at each wake-up.
   */
  pool: pg.Pool;
  logger: Logger;
  services: ActionServices;
  retry: RetryPolicy;
  /** Pending actions taken per transaction. */
  batchSize: number;
}

/** An action to run: its ledger row, its run's context and the trigger version it belongs to. */
export interface ClaimedAction {
  id: string;
  idempotency_key: string;
  run_id: string;
  position: number;
  action_id: string;
  attempts: number;
  context: Record<string, unknown>;
  depth: number;
  content: Trigger;
  author_id: string;
}

/**
 * The transaction actions run in: always as plain SQL; as Prisma's client too unless it is a plain pg connection
 * (the dispatcher's, which then runs only actions that need no more: see runsOnPlainSql).
 */
export interface ActionTx {
  sql: Sql;
  db: Prisma.TransactionClient | null;
}

/** How one attempt of an action ended: done with its result, or failed — to retry at a time, or dead. */
export type ActionOutcome =
  | { row: ClaimedAction; status: 'done'; result: Prisma.InputJsonValue }
  | { row: ClaimedAction; status: 'pending' | 'dead'; attempts: number; error: string; availableAt: Date };

/**
 * Runs due pending actions, a batch per transaction: each row is locked (SKIP LOCKED: engines share the
 * queue), its effect applied (see runActions), and its outcome written in the same transaction — done with
 * the next action made pending, or the error with a retry time (backoff with jitter), or dead-lettered. A
 * `kill -9` anywhere rolls the whole batch back: the rows are pending again, own-data effects undone, and an
 * outside effect is repeated with the same idempotency key. Returns how many actions it took.
 */
export async function executeDueActions(deps: ExecuteDeps): Promise<number> {
  // Most wake-ups find no action due: a plain read answers that without holding a connection in a
  // transaction that the flow runner could use.
  const [due] = await queryPrepared<{ exists: boolean }>(
    deps.pool,
    `SELECT EXISTS (SELECT 1 FROM trigger_actions WHERE status = 'pending' AND available_at <= now())`,
    [],
  );
  if (!due?.exists) return 0;
  return deps.prisma.$transaction(
    async (db) => {
      const claimed = await db.$queryRaw<ClaimedAction[]>`
        SELECT a.id, a.idempotency_key, a.run_id, a.position, a.action_id, a.attempts,
               r.context, r.depth, v.content, v.author_id
        FROM trigger_actions a
        JOIN trigger_runs r ON r.id = a.run_id
        JOIN document_versions v ON v.document_id = r.document_id AND v.number = r.version_number
        WHERE a.status = 'pending' AND a.available_at <= now()
        ORDER BY a.available_at
        LIMIT ${deps.batchSize}
        FOR UPDATE OF a SKIP LOCKED`;
      const outcomes = await runActions(deps, { sql: sqlOf(db), db }, claimed);
      await recordDone(db, outcomes);
      for (const outcome of outcomes) if (outcome.status !== 'done') await recordFailure(db, outcome);
      return outcomes.length;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Runs actions in the caller's transaction and says how each ended; own-data effects are written in it.
 * Actions with a batched form (one row each) write their rows in one statement behind one savepoint; the rest
 * run one at a time, each behind its own. Slow receivers (each up to its timeout) must not stretch a
 * transaction past its limit: actions left when the budget is spent are not taken (no outcome).
 */
export async function runActions(
  deps: ExecuteDeps,
  tx: ActionTx,
  rows: ClaimedAction[],
): Promise<ActionOutcome[]> {
  const deadline = Date.now() + batchBudgetMs;
  const outcomes: ActionOutcome[] = [];
  const alone: ClaimedAction[] = [];
  const batches = new Map<TriggerActionType, ClaimedAction[]>();
  for (const row of rows) {
    const type = actionOf(row)?.type;
    if (type && type in batchedActionHandlers) batches.set(type, [...(batches.get(type) ?? []), row]);
    else alone.push(row);
  }
  for (const [type, batch] of batches) {
    const handler = batchedActionHandlers[type as keyof typeof batchedActionHandlers];
    outcomes.push(...(await runBatch(deps, tx, handler, batch, deadline)));
  }
  for (const row of alone) {
    if (Date.now() > deadline) break;
    outcomes.push(await runOne(deps, tx, row));
  }
  return outcomes;
}

function actionOf(row: ClaimedAction) {
  return row.content.actions.find((candidate) => candidate.id === row.action_id);
}

// What an action that needs Prisma's client would get on a plain connection: never given one (runsOnPlainSql),
// and were it, its failure is retried by the action runners, in Prisma's transactions.
const noPrisma = new Proxy({} as Db, {
  get() {
    throw new Error('This action needs Prisma and ran on a plain connection.');
  },
});

function inputOf(deps: ExecuteDeps, tx: ActionTx, row: ClaimedAction, action: TriggerAction) {
  return {
    db: tx.db ?? noPrisma,
    sql: tx.sql,
    action,
    context: row.context,
    idempotencyKey: row.idempotency_key,
    externalId: createHash('sha256').update(row.idempotency_key).digest('hex').slice(0, 32),
    run: { id: row.run_id, depth: row.depth, authorId: row.author_id },
    services: deps.services,
  };
}

// A batch behind one savepoint: each action prepared (its failure is its own), then every row in one insert.
// A database error anywhere (the transaction is then aborted) rolls the batch back and runs its actions one
// at a time; an outside effect already made in the batch (SMTP) is then repeated under the same key.
async function runBatch<Row>(
  deps: ExecuteDeps,
  tx: ActionTx,
  // biome-ignore lint/suspicious/noExplicitAny: the handler matches the rows' own action type, checked above
  handler: BatchedActionHandler<any, Row>,
  rows: ClaimedAction[],
  deadline: number,
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const written: Row[] = [];
  await tx.sql.query('SAVEPOINT trigger_batch');
  try {
    for (const row of rows) {
      if (Date.now() > deadline) break;
      try {
        const prepared = await handler.prepare(inputOf(deps, tx, row, actionOf(row) as TriggerAction));
        written.push(prepared.row);
        outcomes.push({ row, status: 'done', result: prepared.result });
      } catch (error) {
        outcomes.push(failureOf(deps, row, error));
      }
    }
    if (written.length > 0) await handler.write(tx.sql, written);
    return outcomes;
  } catch (error) {
    await tx.sql.query('ROLLBACK TO SAVEPOINT trigger_batch').catch(() => {
      throw error;
    });
    const alone: ActionOutcome[] = [];
    for (const { row } of outcomes) alone.push(await runOne(deps, tx, row));
    return alone;
  }
}

// One action behind a savepoint: done with its result, or its failure (its partial effects undone).
async function runOne(deps: ExecuteDeps, tx: ActionTx, row: ClaimedAction): Promise<ActionOutcome> {
  const action = actionOf(row);
  await tx.sql.query('SAVEPOINT trigger_action');
  try {
    if (!action) throw new Error('The trigger version has no such action.');
    const handler = actionHandlers[action.type] as ActionHandler<TriggerActionType>;
    const result = await handler(inputOf(deps, tx, row, action));
    // Not released: the next action's savepoint of the same name stacks on it (one round trip less each), and
    // a rollback only ever goes to the latest.
    return { row, status: 'done', result };
  } catch (error) {
    // A lost connection fails the rollback too: then the whole batch rolls back and stays pending.
    await tx.sql.query('ROLLBACK TO SAVEPOINT trigger_action').catch(() => {
      throw error;
    });
    return failureOf(deps, row, error);
  }
}

function failureOf(deps: ExecuteDeps, row: ClaimedAction, error: unknown): ActionOutcome {
  const attempts = row.attempts + 1;
  const message = describeError(error);
  const isDead = isPermanentFailure(error) || attempts >= deps.retry.maxAttempts;
  deps.logger.warn(
    { runId: row.run_id, position: row.position, attempts, isDead, message },
    'trigger action failed',
  );
  // A provider's Retry-After is a floor: sooner would only be refused again.
  const delayMs = Math.max(
    retryDelayMs(deps.retry, attempts),
    error instanceof ProviderBusyError ? error.retryAfterMs : 0,
  );
  return {
    row,
    status: isDead ? 'dead' : 'pending',
    attempts,
    error: message,
    availableAt: new Date(Date.now() + delayMs),
  };
}

// The batch's successes in three statements: the actions done, each run's next action made pending, and the
// runs with nothing left completed. The `= ANY(…)` beside each join lets the planner use the index instead of
// hashing the whole (ever growing) ledger against an unnest it cannot estimate.
async function recordDone(db: Db, outcomes: ActionOutcome[]): Promise<void> {
  const done = outcomes.filter((outcome) => outcome.status === 'done');
  if (done.length === 0) return;
  const ids = done.map(({ row }) => row.id);
  await db.$executeRaw`
    UPDATE trigger_actions a SET status = 'done', attempts = a.attempts + 1, result = d.result, error = NULL,
      updated_at = now()
    FROM unnest(${ids}::uuid[], ${done.map(({ result }) => JSON.stringify(result))}::jsonb[]) AS d(id, result)
    WHERE a.id = d.id AND a.id = ANY(${ids}::uuid[])`;
  const runIds = done.map(({ row }) => row.run_id);
  const started = await db.$queryRaw<{ run_id: string }[]>`
    UPDATE trigger_actions a SET status = 'pending', available_at = now(), updated_at = now()
    FROM unnest(${runIds}::text[], ${done.map(({ row }) => row.position + 1)}::int[]) AS n(run_id, position)
    WHERE a.run_id = n.run_id AND a.position = n.position AND a.status = 'waiting' AND a.run_id = ANY(${runIds}::text[])
    RETURNING a.run_id`;
  const continuing = new Set(started.map((row) => row.run_id));
  const finished = runIds.filter((runId) => !continuing.has(runId));
  if (finished.length > 0) {
    await db.$executeRaw`
      UPDATE trigger_runs SET outcome = 'completed', error = NULL, finished_at = now()
      WHERE id = ANY(${finished}::text[])`;
  }
}

async function recordFailure(
  db: Db,
  outcome: Extract<ActionOutcome, { status: 'pending' | 'dead' }>,
): Promise<void> {
  const { row, status, attempts, error, availableAt } = outcome;
  await db.triggerAction.update({
    where: { id: row.id },
    data: status === 'dead' ? { status, attempts, error } : { status, attempts, error, availableAt },
  });
  if (status === 'dead') {
    await db.triggerRun.update({
      where: { id: row.run_id },
      data: { outcome: 'failed', error, finishedAt: new Date() },
    });
  }
}

function isPermanentFailure(error: unknown): boolean {
  if (error instanceof OutboundRefusedError) return true;
  if (error instanceof OutboundStatusError) return !error.isRetryable;
  return isPermanent(error);
}
