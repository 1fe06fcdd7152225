import { createHash } from 'node:crypto';

export const genesisHash = '0'.repeat(64);

export interface HashedAuditFields {
  at: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
}

/**
 * The hash of one audit row, chained to the previous row's. `details` is hashed with its keys sorted: it is
 * stored as JSONB, which keeps its own key order, so the hash must not depend on the order keys were written in.
 */
export function hashAuditEntry(prevHash: string, entry: HashedAuditFields): string {
  const fields = {
    at: entry.at,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: sortKeys(entry.details),
  };
  return createHash('sha256').update(prevHash).update(JSON.stringify(fields)).digest('hex');
}

/** The JSON form of details as the database will give it back (dates as strings, no undefined). */
export function toStoredJson(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
