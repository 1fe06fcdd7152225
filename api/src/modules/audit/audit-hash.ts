import { createHmac } from 'node:crypto';

export const genesisHash = '0'.repeat(64);

// The chain is keyed (HMAC-SHA-256) with a key the database does not hold (AUDIT_KEY, or a file in the data
// folder), so whoever can rewrite the table cannot compute a consistent chain or head. One key per process, set
// when the app is built: recordAudit runs inside every service's transaction and has no other way to reach it.
let auditKey: string | null = null;

export function useAuditKey(key: string): void {
  auditKey = key;
}

function hmac(): ReturnType<typeof createHmac> {
  if (!auditKey) throw new Error('The audit key is not configured (AUDIT_KEY).');
  return createHmac('sha256', auditKey);
}

/** The signature of the chain's head: how many rows, ending in which hash. */
export function signAuditHead(count: bigint, lastHash: string): string {
  return hmac().update(`audit-head:${count}:${lastHash}`).digest('hex');
}

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
  return hmac().update(prevHash).update(JSON.stringify(fields)).digest('hex');
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
