import { listDroppedColumns, readBackfillProgress } from '@erp/prisma';
import {
  createRecordSchema,
  droppedColumnParamsSchema,
  droppedColumnSchema,
  importRecordsQuerySchema,
  importResultSchema,
  listRecordsQuerySchema,
  listResponseSchema,
  liveTableSchema,
  recordHistorySchema,
  recordParamsSchema,
  tableBackfillSchema,
  tableParamsSchema,
  tableRecordSchema,
  updateRecordSchema,
} from '@erp/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { getRecordHistory } from './record-history.service';
import {
  createRecordFor,
  deleteRecordFor,
  getRecord,
  listRecords,
  openTable,
  parseIfMatch,
  purgeColumn,
  restoreRecordFor,
  updateRecordFor,
} from './records.service';
import { exportRecords, importRecords } from './records-csv.service';

const tag = 'records';
// Who may read or write a table is its own setting, checked by the service (admins always may).
const policy = 'authenticated';
// Purging a dropped column loses data for good: admins only.
const adminOnly = { roles: ['admin'] } as const;

// The version in an ETag, to send back as If-Match.
function withETag<T extends { version: number }>(res: Response, record: T): T {
  res.setHeader('ETag', `"${record.version}"`);
  return record;
}

export const recordRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId',
    summary: 'A published table: the definition of its live version (what records are checked against)',
    tag,
    policy,
    input: { params: tableParamsSchema },
    response: liveTableSchema,
    handle: async ({ deps, user, params }) => openTable(deps, user, params.documentId, 'read'),
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/migration',
    summary: 'The backfill of the latest publish: rows filled so far of how many, running, done or failed',
    tag,
    policy,
    input: { params: tableParamsSchema },
    response: tableBackfillSchema,
    handle: async ({ deps, user, params }) => {
      await openTable(deps, user, params.documentId, 'read');
      return { progress: await readBackfillProgress(deps.prisma, params.documentId) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/records',
    summary: 'Records of a published table: filter[key][op]=value, sort=key,-key, q, cursor paging',
    tag,
    policy,
    input: { params: tableParamsSchema, query: listRecordsQuerySchema },
    response: listResponseSchema(tableRecordSchema),
    handle: async ({ deps, user, params, query }) => listRecords(deps, user, params.documentId, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/tables/:documentId/records',
    summary: 'Create a record (defaults fill what is left out)',
    tag,
    policy,
    status: 201,
    input: { params: tableParamsSchema, body: createRecordSchema },
    response: tableRecordSchema,
    handle: async ({ deps, user, params, body, res }) =>
      withETag(res, await createRecordFor(deps, user, params.documentId, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/records/:id',
    summary: 'One record (deleted ones too, with deletedAt)',
    tag,
    policy,
    input: { params: recordParamsSchema },
    response: tableRecordSchema,
    handle: async ({ deps, user, params, res }) =>
      withETag(res, await getRecord(deps, user, params.documentId, params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/tables/:documentId/records/:id',
    summary: 'Change some values; with If-Match, 409 when the record changed since',
    tag,
    policy,
    input: { params: recordParamsSchema, body: updateRecordSchema },
    response: tableRecordSchema,
    handle: async ({ deps, user, params, body, req, res }) =>
      withETag(
        res,
        await updateRecordFor(
          deps,
          user,
          { ...params, expectedVersion: parseIfMatch(req.get('If-Match')) },
          body,
        ),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/tables/:documentId/records/:id',
    summary: 'Delete a record (softly: it can be restored)',
    tag,
    policy,
    input: { params: recordParamsSchema },
    response: tableRecordSchema,
    handle: async ({ deps, user, params, req }) =>
      deleteRecordFor(deps, user, { ...params, expectedVersion: parseIfMatch(req.get('If-Match')) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/tables/:documentId/records/:id/restore',
    summary: 'Restore a deleted record',
    tag,
    policy,
    input: { params: recordParamsSchema },
    response: tableRecordSchema,
    handle: async ({ deps, user, params }) => restoreRecordFor(deps, user, params),
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/records/:id/history',
    summary: 'A record’s changes, newest first: who, when, each value before and after',
    tag,
    policy,
    input: { params: recordParamsSchema },
    response: recordHistorySchema,
    handle: async ({ deps, user, params }) => getRecordHistory(deps, user, params.documentId, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/export',
    summary: 'The records as CSV (id, then one column per field key), streamed',
    tag,
    policy,
    input: { params: tableParamsSchema },
    handle: async ({ deps, user, params, res }) => exportRecords(deps, user, params.documentId, res),
  }),
  defineRoute({
    method: 'post',
    path: '/api/tables/:documentId/import',
    summary:
      'Import a CSV upload (text/csv, UTF-8, header of field keys or names): preview, all or nothing, or the valid rows',
    tag,
    policy,
    input: { params: tableParamsSchema, query: importRecordsQuerySchema },
    response: importResultSchema,
    handle: async ({ deps, user, params, query, req }) =>
      importRecords(deps, user, params.documentId, query.mode, req),
  }),
  defineRoute({
    method: 'get',
    path: '/api/tables/:documentId/dropped-columns',
    summary: 'Columns earlier publishes dropped and kept (renamed), with how many rows still hold a value',
    tag,
    policy: adminOnly,
    input: { params: tableParamsSchema },
    response: z.object({ items: z.array(droppedColumnSchema) }),
    handle: async ({ deps, params }) => ({ items: await listDroppedColumns(deps.prisma, params.documentId) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/tables/:documentId/dropped-columns/:column',
    summary: 'Delete a dropped column and its values for good (admins; audited)',
    tag,
    policy: adminOnly,
    input: { params: droppedColumnParamsSchema },
    handle: async ({ deps, user, params }) => purgeColumn(deps, user, params.documentId, params.column),
  }),
];
