import type { Prisma, SessionUser } from '@erp/prisma';
import { AppError } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';

type Tx = Prisma.TransactionClient;

// Changes to the structure (departments, positions, company roles) take this lock exclusively; adding an
// assignment takes it shared. So a check like "no children, no positions" still holds when the delete runs, and
// two moves cannot together close a cycle.
const structureLock = 4_242_010;

async function lockStructure(tx: Tx, mode: 'exclusive' | 'shared'): Promise<void> {
  if (mode === 'exclusive') await tx.$executeRaw`SELECT pg_advisory_xact_lock(${structureLock})`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${structureLock})`;
}

/**
 * One change of the hierarchy: runs `change` in a transaction holding the structure lock and records it in the
 * audit log with it. The action's prefix names the target type (`department.created` → `department`).
 */
export async function changeHierarchy<Row extends { id: string }>(
  deps: AppDeps,
  actor: SessionUser,
  action: string,
  change: (tx: Tx) => Promise<Row>,
  describe: (row: Row) => Record<string, unknown>,
  lock: 'exclusive' | 'shared' = 'exclusive',
): Promise<Row> {
  return deps.prisma.$transaction(async (tx) => {
    await lockStructure(tx, lock);
    const row = await change(tx);
    await recordAudit(tx, {
      actorId: actor.id,
      action,
      targetType: action.slice(0, action.indexOf('.')),
      targetId: row.id,
      details: describe(row),
    });
    return row;
  });
}

/** A 404 naming what is missing; `field` says which part of the request body pointed at it. */
export function missing(what: string, field?: string): AppError {
  const message = `There is no ${what} with this id.`;
  return new AppError('not_found', message, field ? { issues: [{ path: [field], message }] } : undefined);
}
