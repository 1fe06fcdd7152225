import { listResponseSchema } from '@erp/shared/api/common';
import {
  droppedColumnSchema,
  type ImportMode,
  importResultSchema,
  liveTableSchema,
  type RecordValues,
  recordHistorySchema,
  tableRecordSchema,
} from '@erp/shared/api/records';
import { z } from 'zod';
import { ApiError, apiRequest, type QueryValue } from './client';

// The records API of one published table: the console's data grid, and the portal's record picker.

const tablePath = (id: string) => `/api/tables/${encodeURIComponent(id)}`;
const recordPath = (id: string, recordId: string) =>
  `${tablePath(id)}/records/${encodeURIComponent(recordId)}`;
const recordListSchema = listResponseSchema(tableRecordSchema);

export const getLiveTable = (id: string, signal?: AbortSignal) =>
  apiRequest(tablePath(id), { schema: liveTableSchema, signal });

export const listRecords = (id: string, query: Record<string, QueryValue>, signal?: AbortSignal) =>
  apiRequest(`${tablePath(id)}/records`, { query, schema: recordListSchema, signal });

export const createRecord = (id: string, values: RecordValues) =>
  apiRequest(`${tablePath(id)}/records`, { method: 'POST', body: { values }, schema: tableRecordSchema });

/** Changes values of the version the grid shows; someone else's change since answers 409. */
export const updateRecord = (id: string, recordId: string, version: number, values: RecordValues) =>
  apiRequest(recordPath(id, recordId), {
    method: 'PATCH',
    body: { values },
    headers: { 'If-Match': `"${version}"` },
    schema: tableRecordSchema,
  });

export const deleteRecord = (id: string, recordId: string) =>
  apiRequest(recordPath(id, recordId), { method: 'DELETE', schema: tableRecordSchema });

export const getRecordHistory = (id: string, recordId: string, signal?: AbortSignal) =>
  apiRequest(`${recordPath(id, recordId)}/history`, { schema: recordHistorySchema, signal });

export const exportUrl = (id: string) => `${tablePath(id)}/export`;

/** Uploads a CSV file, reporting upload progress (0–1); XHR because fetch cannot report it. */
export function importCsv(id: string, file: File, mode: ImportMode, onProgress: (share: number) => void) {
  return new Promise<ReturnType<typeof importResultSchema.parse>>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${tablePath(id)}/import?mode=${mode}`);
    request.setRequestHeader('Content-Type', 'text/csv');
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () =>
      reject(new ApiError(0, 'network', 'The upload failed. Check your connection and try again.'));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) return resolve(importResultSchema.parse(body));
      const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
        ?.error;
      reject(
        new ApiError(
          request.status,
          (error?.code ?? 'internal') as never,
          error?.message ?? 'The import failed.',
          error?.details,
        ),
      );
    };
    request.send(file);
  });
}

export const listDroppedColumns = (id: string, signal?: AbortSignal) =>
  apiRequest(`${tablePath(id)}/dropped-columns`, {
    schema: z.object({ items: z.array(droppedColumnSchema) }),
    signal,
  });

export const purgeDroppedColumn = (id: string, column: string) =>
  apiRequest(`${tablePath(id)}/dropped-columns/${encodeURIComponent(column)}`, { method: 'DELETE' });

/** One record by id (a deleted one too, with deletedAt), for labelling a link's value. */
export const getRecord = (id: string, recordId: string, signal?: AbortSignal) =>
  apiRequest(recordPath(id, recordId), { schema: tableRecordSchema, signal });
