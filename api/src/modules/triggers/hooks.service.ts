import { randomBytes } from 'node:crypto';
import {
  createSecretBox,
  type Prisma,
  readSecret,
  type SecretBox,
  storeSecret,
  verifyWebhookSignature,
} from '@erp/prisma';
import { AppError, jsonInputSchema, parseInput } from '@erp/shared';
import type { Request } from 'express';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';

// Incoming webhooks (Standard Webhooks): each hook has its own signing secret, sealed at rest. A delivery is
// checked (JSON, size, signature over the exact bytes, timestamp window) and becomes a `webhook.received`
// event whose id is the hook and the sender's message id, so a replayed message is refused and a retried
// one makes no second run.

export const hookBodyLimit = '256kb';
const timestampToleranceSeconds = 5 * 60;
const messageIdPattern = /^[\x21-\x7e]{1,200}$/;

export function secretBoxOf(deps: AppDeps): SecretBox {
  if (!deps.config.SECRETS_KEY) {
    throw new AppError('unavailable', 'SECRETS_KEY is not set: secrets cannot be stored or used.');
  }
  return createSecretBox(deps.config.SECRETS_KEY);
}

const iso = (date: Date) => date.toISOString();
const hookView = (hook: { id: string; name: string; createdAt: Date }) => ({
  id: hook.id,
  name: hook.name,
  path: `/api/hooks/${hook.id}`,
  createdAt: iso(hook.createdAt),
});

export async function createHook(deps: AppDeps, name: string) {
  const box = secretBoxOf(deps);
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const hook = await deps.prisma.$transaction(async (tx) => {
    const stored = await storeSecret(tx, box, `Hook ${name}`, secret);
    return tx.hook.create({ data: { name, secretId: stored.id } });
  });
  return { ...hookView(hook), secret };
}

/** A new signing secret for a hook (shown once); the old one stops verifying at once. */
export async function rotateHookSecret(deps: AppDeps, user: { id: string }, hookId: string) {
  const box = secretBoxOf(deps);
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const hook = await deps.prisma.$transaction(async (tx) => {
    const current = await tx.hook.findUnique({ where: { id: hookId } });
    if (!current) throw new AppError('not_found', 'No hook has this id.');
    const stored = await storeSecret(tx, box, `Hook ${current.name}`, secret);
    const updated = await tx.hook.update({ where: { id: hookId }, data: { secretId: stored.id } });
    await tx.secret.delete({ where: { id: current.secretId } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'hook.secret_rotated',
      targetType: 'hook',
      targetId: hookId,
    });
    return updated;
  });
  return { ...hookView(hook), secret };
}

export async function listHooks(deps: AppDeps) {
  const hooks = await deps.prisma.hook.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return { items: hooks.map(hookView) };
}

export async function createSecret(deps: AppDeps, input: { name: string; value: string }) {
  const stored = await deps.prisma.$transaction((tx) =>
    storeSecret(tx, secretBoxOf(deps), input.name, input.value),
  );
  const row = await deps.prisma.secret.findUniqueOrThrow({ where: { id: stored.id } });
  return { id: row.id, name: row.name, createdAt: iso(row.createdAt) };
}

export async function listSecrets(deps: AppDeps) {
  const rows = await deps.prisma.secret.findMany({
    select: { id: true, name: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return { items: rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) })) };
}

const unauthenticated = (message: string) => new AppError('unauthenticated', message);

/** Checks one delivery and records its event; answers the event id. */
export async function receiveHook(deps: AppDeps, hookId: string, req: Request, now = new Date()) {
  const hook = await deps.prisma.hook.findUnique({ where: { id: hookId } });
  if (!hook) throw new AppError('not_found', 'No hook has this id.');
  if (!req.is('application/json')) {
    throw new AppError('unsupported_media_type', 'Send the webhook body as application/json.');
  }
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const messageId = req.get('webhook-id') ?? '';
  const timestampText = req.get('webhook-timestamp') ?? '';
  const signature = req.get('webhook-signature') ?? '';
  if (!messageIdPattern.test(messageId) || !/^\d{1,12}$/.test(timestampText) || !signature) {
    throw unauthenticated(
      'Sign the request: webhook-id, webhook-timestamp and webhook-signature are required.',
    );
  }
  const timestamp = Number(timestampText);
  if (Math.abs(now.getTime() / 1000 - timestamp) > timestampToleranceSeconds) {
    throw unauthenticated('The webhook-timestamp is outside the accepted window (5 minutes).');
  }
  const secret = await readSecret(deps.prisma, secretBoxOf(deps), hook.secretId);
  if (!verifyWebhookSignature(secret, { id: messageId, timestamp, signature }, raw)) {
    throw unauthenticated('The webhook signature does not match.');
  }
  const body = parseInput(jsonInputSchema, parseJsonBody(raw));
  const eventId = `webhook.received:${hook.id}:${messageId}`;
  const created = await deps.prisma.event.createMany({
    data: [
      {
        id: eventId,
        type: 'webhook.received',
        payload: { hookId: hook.id, messageId, body } as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 0)
    throw new AppError('conflict', 'This message was already received (replay refused).');
  return { eventId };
}

function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.');
  }
}
