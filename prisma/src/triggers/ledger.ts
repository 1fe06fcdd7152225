import { AppError } from '@erp/shared';
import type { Prisma } from '../generated/client';

type Db = Prisma.TransactionClient;

/**
 * Puts a dead-lettered action back in the queue with its attempts reset and its idempotency key unchanged
 * (the receiver recognises a repeat), and its run back to running. Anything but a dead letter answers 409.
 */
export async function retryDeadLetter(db: Db, actionId: string) {
  const locked = await db.$queryRaw<{ status: string; run_id: string }[]>`
    SELECT status::text, run_id FROM trigger_actions WHERE id = ${actionId}::uuid FOR UPDATE`;
  const row = locked[0];
  if (!row) throw new AppError('not_found', 'No dead letter has this id.');
  if (row.status !== 'dead')
    throw new AppError('conflict', `This action is ${row.status}, not dead-lettered.`);
  await db.triggerRun.update({
    where: { id: row.run_id },
    data: { outcome: 'running', error: null, finishedAt: null },
  });
  return db.triggerAction.update({
    where: { id: actionId },
    data: { status: 'pending', attempts: 0, availableAt: new Date(), error: null },
  });
}

/** An action's idempotency key: run, step (its position) and action — never the attempt. */
export function idempotencyKeyOf(runId: string, position: number, actionId: string): string {
  return `${runId}:${position}:${actionId}`;
}

/** One action of a run's own ledger (`trigger_runs.ledger`), by position: done at its first attempt. */
export interface InlineLedgerEntry {
  id: string;
  actionId: string;
  type: string;
  result: Prisma.InputJsonValue;
}

/**
 * The actions of a run whose ledger is its own row (every action done in the dispatcher's transaction, see
 * `trigger_runs.ledger` in schema.prisma) as the ledger rows they stand for: position and key from the run,
 * one attempt, done when the run finished. Empty for a run whose ledger is trigger_actions.
 */
export function inlineLedgerActions(run: {
  id: string;
  ledger: unknown;
  finishedAt: Date | null;
  createdAt: Date;
}) {
  if (!Array.isArray(run.ledger)) return [];
  const at = run.finishedAt ?? run.createdAt;
  return (run.ledger as InlineLedgerEntry[]).map((entry, position) => ({
    id: entry.id,
    runId: run.id,
    position,
    actionId: entry.actionId,
    type: entry.type,
    status: 'done' as const,
    attempts: 1,
    idempotencyKey: idempotencyKeyOf(run.id, position, entry.actionId),
    result: entry.result,
    error: null,
    updatedAt: at,
  }));
}

/**
 * Runs with what their trigger saw (`context`): their event's payload with what the run added
 * (`trigger_runs.context_added`, a shallow merge like jsonb `||`), read with one query for all of them.
 */
export async function withRunContexts<Run extends { eventId: string; contextAdded: unknown }>(
  db: Pick<Db, 'event'>,
  runs: Run[],
): Promise<(Run & { context: Record<string, unknown> })[]> {
  const ids = [...new Set(runs.map((run) => run.eventId))];
  const events =
    ids.length > 0
      ? await db.event.findMany({ where: { id: { in: ids } }, select: { id: true, payload: true } })
      : [];
  const payloadOf = new Map(events.map((event) => [event.id, event.payload]));
  return runs.map((run) => ({
    ...run,
    context: { ...asObject(payloadOf.get(run.eventId)), ...asObject(run.contextAdded) },
  }));
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
