import { randomBytes } from 'node:crypto';
import { createSecretBox, type SecretBox, storeSecret } from '@erp/prisma';
import { AppError } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';

// Signing secrets of outgoing webhooks (and the store incoming hooks keep theirs in). A value is generated here
// unless the receiver dictates one; either way it is sealed at rest and never answered again. Rotating keeps the
// id, so every trigger that signs with it carries on with the new value.

export function secretBoxOf(deps: AppDeps): SecretBox {
  if (!deps.config.SECRETS_KEY) {
    throw new AppError('unavailable', 'SECRETS_KEY is not set: secrets cannot be stored or used.');
  }
  return createSecretBox(deps.config.SECRETS_KEY);
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

type Actor = { id: string };

/** Live triggers whose webhook actions sign with each secret (drafts are checked when they are published). */
async function liveUsers(deps: AppDeps, secretIds: string[]) {
  const users = new Map<string, { documentId: string; name: string }[]>();
  if (secretIds.length === 0) return users;
  const rows = await deps.prisma.$queryRaw<{ secret_id: string; document_id: string; name: string }[]>`
    SELECT action->>'secretRef' AS secret_id, d.id AS document_id, d.name
    FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    CROSS JOIN LATERAL jsonb_array_elements(v.content->'actions') AS action
    WHERE v.status = 'live' AND d.kind = 'trigger' AND action->>'secretRef' = ANY(${secretIds})
    ORDER BY d.name`;
  for (const row of rows) {
    const list = users.get(row.secret_id) ?? [];
    if (!list.some((user) => user.documentId === row.document_id)) {
      list.push({ documentId: row.document_id, name: row.name });
    }
    users.set(row.secret_id, list);
  }
  return users;
}

const secretView = (
  row: { id: string; name: string; createdAt: Date },
  users: Map<string, { documentId: string; name: string }[]>,
) => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
  usedBy: users.get(row.id) ?? [],
});

// Hooks keep their verification secrets in the same table; those are managed through their hook only.
async function ownSecretFilter(deps: AppDeps) {
  const hooks = await deps.prisma.hook.findMany({ select: { secretId: true } });
  return { id: { notIn: hooks.map((hook) => hook.secretId) } };
}

export async function listSecrets(deps: AppDeps) {
  const rows = await deps.prisma.secret.findMany({
    where: await ownSecretFilter(deps),
    select: { id: true, name: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const users = await liveUsers(
    deps,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => secretView(row, users)) };
}

export async function createSecret(deps: AppDeps, actor: Actor, input: { name: string; value?: string }) {
  const value = input.value ?? newSigningSecret();
  const row = await deps.prisma.$transaction(async (tx) => {
    const stored = await storeSecret(tx, secretBoxOf(deps), input.name, value);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'secret.created',
      targetType: 'secret',
      targetId: stored.id,
    });
    return tx.secret.findUniqueOrThrow({ where: { id: stored.id } });
  });
  return { ...secretView(row, new Map()), ...(input.value ? {} : { value }) };
}

async function findOwnSecret(deps: AppDeps, secretId: string) {
  const row = await deps.prisma.secret.findFirst({
    where: { AND: [{ id: secretId }, await ownSecretFilter(deps)] },
  });
  if (!row) throw new AppError('not_found', 'No signing secret has this id.');
  return row;
}

/** A new generated value under the same id (shown once); calls signed from now on use it. */
export async function rotateSecret(deps: AppDeps, actor: Actor, secretId: string) {
  await findOwnSecret(deps, secretId);
  const value = newSigningSecret();
  const row = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.secret.update({
      where: { id: secretId },
      data: { ciphertext: secretBoxOf(deps).seal(secretId, value) },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'secret.rotated',
      targetType: 'secret',
      targetId: secretId,
    });
    return updated;
  });
  return { ...secretView(row, await liveUsers(deps, [secretId])), value };
}

/** Deletes an unused secret; one a live trigger signs with is refused, naming the triggers. */
export async function deleteSecret(deps: AppDeps, actor: Actor, secretId: string) {
  await findOwnSecret(deps, secretId);
  const users = (await liveUsers(deps, [secretId])).get(secretId) ?? [];
  if (users.length > 0) {
    throw new AppError(
      'conflict',
      `Live triggers sign with this secret: ${users.map((user) => user.name).join(', ')}. Publish them without it first.`,
      { usedBy: users },
    );
  }
  await deps.prisma.$transaction(async (tx) => {
    await tx.secret.delete({ where: { id: secretId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'secret.deleted',
      targetType: 'secret',
      targetId: secretId,
    });
  });
}
