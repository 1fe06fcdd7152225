import type { Prisma, PrismaClient } from '@erp/prisma';
import { explainCondition, matchesTriggerEvent, type Trigger } from '@erp/shared';

type Db = Prisma.TransactionClient;

export interface DispatchOptions {
  /** Events turned into runs per transaction. */
  batchSize: number;
  /** A run this many triggers deep in a chain (A→B→A…) is stopped and marked so. */
  maxDepth: number;
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
 * Turns the oldest undispatched events into trigger runs, in one transaction: each live, enabled trigger whose
 * event and filters match gets a run (deterministic id), its condition explained, and — when it holds — its
 * enabled actions as ledger rows, the first one pending. Events are taken with SKIP LOCKED, so several
 * engines share the work; the events are marked dispatched in the same transaction. Returns how many events.
 */
export async function dispatchEvents(prisma: PrismaClient, options: DispatchOptions): Promise<number> {
  const [waiting] = await prisma.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM events WHERE dispatched_at IS NULL)`;
  if (!waiting?.exists) return 0;
  return prisma.$transaction(
    async (db) => {
      const events = await db.$queryRaw<EventRow[]>`
        SELECT id, type, payload FROM events WHERE dispatched_at IS NULL
        ORDER BY seq LIMIT ${options.batchSize} FOR UPDATE SKIP LOCKED`;
      if (events.length === 0) return 0;
      const triggers = await findLiveTriggers(db, [...new Set(events.map((event) => event.type))]);
      if (triggers.length > 0) {
        const contexts = await buildContexts(db, events);
        const depths = await findCauseDepths(db, contexts);
        const runs: Prisma.TriggerRunCreateManyInput[] = [];
        const actions: Prisma.TriggerActionCreateManyInput[] = [];
        for (const [index, event] of events.entries()) {
          const context = contexts[index] ?? {};
          for (const live of triggers) {
            if (!matchesTriggerEvent(live.trigger.event, event.type, context, live.documentId)) continue;
            const depth = (depths.get(String(context.instanceId)) ?? 0) + 1;
            const planned = planRun(live, event, context, depth, options.maxDepth);
            runs.push(planned.run);
            actions.push(...planned.actions);
          }
        }
        await db.triggerRun.createMany({ data: runs, skipDuplicates: true });
        await db.triggerAction.createMany({ data: actions, skipDuplicates: true });
      }
      await db.$executeRaw`
        UPDATE events SET dispatched_at = now() WHERE id = ANY(${events.map((event) => event.id)}::text[])`;
      return events.length;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

function planRun(
  live: LiveTrigger,
  event: EventRow,
  context: Record<string, unknown>,
  depth: number,
  maxDepth: number,
) {
  const id = runIdOf(event.id, live.documentId, live.number);
  const base = {
    id,
    eventId: event.id,
    eventType: event.type,
    documentId: live.documentId,
    versionNumber: live.number,
    depth,
    context: context as Prisma.InputJsonValue,
  };
  const now = new Date();
  if (depth > maxDepth) {
    const error = `Stopped: this would be trigger run ${depth} of one chain (the limit is ${maxDepth}).`;
    return { run: { ...base, outcome: 'depthLimited' as const, error, finishedAt: now }, actions: [] };
  }
  let explanation: ReturnType<typeof explainCondition> | null;
  try {
    explanation = live.trigger.condition ? explainCondition(live.trigger.condition, context) : null;
  } catch (error) {
    const reason = `The condition could not be evaluated: ${error instanceof Error ? error.message : error}`;
    return { run: { ...base, outcome: 'failed' as const, error: reason, finishedAt: now }, actions: [] };
  }
  const evaluation = explanation as Prisma.InputJsonValue | undefined;
  if (explanation && !explanation.result) {
    return { run: { ...base, outcome: 'skipped' as const, evaluation, finishedAt: now }, actions: [] };
  }
  const enabled = [...live.trigger.actions]
    .filter((action) => action.enabled)
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id.localeCompare(b.id)));
  const actions = enabled.map((action, position) => ({
    runId: id,
    position,
    actionId: action.id,
    type: action.type,
    idempotencyKey: idempotencyKeyOf(id, position, action.id),
    status: position === 0 ? ('pending' as const) : ('waiting' as const),
  }));
  const outcome = actions.length > 0 ? ('running' as const) : ('completed' as const);
  return {
    run: { ...base, outcome, evaluation, finishedAt: actions.length > 0 ? null : now },
    actions,
  };
}

async function findLiveTriggers(db: Db, eventTypes: string[]): Promise<LiveTrigger[]> {
  const rows = await db.$queryRaw<{ document_id: string; number: number; content: Trigger }[]>`
    SELECT v.document_id, v.number, v.content FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    WHERE v.status = 'live' AND d.kind = 'trigger' AND d.archived_at IS NULL
      AND v.content->'event'->>'type' = ANY(${eventTypes}::text[])
      AND (v.content->>'enabled')::boolean`;
  return rows.map((row) => ({ documentId: row.document_id, number: row.number, trigger: row.content }));
}

// Flow and task events name their instance and task; triggers filter by flow and form, so those are added.
async function buildContexts(db: Db, events: EventRow[]): Promise<Record<string, unknown>[]> {
  const instanceIds = new Set<string>();
  const taskIds = new Set<string>();
  for (const { payload } of events) {
    if (typeof payload.instanceId === 'string') instanceIds.add(payload.instanceId);
    if (typeof payload.taskId === 'string') taskIds.add(payload.taskId);
  }
  const [instances, tasks] = await Promise.all([
    instanceIds.size > 0
      ? db.flowInstance.findMany({
          where: { id: { in: [...instanceIds] } },
          select: { id: true, documentId: true },
        })
      : [],
    taskIds.size > 0
      ? db.task.findMany({ where: { id: { in: [...taskIds] } }, select: { id: true, taskFormId: true } })
      : [],
  ]);
  const flowOf = new Map(instances.map((instance) => [instance.id, instance.documentId]));
  const formOf = new Map(tasks.map((task) => [task.id, task.taskFormId]));
  return events.map(({ payload }) => {
    const context: Record<string, unknown> = { ...payload };
    const flowId = flowOf.get(String(payload.instanceId));
    if (flowId) context.flowId = flowId;
    const taskFormId = formOf.get(String(payload.taskId));
    if (taskFormId) context.taskFormId = taskFormId;
    return context;
  });
}

// How deep in a trigger chain each instance's events are: the depth of the run that started the instance.
async function findCauseDepths(db: Db, contexts: Record<string, unknown>[]): Promise<Map<string, number>> {
  const instanceIds = [
    ...new Set(
      contexts.flatMap((context) => (typeof context.instanceId === 'string' ? [context.instanceId] : [])),
    ),
  ];
  if (instanceIds.length === 0) return new Map();
  const causes = await db.triggerCause.findMany({ where: { instanceId: { in: instanceIds } } });
  return new Map(causes.map((cause) => [cause.instanceId, cause.depth]));
}
