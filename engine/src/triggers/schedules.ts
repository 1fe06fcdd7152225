import type { Prisma, PrismaClient } from '@erp/prisma';
import type { JobPayload, Trigger } from '@erp/shared';
import { CronExpressionParser } from 'cron-parser';
import type { PgBoss } from 'pg-boss';

// Schedule triggers: pg-boss holds one cron schedule per live trigger (keyed by its document), durable and
// sent once per occurrence however many engines run; each firing becomes a `schedule` event whose id is the
// trigger version and the slot, so a second delivery of the same slot is the same event.

const queue = 'trigger.schedule';

/** Makes pg-boss's schedules match the live, enabled schedule triggers: added, updated, removed. */
export async function syncTriggerSchedules(boss: PgBoss, prisma: PrismaClient): Promise<void> {
  const live = await prisma.$queryRaw<{ document_id: string; number: number; content: Trigger }[]>`
    SELECT v.document_id, v.number, v.content FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    WHERE v.status = 'live' AND d.kind = 'trigger' AND d.archived_at IS NULL
      AND v.content->'event'->>'type' = 'schedule' AND (v.content->>'enabled')::boolean`;
  const wanted = new Set<string>();
  for (const row of live) {
    const event = row.content.event;
    if (event.type !== 'schedule') continue;
    wanted.add(row.document_id);
    const payload: JobPayload<'trigger.schedule'> = {
      documentId: row.document_id,
      versionNumber: row.number,
    };
    await boss.schedule(queue, event.cron, payload, { tz: event.timezone, key: row.document_id });
  }
  for (const schedule of await boss.getSchedules(queue)) {
    if (!wanted.has(schedule.key)) await boss.unschedule(queue, schedule.key);
  }
}

/** The occurrence a firing at `now` belongs to: the latest slot of the cron at or before it. */
export function slotAt(cron: string, timezone: string, now: Date): Date {
  const next = new Date(now.getTime() + 1);
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: next }).prev().toDate();
}

/**
 * A schedule fired: writes its event when the version it was scheduled for is still live and enabled. Two
 * deliveries of one slot write one event (its id); a firing after an unpublish writes nothing.
 */
export async function fireSchedule(
  db: Prisma.TransactionClient,
  payload: JobPayload<'trigger.schedule'>,
  now: Date,
): Promise<string | null> {
  const version = await db.documentVersion.findFirst({
    where: { documentId: payload.documentId, number: payload.versionNumber, status: 'live' },
    select: { content: true },
  });
  const trigger = version?.content as Trigger | undefined;
  if (!trigger?.enabled || trigger.event.type !== 'schedule') return null;
  const slot = slotAt(trigger.event.cron, trigger.event.timezone, now).toISOString();
  const id = `schedule:${payload.documentId}:v${payload.versionNumber}:${slot}`;
  await db.event.createMany({
    data: [
      {
        id,
        type: 'schedule',
        payload: { triggerId: payload.documentId, slot, timezone: trigger.event.timezone },
      },
    ],
    skipDuplicates: true,
  });
  return id;
}
