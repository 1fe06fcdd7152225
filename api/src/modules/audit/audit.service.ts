import { createHash } from 'node:crypto';
import type { Prisma } from '@erp/prisma';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

// Serialises writers so the chain stays a single line even with several API processes.
const auditChainLock = 4_242_001;
const genesisHash = '0'.repeat(64);

/** Appends a hash-chained audit entry inside the caller's transaction (so it commits with the change it records). */
export async function recordAudit(tx: Prisma.TransactionClient, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${auditChainLock})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? genesisHash;
  const at = new Date();
  const entry = {
    at: at.toISOString(),
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    details: input.details ?? {},
  };
  await tx.auditEntry.create({
    data: {
      ...entry,
      at,
      details: entry.details as Prisma.InputJsonValue,
      prevHash,
      hash: hashAuditEntry(prevHash, entry),
    },
  });
}

export function hashAuditEntry(prevHash: string, entry: object): string {
  return createHash('sha256').update(prevHash).update(JSON.stringify(entry)).digest('hex');
}
