import type { RecordHistory, TableRecord } from '@erp/shared';
import type { AppDeps } from '../../deps';
import type { SessionUser } from '../../http/session';
import { openTable } from './records.service';

type Entry = RecordHistory['items'][number];
interface RecordEventPayload {
  actorId: string | null;
  old: TableRecord | null;
  new: TableRecord;
}

// The values that differ between two versions of a record (deletion and restore show as deletedAt).
function changesOf(before: TableRecord | null, after: TableRecord): Entry['changes'] {
  const keys = new Set([...Object.keys(before?.values ?? {}), ...Object.keys(after.values)]);
  const changes = [...keys].flatMap((key) => {
    const old = before?.values[key] ?? null;
    const next = after.values[key] ?? null;
    return JSON.stringify(old) === JSON.stringify(next) ? [] : [{ key, before: old, after: next }];
  });
  if ((before?.deletedAt ?? null) !== after.deletedAt)
    changes.push({ key: 'deletedAt', before: before?.deletedAt ?? null, after: after.deletedAt });
  return changes;
}

/** A record's history from the event outbox, newest first. */
export async function getRecordHistory(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  recordId: string,
): Promise<RecordHistory> {
  await openTable(deps, user, documentId, 'read');
  const events = await deps.prisma.event.findMany({
    where: {
      type: { in: ['record.created', 'record.updated', 'record.deleted'] },
      AND: [
        { payload: { path: ['tableId'], equals: documentId } },
        { payload: { path: ['recordId'], equals: recordId } },
      ],
    },
    orderBy: { seq: 'desc' },
    take: 500,
  });
  return {
    items: events.map((event) => {
      const payload = event.payload as unknown as RecordEventPayload;
      return {
        type: event.type as Entry['type'],
        version: payload.new.version,
        at: event.createdAt.toISOString(),
        actorId: payload.actorId,
        changes: changesOf(payload.old, payload.new),
      };
    }),
  };
}
