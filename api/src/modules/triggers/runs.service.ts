import { retryDeadLetter } from '@erp/prisma';
import {
  AppError,
  type DeadLetter,
  type OutboxMessage,
  type TriggerRun,
  type TriggerRunList,
} from '@erp/shared';
import type { Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { sendDownload } from '../../http/download';
import { cursorKeys, decodeCursor, toPage } from '../../http/lists';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';

// What triggers did: runs per trigger (newest first), the mail outbox, and dead letters with their retry.

// Run ids are text (event + version), outbox and ledger ids uuids: a forged cursor must not reach the database.
const runPageKey = z.tuple([cursorKeys.timestamp, cursorKeys.text]);
const rowPageKey = z.tuple([cursorKeys.timestamp, cursorKeys.uuid]);
type Page = { limit: number; cursor?: string };

// Keyset paging on (time, id) newest first.
function before(
  cursor: string | undefined,
  field: 'createdAt' | 'updatedAt' = 'createdAt',
  keySchema: typeof runPageKey | typeof rowPageKey = rowPageKey,
) {
  const key = decodeCursor(keySchema, cursor);
  if (!key) return {};
  const at = new Date(key[0]);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: key[1] } }] };
}

const iso = (date: Date) => date.toISOString();

export async function listTriggerRuns(
  deps: AppDeps,
  documentId: string,
  page: Page,
): Promise<TriggerRunList> {
  const document = await deps.prisma.document.findFirst({ where: { id: documentId, kind: 'trigger' } });
  if (!document) throw new AppError('not_found', 'No trigger has this id.');
  const rows = await deps.prisma.triggerRun.findMany({
    where: { documentId, ...before(page.cursor, 'createdAt', runPageKey) },
    include: { actions: { orderBy: { position: 'asc' } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
  const counts = await deps.prisma.triggerRun.groupBy({
    by: ['outcome'],
    where: { documentId },
    _count: true,
  });
  const countOf = (outcome: string) => counts.find((count) => count.outcome === outcome)?._count ?? 0;
  const acted = countOf('completed') + countOf('failed');
  const lastFailure = await deps.prisma.triggerRun.findFirst({
    where: { documentId, error: { not: null } },
    orderBy: { createdAt: 'desc' },
    select: { error: true },
  });
  return {
    ...toPage(rows, page.limit, toRunView, (row) => [iso(row.createdAt), row.id]),
    summary: {
      runs: counts.reduce((sum, count) => sum + count._count, 0),
      successRate: acted > 0 ? countOf('completed') / acted : null,
      lastError: lastFailure?.error ?? null,
    },
  };
}

type RunRow = Awaited<ReturnType<AppDeps['prisma']['triggerRun']['findMany']>>[number] & {
  actions: Awaited<ReturnType<AppDeps['prisma']['triggerAction']['findMany']>>;
};

function toRunView(row: RunRow): TriggerRun {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    versionNumber: row.versionNumber,
    depth: row.depth,
    outcome: row.outcome,
    context: row.context,
    evaluation: row.evaluation ?? null,
    error: row.error,
    createdAt: iso(row.createdAt),
    finishedAt: row.finishedAt ? iso(row.finishedAt) : null,
    actions: row.actions.map((action) => ({
      id: action.id,
      position: action.position,
      actionId: action.actionId,
      type: action.type,
      status: action.status,
      attempts: action.attempts,
      idempotencyKey: action.idempotencyKey,
      result: action.result ?? null,
      error: action.error,
      updatedAt: iso(action.updatedAt),
    })),
  };
}

export async function listOutbox(
  deps: AppDeps,
  page: Page,
): Promise<{ items: OutboxMessage[]; nextCursor: string | null }> {
  const rows = await deps.prisma.outboxMessage.findMany({
    where: before(page.cursor),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: {
      attachments: {
        select: { position: true, filename: true, contentType: true, size: true },
        orderBy: { position: 'asc' },
      },
    },
  });
  return toPage(
    rows,
    page.limit,
    (row) => ({
      id: row.id,
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: row.messageId,
      sentAt: row.sentAt ? iso(row.sentAt) : null,
      createdAt: iso(row.createdAt),
      attachments: row.attachments,
    }),
    (row) => [iso(row.createdAt), row.id],
  );
}

/** An outbox mail's attachment as a download; 404 for a message or position that is not there. */
export async function downloadOutboxAttachment(
  deps: AppDeps,
  messageId: string,
  position: number,
  res: Response,
): Promise<void> {
  const attachment = await deps.prisma.outboxAttachment.findUnique({
    where: { messageId_position: { messageId, position } },
  });
  if (!attachment) throw new AppError('not_found', 'This mail has no such attachment.');
  sendDownload(res, {
    name: attachment.filename,
    contentType: attachment.contentType,
    bytes: attachment.content,
  });
}

export async function listDeadLetters(
  deps: AppDeps,
  page: Page,
): Promise<{ items: DeadLetter[]; nextCursor: string | null }> {
  const rows = await deps.prisma.triggerAction.findMany({
    where: { status: 'dead', ...before(page.cursor, 'updatedAt') },
    include: { run: { select: { eventType: true, documentId: true } } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
  const documents = await deps.prisma.document.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.run.documentId))] } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(documents.map((document) => [document.id, document.name]));
  return toPage(
    rows,
    page.limit,
    (row) => ({
      id: row.id,
      runId: row.runId,
      eventType: row.run.eventType,
      documentId: row.run.documentId,
      triggerName: nameOf.get(row.run.documentId) ?? '',
      type: row.type,
      attempts: row.attempts,
      idempotencyKey: row.idempotencyKey,
      error: row.error,
      updatedAt: iso(row.updatedAt),
    }),
    (row) => [iso(row.updatedAt), row.id],
  );
}

/** Puts a dead letter back in the queue, same idempotency key; audited. */
export async function retryDeadLetterAction(deps: AppDeps, user: SessionUser, id: string) {
  const action = await deps.prisma.$transaction(async (tx) => {
    const retried = await retryDeadLetter(tx, id);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'trigger.action.retry',
      targetType: 'triggerAction',
      targetId: id,
      details: { idempotencyKey: retried.idempotencyKey },
    });
    return retried;
  });
  return { id: action.id, status: action.status, idempotencyKey: action.idempotencyKey };
}
