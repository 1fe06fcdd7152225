import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@erp/prisma';
import type { Trigger, TriggerActionType } from '@erp/shared';
import type { Logger } from 'pino';
import { ProviderBusyError } from '../integrations/provider-client';
import { OutboundRefusedError, OutboundStatusError } from '../outbound/outbound-client';
import { describeError, isPermanent } from './action-errors';
import { actionHandlers } from './actions';
import type { ActionHandler, ActionServices } from './actions/action';
import { type RetryPolicy, retryDelayMs } from './backoff';

type Db = Prisma.TransactionClient;

// Well inside the transaction's timeout below, with room for one more slow action.
const batchBudgetMs = 30_000;

export interface ExecuteDeps {
  prisma: PrismaClient;
  logger: Logger;
  services: ActionServices;
  retry: RetryPolicy;
  /** Pending actions taken per transaction. */
  batchSize: number;
}

interface ClaimedAction {
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
 * Runs due pending actions, a batch per transaction: each row is locked (SKIP LOCKED: engines share the
 * queue), its effect applied behind a savepoint, and its outcome written in the same transaction — done with
 * the next action made pending, or the error with a retry time (backoff with jitter), or dead-lettered. A
 * `kill -9` anywhere rolls the whole batch back: the rows are pending again, own-data effects undone, and an
 * outside effect is repeated with the same idempotency key. Returns how many actions it took.
 */
export async function executeDueActions(deps: ExecuteDeps): Promise<number> {
  // Most wake-ups (every event commits one) find no action due: a plain read answers that without holding a
  // connection in a transaction that the flow runner could use.
  const [due] = await deps.prisma.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM trigger_actions WHERE status = 'pending' AND available_at <= now())`;
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
      const done: Done[] = [];
      // Slow receivers (each up to its timeout) must not stretch one transaction past its limit: rows left
      // when the budget is spent stay pending, released at commit for the next pass.
      const deadline = Date.now() + batchBudgetMs;
      let taken = 0;
      for (const row of claimed) {
        if (Date.now() > deadline) break;
        taken += 1;
        const result = await executeOne(deps, db, row);
        if (result) done.push(result);
      }
      await recordDone(db, done);
      return taken;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

interface Done {
  row: ClaimedAction;
  result: Prisma.InputJsonValue;
}

// Runs one action behind a savepoint: its result, or null after recording its failure.
async function executeOne(deps: ExecuteDeps, db: Db, row: ClaimedAction): Promise<Done | null> {
  const action = row.content.actions.find((candidate) => candidate.id === row.action_id);
  await db.$executeRaw`SAVEPOINT trigger_action`;
  try {
    if (!action) throw new Error('The trigger version has no such action.');
    const handler = actionHandlers[action.type] as ActionHandler<TriggerActionType>;
    const result = await handler({
      db,
      action,
      context: row.context,
      idempotencyKey: row.idempotency_key,
      externalId: createHash('sha256').update(row.idempotency_key).digest('hex').slice(0, 32),
      run: { id: row.run_id, depth: row.depth, authorId: row.author_id },
      services: deps.services,
    });
    // Not released: the next action's savepoint of the same name stacks on it (one round trip less each), and
    // a rollback only ever goes to the latest.
    return { row, result };
  } catch (error) {
    // A lost connection fails the rollback too: then the whole batch rolls back and stays pending.
    await db.$executeRaw`ROLLBACK TO SAVEPOINT trigger_action`.catch(() => {
      throw error;
    });
    await recordFailure(deps, db, row, row.attempts + 1, error);
    return null;
  }
}

// The batch's successes in three statements: the actions done, each run's next action made pending, and the
// runs with nothing left completed. The `= ANY(…)` beside each join lets the planner use the index instead of
// hashing the whole (ever growing) ledger against an unnest it cannot estimate.
async function recordDone(db: Db, done: Done[]): Promise<void> {
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
  deps: ExecuteDeps,
  db: Db,
  row: ClaimedAction,
  attempts: number,
  error: unknown,
): Promise<void> {
  const message = describeError(error);
  const isDead = isPermanentFailure(error) || attempts >= deps.retry.maxAttempts;
  deps.logger.warn(
    { runId: row.run_id, position: row.position, attempts, isDead, message },
    'trigger action failed',
  );
  await db.triggerAction.update({
    where: { id: row.id },
    data: isDead
      ? { status: 'dead', attempts, error: message }
      : {
          status: 'pending',
          attempts,
          error: message,
          // A provider's Retry-After is a floor: sooner would only be refused again.
          availableAt: new Date(
            Date.now() +
              Math.max(
                retryDelayMs(deps.retry, attempts),
                error instanceof ProviderBusyError ? error.retryAfterMs : 0,
              ),
          ),
        },
  });
  if (isDead) {
    await db.triggerRun.update({
      where: { id: row.run_id },
      data: { outcome: 'failed', error: message, finishedAt: new Date() },
    });
  }
}

function isPermanentFailure(error: unknown): boolean {
  if (error instanceof OutboundRefusedError) return true;
  if (error instanceof OutboundStatusError) return !error.isRetryable;
  return isPermanent(error);
}
