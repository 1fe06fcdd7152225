import type { SessionUser } from '@erp/prisma';
import { type SqlRunner, sqlOf } from '@erp/prisma';
import { type PublishingSettings, publishingSettingsSchema } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';

export const publishingKey = 'publishing';
const defaults: PublishingSettings = { requiresApproval: false };

export async function readPublishingSettings(db: SqlRunner): Promise<PublishingSettings> {
  const [row] = await sqlOf(db).query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [
    publishingKey,
  ]);
  return toPublishingSettings(row?.value);
}

/** The stored row's value as settings: the defaults when there is none or it is not valid. */
export function toPublishingSettings(value: unknown): PublishingSettings {
  const parsed = publishingSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : defaults;
}

/** An admin turns "publishing needs approval" on or off (audited). */
export async function updatePublishingSettings(
  deps: AppDeps,
  actor: SessionUser,
  input: PublishingSettings,
): Promise<PublishingSettings> {
  return deps.prisma.$transaction(async (tx) => {
    const before = await readPublishingSettings(tx);
    await tx.setting.upsert({
      where: { key: publishingKey },
      create: { key: publishingKey, value: input },
      update: { value: input },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'setting',
      targetId: publishingKey,
      details: {
        changes: { requiresApproval: { from: before.requiresApproval, to: input.requiresApproval } },
      },
    });
    return input;
  });
}
