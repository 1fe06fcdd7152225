import { createHash } from 'node:crypto';
import {
  applyTableMigration,
  completeTask,
  type FlowRuntime,
  flowTransaction,
  type PrismaClient,
  startFlowInstance,
} from '@erp/prisma';
import type { Factories } from '@erp/prisma/testing';
import type {
  Assignment,
  Flow,
  FlowEdge,
  FlowNode,
  Join,
  Sla,
  Table,
  TaskForm,
  TaskFormData,
  Trigger,
} from '@erp/shared';
import { expect } from 'vitest';

// Published flows, forms, triggers and tables for engine tests, written as the publish use case leaves them (a live version).

const blank = { name: '', description: '', position: { x: 0, y: 0 } };

export const node = {
  start: (id = 'start'): FlowNode => ({ ...blank, id, type: 'start' }),
  end: (id = 'end'): FlowNode => ({ ...blank, id, type: 'end' }),
  decision: (id: string): FlowNode => ({ ...blank, id, type: 'decision' }),
  split: (id: string): FlowNode => ({ ...blank, id, type: 'parallelSplit' }),
  join: (id: string, join: Join): FlowNode => ({ ...blank, id, type: 'join', join }),
  level: (
    id: string,
    taskFormId: string,
    assignment: Assignment,
    sla?: Sla,
    options: { allowSendBack?: boolean } = {},
  ): FlowNode => ({
    ...blank,
    id,
    name: `Level ${id}`,
    type: 'task',
    taskFormId,
    assignment,
    ...(sla ? { sla } : {}),
    ...options,
  }),
};

/** Edges `a>b` in order; `extra` by edge id. */
export function edges(chain: string[], extra: Record<string, Partial<FlowEdge>> = {}): FlowEdge[] {
  return chain.map((pair) => {
    const [source = '', target = ''] = pair.split('>');
    const id = `${source}-${target}`;
    return { id, source, target, label: '', priority: 0, isDefault: false, ...extra[id] };
  });
}

export function flowOf(nodes: FlowNode[], flowEdges: FlowEdge[], triggers: Flow['triggers'] = []): Flow {
  return {
    kind: 'flow',
    schemaVersion: 1,
    description: '',
    nodes,
    edges: flowEdges,
    triggers: triggers.length > 0 ? triggers : [{ id: 'manual', type: 'manual' }],
  };
}

/** A form with an optional decision field `decision` (approve / reject) and a free `note`. */
export function approvalForm(): TaskForm {
  const field = { helpText: '', required: false };
  return {
    kind: 'taskForm',
    schemaVersion: 3,
    title: 'Approval',
    description: { type: 'doc', content: [] },
    fields: [
      {
        ...field,
        id: 'f1',
        order: 'a0',
        key: 'decision',
        label: 'Decision',
        type: 'select',
        options: [
          { id: 'o1', order: 'a0', label: 'Approve', value: 'approve' },
          { id: 'o2', order: 'a1', label: 'Reject', value: 'reject' },
        ],
      },
      { ...field, id: 'f2', order: 'a1', key: 'note', label: 'Note', type: 'text' },
      { ...field, id: 'f3', order: 'a2', key: 'approver', label: 'Approver', type: 'user' },
    ],
  };
}

/** Publishes `content` as the live version of a new document (or of `documentId`, superseding the live one). */
export async function publishLive(
  prisma: PrismaClient,
  make: Factories,
  author: { id: string },
  content: Flow | TaskForm | Trigger | Table,
  documentId?: string,
): Promise<string> {
  const id = documentId ?? (await make.document(content.kind, author)).id;
  const json = JSON.stringify(content);
  await prisma.$transaction(async (tx) => {
    const live = await tx.documentVersion.findFirst({ where: { documentId: id, status: 'live' } });
    if (live) await tx.documentVersion.update({ where: { id: live.id }, data: { status: 'superseded' } });
    const number = (live?.number ?? 0) + 1;
    await tx.documentVersion.create({
      data: {
        documentId: id,
        number,
        status: 'live',
        content: JSON.parse(json),
        contentHash: createHash('sha256').update(json).digest('hex'),
        stateVector: new Uint8Array(),
        authorId: author.id,
      },
    });
    // A table's version is live together with its PostgreSQL table, as publishing does it.
    if (content.kind === 'table') {
      await applyTableMigration(tx, { documentId: id, version: number, table: content, actorId: author.id });
    }
  });
  return id;
}

/** Steps applied by a test's own commands: at this clock, SLA timers left to the tests that look at them. */
export const testRuntime = (now: () => Date = () => new Date()): FlowRuntime => ({
  now,
  scheduleSla: async () => {},
});

export function start(
  prisma: PrismaClient,
  documentId: string,
  requesterId: string,
  data: TaskFormData = {},
  runtime = testRuntime(),
) {
  return prisma.$transaction(
    (db) => startFlowInstance(db, runtime, { documentId, requesterId, data }),
    flowTransaction,
  );
}

export function complete(
  prisma: PrismaClient,
  taskId: string,
  completedBy: string,
  data: TaskFormData = {},
  runtime = testRuntime(),
) {
  return prisma.$transaction(
    (db) => completeTask(db, runtime, { taskId, completedBy, data }),
    flowTransaction,
  );
}

/**
 * An instance whose start is still pending, as an admin's retry (or a writer that leaves the step to the
 * engine) leaves it: only the engine's runner applies it.
 */
export async function pendingStart(prisma: PrismaClient, documentId: string, requesterId: string) {
  const version = await prisma.documentVersion.findFirstOrThrow({ where: { documentId, status: 'live' } });
  const instance = await prisma.flowInstance.create({
    data: {
      documentId,
      versionId: version.id,
      versionNumber: version.number,
      status: 'running',
      requesterId,
    },
  });
  const event = { type: 'start', requesterId, data: {} } as const;
  await prisma.flowStep.create({
    data: {
      id: `${instance.id}:start`,
      instanceId: instance.id,
      event,
      actorId: requesterId,
      status: 'pending',
    },
  });
  return instance.id;
}

/** Waits until the engine applied every step of the instance; returns it with its tasks in creation order. */
export async function settled(prisma: PrismaClient, instanceId: string) {
  await expect
    .poll(() => prisma.flowStep.count({ where: { instanceId, status: 'pending' } }), { timeout: 15_000 })
    .toBe(0);
  return prisma.flowInstance.findUniqueOrThrow({
    where: { id: instanceId },
    include: {
      tasks: { orderBy: [{ createdAt: 'asc' }, { key: 'asc' }] },
      steps: { orderBy: { seq: 'asc' } },
    },
  });
}
