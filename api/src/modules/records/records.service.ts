import {
  createRecord,
  deleteRecord,
  findLiveTable,
  type LiveTable,
  type Prisma,
  purgeDroppedColumn,
  qualifiedTable,
  type RecordRow,
  recordSelectList,
  restoreRecord,
  toTableRecord,
  updateRecord,
} from '@erp/prisma';
import { AppError, hasAnyRole, type ListRecordsQuery, type RecordInput, type TableRecord } from '@erp/shared';
import type { AppDeps } from '../../deps';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { includeLinked } from './linked-records';
import { buildListQuery } from './record-query';

// Records of published tables: who may read or write is the table's own setting (admins always may); writes
// run in one transaction with their event (in @erp/prisma) and an audit entry.

type Access = 'read' | 'write';

/** What `user` may do with a live table's records, or null for nothing. */
export function tableAccessOf(user: SessionUser, live: LiveTable): Access | null {
  const { read, write } = live.table.access;
  if (user.roles.includes('admin') || hasAnyRole(user.roles, write)) return 'write';
  return hasAnyRole(user.roles, read) ? 'read' : null;
}

/** The live table, if `user` may `access` it: 404 for a table they may not even read, 403 for a write. */
export async function openTable(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  access: Access,
): Promise<LiveTable> {
  const live = await findLiveTable(deps.prisma, documentId);
  const canWrite = tableAccessOf(user, live) === 'write';
  if (!tableAccessOf(user, live)) throw new AppError('not_found', 'No published table has this id.');
  if (access === 'write' && !canWrite)
    throw new AppError('forbidden', 'You may read this table but not change it.');
  return live;
}

export async function listRecords(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  query: ListRecordsQuery,
) {
  const live = await openTable(deps, user, documentId, 'read');
  const { sql, params, cursorOf } = buildListQuery(live, query);
  const { rows } = await deps.pool.query<RecordRow & Record<string, unknown>>(sql, params);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await includeLinked(deps, live, query.include, page.map(toTableRecord)),
    nextCursor: rows.length > query.limit && last ? cursorOf(last) : null,
  };
}

export async function getRecord(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  id: string,
): Promise<TableRecord> {
  const live = await openTable(deps, user, documentId, 'read');
  const { rows } = await deps.pool.query<RecordRow>(
    `SELECT ${recordSelectList(live.table)} FROM ${qualifiedTable(documentId)} WHERE id = $1::uuid`,
    [id],
  );
  if (!rows[0]) throw new AppError('not_found', 'This table has no record with this id.');
  return toTableRecord(rows[0]);
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → no check. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new AppError('invalid_input', 'If-Match takes the record version you read, such as "3".', {
      issues: [{ path: ['If-Match'], message: 'Use the record version, such as "3".' }],
    });
  }
  return Number(match[1]);
}

type Write = (tx: Prisma.TransactionClient, live: LiveTable) => Promise<TableRecord>;

async function write(
  deps: AppDeps,
  user: SessionUser,
  documentId: string,
  action: string,
  change: Write,
): Promise<TableRecord> {
  const live = await openTable(deps, user, documentId, 'write');
  return deps.prisma.$transaction(async (tx) => {
    const record = await change(tx, live);
    await recordAudit(tx, {
      actorId: user.id,
      action,
      targetType: 'record',
      targetId: record.id,
      details: { tableId: documentId, version: record.version },
    });
    return record;
  });
}

export const createRecordFor = (deps: AppDeps, user: SessionUser, documentId: string, input: RecordInput) =>
  write(deps, user, documentId, 'record.created', (tx, live) =>
    createRecord(tx, { live, actorId: user.id, values: input.values }),
  );

export const updateRecordFor = (
  deps: AppDeps,
  user: SessionUser,
  target: { documentId: string; id: string; expectedVersion?: number },
  input: RecordInput,
) =>
  write(deps, user, target.documentId, 'record.updated', (tx, live) =>
    updateRecord(tx, {
      live,
      actorId: user.id,
      recordId: target.id,
      values: input.values,
      expectedVersion: target.expectedVersion,
    }),
  );

export const deleteRecordFor = (
  deps: AppDeps,
  user: SessionUser,
  target: { documentId: string; id: string; expectedVersion?: number },
) =>
  write(deps, user, target.documentId, 'record.deleted', (tx, live) =>
    deleteRecord(tx, {
      live,
      actorId: user.id,
      recordId: target.id,
      expectedVersion: target.expectedVersion,
    }),
  );

export const restoreRecordFor = (
  deps: AppDeps,
  user: SessionUser,
  target: { documentId: string; id: string },
) =>
  write(deps, user, target.documentId, 'record.restored', (tx, live) =>
    restoreRecord(tx, { live, actorId: user.id, recordId: target.id }),
  );

/** Deletes a column an earlier publish dropped and kept, with its values, for good; audited with what it held. */
export async function purgeColumn(deps: AppDeps, user: SessionUser, documentId: string, column: string) {
  await deps.prisma.$transaction(async (tx) => {
    const purged = await purgeDroppedColumn(tx, documentId, column);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'table.column_purged',
      targetType: 'document',
      targetId: documentId,
      details: { ...purged },
    });
  });
}
