import { type Prisma, readSecret, storeSecret, verifyWebhookSignature } from '@erp/prisma';
import { AppError, type HookDeliveryOutcome, jsonInputSchema, parseInput } from '@erp/shared';
import type { Request } from 'express';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import { newSigningSecret, secretBoxOf } from './secrets.service';

// Incoming webhooks (Standard Webhooks): each hook has its own signing secret, sealed at rest. A delivery is
// checked (JSON, size, signature over the exact bytes, timestamp window) and becomes a `webhook.received`
// event whose id is the hook and the sender's message id, so a replayed message is refused and a retried
// one makes no second run. Every delivery to an existing hook is recorded with what the check found, so a
// developer wiring up a sender sees why it is refused; only the newest are kept.

export const hookBodyLimit = '256kb';
const timestampToleranceSeconds = 5 * 60;
const messageIdPattern = /^[\x21-\x7e]{1,200}$/;
const keptDeliveries = 100;

type Actor = { id: string };

const iso = (date: Date) => date.toISOString();
const hookView = (hook: { id: string; name: string; createdAt: Date }) => ({
  id: hook.id,
  name: hook.name,
  path: `/api/hooks/${hook.id}`,
  createdAt: iso(hook.createdAt),
});

export async function createHook(deps: AppDeps, actor: Actor, name: string) {
  const box = secretBoxOf(deps);
  const secret = newSigningSecret();
  const hook = await deps.prisma.$transaction(async (tx) => {
    const stored = await storeSecret(tx, box, `Hook ${name}`, secret);
    const created = await tx.hook.create({ data: { name, secretId: stored.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'hook.created',
      targetType: 'hook',
      targetId: created.id,
    });
    return created;
  });
  return { ...hookView(hook), secret };
}

/** A new signing secret for a hook (shown once); the old one stops verifying at once. */
export async function rotateHookSecret(deps: AppDeps, actor: Actor, hookId: string) {
  const box = secretBoxOf(deps);
  const secret = newSigningSecret();
  const hook = await deps.prisma.$transaction(async (tx) => {
    const current = await tx.hook.findUnique({ where: { id: hookId } });
    if (!current) throw new AppError('not_found', 'No hook has this id.');
    const stored = await storeSecret(tx, box, `Hook ${current.name}`, secret);
    const updated = await tx.hook.update({ where: { id: hookId }, data: { secretId: stored.id } });
    await tx.secret.delete({ where: { id: current.secretId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'hook.secret_rotated',
      targetType: 'hook',
      targetId: hookId,
    });
    return updated;
  });
  return { ...hookView(hook), secret };
}

/** Deletes a hook, its secret and its deliveries; its URL answers 404 from then on. */
export async function deleteHook(deps: AppDeps, actor: Actor, hookId: string) {
  await deps.prisma.$transaction(async (tx) => {
    const hook = await tx.hook.findUnique({ where: { id: hookId } });
    if (!hook) throw new AppError('not_found', 'No hook has this id.');
    await tx.hook.delete({ where: { id: hookId } });
    await tx.secret.delete({ where: { id: hook.secretId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'hook.deleted',
      targetType: 'hook',
      targetId: hookId,
    });
  });
}

export async function listHooks(deps: AppDeps) {
  const hooks = await deps.prisma.hook.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return { items: hooks.map(hookView) };
}

/** The newest deliveries of a hook, newest first, with how many trigger runs each accepted one started. */
export async function listHookDeliveries(deps: AppDeps, hookId: string) {
  const hook = await deps.prisma.hook.findUnique({ where: { id: hookId }, select: { id: true } });
  if (!hook) throw new AppError('not_found', 'No hook has this id.');
  const deliveries = await deps.prisma.hookDelivery.findMany({
    where: { hookId },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: 50,
  });
  const eventIds = deliveries.flatMap((delivery) => (delivery.eventId ? [delivery.eventId] : []));
  const runs = await deps.prisma.triggerRun.groupBy({
    by: ['eventId'],
    where: { eventId: { in: eventIds } },
    _count: { _all: true },
  });
  const runCount = new Map(runs.map((row) => [row.eventId, row._count._all]));
  return {
    items: deliveries.map((delivery) => ({
      id: delivery.id,
      outcome: delivery.outcome,
      messageId: delivery.messageId,
      eventId: delivery.eventId,
      runs: (delivery.eventId && runCount.get(delivery.eventId)) || 0,
      size: delivery.size,
      receivedAt: iso(delivery.receivedAt),
    })),
  };
}

interface Delivery {
  hookId: string;
  outcome: HookDeliveryOutcome;
  messageId: string | null;
  eventId?: string;
  size: number;
}

/** Records one delivery and drops the hook's deliveries beyond the newest `keptDeliveries`. */
async function recordDelivery(db: Prisma.TransactionClient, delivery: Delivery) {
  await db.hookDelivery.create({ data: delivery });
  await db.$executeRaw`
    DELETE FROM hook_deliveries WHERE id IN (
      SELECT id FROM hook_deliveries WHERE hook_id = ${delivery.hookId}::uuid
      ORDER BY received_at DESC, id DESC OFFSET ${keptDeliveries})`;
}

class RefusedDelivery extends AppError {
  constructor(
    readonly outcome: HookDeliveryOutcome,
    code: 'unauthenticated' | 'unsupported_media_type' | 'invalid_input' | 'conflict',
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}

/** Checks one delivery and records its event; answers the event id. */
export async function receiveHook(deps: AppDeps, hookId: string, req: Request, now = new Date()) {
  const hook = await deps.prisma.hook.findUnique({ where: { id: hookId } });
  if (!hook) throw new AppError('not_found', 'No hook has this id.');
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const header = req.get('webhook-id') ?? '';
  const messageId = messageIdPattern.test(header) ? header : null;
  const delivery = { hookId, messageId, size: Buffer.byteLength(raw) };
  try {
    const body = await verifyDelivery(deps, hook.secretId, req, raw, messageId, now);
    const eventId = `webhook.received:${hook.id}:${messageId}`;
    return await deps.prisma.$transaction(async (tx) => {
      const created = await tx.event.createMany({
        data: [
          {
            id: eventId,
            type: 'webhook.received',
            payload: { hookId: hook.id, messageId, body } as Prisma.InputJsonValue,
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 0) {
        throw new RefusedDelivery(
          'replayed',
          'conflict',
          'This message was already received (replay refused).',
        );
      }
      await recordDelivery(tx, { ...delivery, outcome: 'accepted', eventId });
      return { eventId };
    });
  } catch (error) {
    if (error instanceof RefusedDelivery) {
      await recordDelivery(deps.prisma, { ...delivery, outcome: error.outcome });
    }
    throw error;
  }
}

async function verifyDelivery(
  deps: AppDeps,
  secretId: string,
  req: Request,
  raw: string,
  messageId: string | null,
  now: Date,
) {
  if (!req.is('application/json')) {
    throw new RefusedDelivery(
      'bad_body',
      'unsupported_media_type',
      'Send the webhook body as application/json.',
    );
  }
  const timestampText = req.get('webhook-timestamp') ?? '';
  const signature = req.get('webhook-signature') ?? '';
  if (!messageId || !/^\d{1,12}$/.test(timestampText) || !signature) {
    throw new RefusedDelivery(
      'unsigned',
      'unauthenticated',
      'Sign the request: webhook-id, webhook-timestamp and webhook-signature are required.',
    );
  }
  const timestamp = Number(timestampText);
  if (Math.abs(now.getTime() / 1000 - timestamp) > timestampToleranceSeconds) {
    throw new RefusedDelivery(
      'stale',
      'unauthenticated',
      'The webhook-timestamp is outside the accepted window (5 minutes).',
    );
  }
  const secret = await readSecret(deps.prisma, secretBoxOf(deps), secretId);
  if (!verifyWebhookSignature(secret, { id: messageId, timestamp, signature }, raw)) {
    throw new RefusedDelivery('bad_signature', 'unauthenticated', 'The webhook signature does not match.');
  }
  try {
    return parseInput(jsonInputSchema, JSON.parse(raw));
  } catch (error) {
    if (error instanceof AppError) {
      throw new RefusedDelivery('bad_body', 'invalid_input', error.message, error.details);
    }
    throw new RefusedDelivery('bad_body', 'invalid_input', 'The request body is not valid JSON.');
  }
}
