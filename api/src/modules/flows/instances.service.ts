import {
  cancelFlowInstance,
  findLiveFlow,
  findLiveTaskForm,
  findMemberships,
  flowTransaction,
  inTransaction,
  lockInstance,
  Prisma,
  queryPrepared,
  startFlowInstance,
  startFormIdOf,
} from '@erp/prisma';
import {
  AppError,
  type Flow,
  type InstanceSummary,
  type InstanceView,
  type StartableFlow,
  type TaskFormData,
} from '@erp/shared';
import { mayStart, startersOf } from '@erp/shared/flows';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { cursorKeys, decodeCursor, toPage } from '../../http/lists';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { listInstanceFiles } from '../files/files.service';
import { flowRuntimeOf } from './flow-runtime';
import { type LevelRow, levelsColumn, requestColumn, type SubmissionRow, toSubmissions } from './submissions';
import { instanceNotFound, visibleInstanceWhere, visibleTaskWhere } from './task-access';
import { findTaskRows, toTaskSummary } from './task-view';
import { toTimeline } from './timeline';

// Flow instances: started by anyone signed in, seen by who is part of them, cancelled and repaired by admins.

/** The flows with a live version that this person may start, with their start form. */
export async function listStartableFlows(
  deps: AppDeps,
  user: SessionUser,
): Promise<{ items: StartableFlow[] }> {
  const [versions, memberships] = await Promise.all([
    deps.prisma.documentVersion.findMany({
      where: { status: 'live', document: { kind: 'flow', archivedAt: null } },
      select: { documentId: true, number: true, content: true, document: { select: { name: true } } },
      orderBy: { document: { name: 'asc' } },
    }),
    findMemberships(deps.prisma, user.id),
  ]);
  const startable = versions.filter((version) =>
    mayStart(startersOf(version.content as unknown as Flow), memberships),
  );
  const items = await Promise.all(
    startable.map(async (version) => {
      const flow = version.content as unknown as Flow;
      const startFormId = startFormIdOf(flow);
      const startForm = startFormId ? await findLiveTaskForm(deps.prisma, startFormId) : null;
      return {
        documentId: version.documentId,
        name: version.document.name,
        description: flow.description,
        version: version.number,
        startForm: startForm?.form ?? null,
      };
    }),
  );
  return { items };
}

export async function startInstance(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  data: TaskFormData,
) {
  // On the plain pool (named statements): starts come in bursts (incoming webhooks, P7).
  const started = await inTransaction(deps.pool, async (sql) => {
    const live = await findLiveFlow(sql, documentId);
    const starters = startersOf(live.flow);
    // A flow that names nobody is everyone's (mayStart): no need to read where the person stands.
    if (starters && !mayStart(starters, await findMemberships(sql, user.id))) {
      throw new AppError('forbidden', 'Only the people this flow names may start it.');
    }
    return startFlowInstance(sql, flowRuntimeOf(deps), { documentId, requesterId: user.id, data, live });
  });
  return { id: started.instanceId, version: started.versionNumber };
}

const instanceInclude = {
  document: { select: { name: true } },
  requester: { select: { id: true, name: true } },
  tasks: {
    where: { status: 'open' },
    select: { name: true, assignee: { select: { id: true, name: true } }, candidateIds: true },
  },
} satisfies Prisma.FlowInstanceInclude;

function toInstanceSummary(
  row: Prisma.FlowInstanceGetPayload<{ include: typeof instanceInclude }>,
): InstanceSummary {
  return {
    id: row.id,
    flow: { documentId: row.documentId, name: row.document.name, version: row.versionNumber },
    status: row.status,
    failure: row.failure,
    requester: row.requester,
    current: row.tasks.map((task) => ({
      name: task.name,
      assignee: task.assignee,
      queueSize: task.assignee ? 0 : task.candidateIds.length,
    })),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const instanceCursorSchema = z.object({ createdAt: cursorKeys.timestamp, id: cursorKeys.uuid });

/** The instances I started or worked on (every instance for admins), newest first. */
export async function listInstances(
  deps: AppDeps,
  user: SessionUser,
  query: { cursor?: string; limit: number; status?: InstanceSummary['status'] },
) {
  const cursor = decodeCursor(instanceCursorSchema, query.cursor);
  const rows = await deps.prisma.flowInstance.findMany({
    where: {
      AND: [
        visibleInstanceWhere(user),
        query.status ? { status: query.status } : {},
        cursor
          ? {
              OR: [
                { createdAt: { lt: new Date(cursor.createdAt) } },
                { createdAt: new Date(cursor.createdAt), id: { lt: cursor.id } },
              ],
            }
          : {},
      ],
    },
    include: instanceInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, toInstanceSummary, (row) => ({
    createdAt: row.createdAt.toISOString(),
    id: row.id,
  }));
}

/** One instance: where it is, its tasks (those I may see), its timeline in words, its pinned version. */
export async function getInstance(
  deps: AppDeps,
  user: SessionUser,
  instanceId: string,
): Promise<InstanceView> {
  const row = await deps.prisma.flowInstance.findFirst({
    where: { AND: [{ id: instanceId }, visibleInstanceWhere(user)] },
    include: {
      ...instanceInclude,
      version: { select: { content: true } },
      steps: { orderBy: { seq: 'asc' } },
    },
  });
  if (!row) throw instanceNotFound();
  // Once the instance is known to be visible, the rest is read at once (each on a connection of its own).
  const [tasks, stepUsers, [answers], files] = await Promise.all([
    findTaskRows(deps.prisma, {
      where: { AND: [{ instanceId }, visibleTaskWhere(user)] },
      orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
    }),
    deps.prisma.user.findMany({
      where: { id: { in: collectUserIds(row.steps) } },
      select: { id: true, name: true },
    }),
    queryPrepared<{ request: SubmissionRow | null; levels: LevelRow[] }>(
      deps.pool,
      `SELECT ${requestColumn} AS request, ${levelsColumn()} AS levels FROM flow_instances i WHERE i.id = $1::uuid`,
      [instanceId],
    ),
    listInstanceFiles(deps, instanceId),
  ]);
  const state = row.state as { data?: TaskFormData } | null;
  const names = new Map(stepUsers.map((person) => [person.id, person]));
  const now = new Date();
  return {
    ...toInstanceSummary(row),
    data: state?.data ?? {},
    submissions: toSubmissions(answers?.request ?? null, answers?.levels ?? []),
    tasks: tasks.map((task) => toTaskSummary(task, now)),
    timeline: toTimeline(
      row.version.content as unknown as Flow,
      row.steps.map((step) => ({ ...step, actor: step.actorId ? (names.get(step.actorId) ?? null) : null })),
      (userId) => names.get(userId)?.name ?? 'a former colleague',
    ),
    files,
  };
}

// Actors and assignees named by the timeline; the engine stores ids, names are read now.
function collectUserIds(steps: { actorId: string | null; outcome: unknown }[]): string[] {
  const ids = new Set<string>();
  for (const step of steps) {
    if (step.actorId) ids.add(step.actorId);
    const outcome = step.outcome as {
      assignments?: { result: { userId?: string; userIds?: string[] } }[];
    } | null;
    for (const { result } of outcome?.assignments ?? []) {
      if (result.userId) ids.add(result.userId);
      for (const id of result.userIds ?? []) ids.add(id);
    }
  }
  return [...ids];
}

export async function cancelInstance(deps: AppDeps, admin: SessionUser, instanceId: string) {
  await deps.prisma.$transaction(async (db) => {
    await cancelFlowInstance(db, flowRuntimeOf(deps), { instanceId, actorId: admin.id });
    await recordAudit(db, {
      actorId: admin.id,
      action: 'instance.cancel',
      targetType: 'flowInstance',
      targetId: instanceId,
    });
  }, flowTransaction);
  return getInstance(deps, admin, instanceId);
}

/** Puts a failed step back in line (and its failed instance back to running); the engine applies it again. */
export async function retryStep(deps: AppDeps, admin: SessionUser, instanceId: string, stepId: string) {
  await deps.prisma.$transaction(async (db) => {
    await lockInstance(db, instanceId);
    const step = await db.flowStep.findFirst({ where: { id: stepId, instanceId } });
    if (!step) throw new AppError('not_found', 'This instance has no such step.');
    if (step.status !== 'failed') throw new AppError('conflict', 'Only a failed step can be retried.');
    await db.flowStep.update({
      where: { id: stepId },
      data: { status: 'pending', error: null, appliedAt: null, outcome: Prisma.DbNull },
    });
    const instance = await db.flowInstance.findUniqueOrThrow({ where: { id: instanceId } });
    // A failed instance whose state never recorded a failure failed on a step that threw: it runs again,
    // with the tasks that failure cancelled open again.
    const state = instance.state as { status?: string } | null;
    const isReopened = instance.status === 'failed' && (state === null || state.status === 'running');
    if (isReopened) {
      const cancelled = (step.outcome as { cancelledTaskIds?: string[] } | null)?.cancelledTaskIds ?? [];
      await db.task.updateMany({
        where: { id: { in: cancelled }, status: 'cancelled' },
        data: { status: 'open' },
      });
    }
    // The instance's row is updated either way: a step made pending changes it (see `lockOpenTask`).
    await db.flowInstance.update({
      where: { id: instanceId },
      data: isReopened
        ? { status: 'running', failure: null, finishedAt: null, updatedAt: new Date() }
        : { updatedAt: new Date() },
    });
    await recordAudit(db, {
      actorId: admin.id,
      action: 'instance.retryStep',
      targetType: 'flowInstance',
      targetId: instanceId,
      details: { stepId, error: step.error },
    });
  }, flowTransaction);
  return getInstance(deps, admin, instanceId);
}
