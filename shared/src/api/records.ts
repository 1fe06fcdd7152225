import { z } from 'zod';
import { tableSchema } from '../documents/table/table.schema';
import { jsonInputSchema, textSchema } from './common';

// The publish preview of a table: the migration from its PostgreSQL table's version and what it finds in the rows.
export const tableMigrationPreviewSchema = z.object({
  fromVersion: z.number().int().nullable(),
  steps: z.array(
    z.object({
      kind: z.string(),
      fieldId: z.string().nullable(),
      description: z.string(),
      sql: z.array(z.string()),
    }),
  ),
  checks: z.array(
    z.object({
      kind: z.enum(['missingValues', 'castFailures', 'duplicates']),
      fieldId: z.string(),
      key: z.string(),
      message: z.string(),
      count: z.number().int(),
      // The first few rows it found.
      recordIds: z.array(z.uuid()),
    }),
  ),
  // Publishing is refused while a check finds rows.
  blocked: z.boolean(),
});
export type TableMigrationPreview = z.infer<typeof tableMigrationPreviewSchema>;

// Records of a published table (DESIGN.md, "Public API"). Values are keyed by field key under `values`, so a
// field named `id` or `version` never collides with the record's own properties.

// JSON.parse keeps a `__proto__` key that zod's record would silently drop: refuse it like any unknown field.
export const recordValuesSchema = z.preprocess(
  (raw, ctx) => {
    if (typeof raw === 'object' && raw !== null && Object.hasOwn(raw, '__proto__'))
      ctx.addIssue({
        code: 'custom',
        path: ['__proto__'],
        message: 'This table has no such field.',
        input: raw,
      });
    return raw;
  },
  z.record(z.string().max(64), jsonInputSchema),
);
export type RecordValues = z.infer<typeof recordValuesSchema>;

export const tableRecordSchema = z.object({
  id: z.uuid(),
  // Grows with every change; send it back as If-Match to update only what you read.
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedBy: z.uuid().nullable(),
  deletedAt: z.string().nullable(),
  values: z.record(z.string(), z.unknown()),
  // With `include=key,…`: the linked records of those link fields (that are not deleted), by field key.
  linked: z
    .record(z.string(), z.array(z.object({ id: z.uuid(), values: z.record(z.string(), z.unknown()) })))
    .optional(),
});
export type TableRecord = z.infer<typeof tableRecordSchema>;

export const tableParamsSchema = z.strictObject({ documentId: z.uuid() });
export const droppedColumnParamsSchema = tableParamsSchema.extend({
  column: z.string().regex(/^f_[0-9a-f]{16}_d[0-9]+$/, 'Use the name of a dropped column.'),
});

// A column a publish dropped and kept (renamed), until an admin purges it.
export const droppedColumnSchema = z.object({
  column: z.string(),
  droppedInVersion: z.number().int(),
  field: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
  rowsWithValue: z.number().int(),
});
export type DroppedColumnView = z.infer<typeof droppedColumnSchema>;

// The backfill of a table's latest publish (rows filled before the version goes live), null if none was needed.
export const tableBackfillSchema = z.object({
  progress: z
    .object({
      fieldId: z.string(),
      fieldName: z.string(),
      done: z.number().int(),
      total: z.number().int(),
      status: z.enum(['running', 'done', 'failed']),
      error: z.string().nullable(),
      startedAt: z.string(),
      updatedAt: z.string(),
    })
    .nullable(),
});
export type TableBackfill = z.infer<typeof tableBackfillSchema>;
export const recordParamsSchema = z.strictObject({ documentId: z.uuid(), id: z.uuid() });

export const recordFilterOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'isEmpty'] as const;
export type RecordFilterOp = (typeof recordFilterOps)[number];
export interface RecordFilter {
  key: string;
  op: RecordFilterOp;
  value: string;
}

const filterParam = /^filter\[([^\]]{1,64})\]\[([^\]]{1,16})\]$/;

// `filter[key][op]=value` arrives as flat query keys; each becomes a filter, anything else unknown is refused.
export const listRecordsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(4000).optional(),
    // Keys, `-` for descending: `sort=status,-createdAt`.
    sort: textSchema.max(2000).optional(),
    q: textSchema.max(200).optional(),
    deleted: z.enum(['exclude', 'only']).default('exclude'),
    // Link field keys whose linked records come along, comma-separated.
    include: textSchema.max(2000).optional(),
  })
  .catchall(z.union([textSchema.max(4000), z.array(textSchema.max(4000)).max(1)]))
  .transform((query, ctx) => {
    const { limit, cursor, sort, q, deleted, include, ...rest } = query;
    const filters: RecordFilter[] = [];
    for (const [param, raw] of Object.entries(rest)) {
      const match = filterParam.exec(param);
      const op = match?.[2] as RecordFilterOp | undefined;
      if (!match || !op || !recordFilterOps.includes(op)) {
        ctx.addIssue({
          code: 'custom',
          path: [param],
          message: `Unknown parameter; filter with filter[key][op]=value, op one of ${recordFilterOps.join(', ')}.`,
        });
        continue;
      }
      const value = Array.isArray(raw) ? (raw[0] ?? '') : raw;
      // A filter without a value is a mistake, never "all rows".
      if (value === '') ctx.addIssue({ code: 'custom', path: [param], message: 'Give this filter a value.' });
      filters.push({ key: match[1] ?? '', op, value });
    }
    return { limit, cursor, sort, q, deleted, include, filters };
  });
export type ListRecordsQuery = z.output<typeof listRecordsQuerySchema>;

export const createRecordSchema = z.strictObject({ values: recordValuesSchema });
export const updateRecordSchema = z.strictObject({ values: recordValuesSchema });
export type RecordInput = z.infer<typeof createRecordSchema>;

// CSV import: `preview` checks every row and writes nothing; `all` writes every row or, when one is bad,
// nothing; `valid` writes the good rows and reports the others.
export const importRecordsQuerySchema = z.strictObject({ mode: z.enum(['preview', 'all', 'valid']) });
export const importResultSchema = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  imported: z.number().int(),
  errorCount: z.number().int(),
  // The first problems, by row number of the file (the header is row 1) and field key.
  errors: z.array(z.object({ row: z.number().int(), key: z.string().nullable(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export type ImportMode = z.infer<typeof importRecordsQuerySchema>['mode'];

// A published table as the records API validates it: its live version's definition.
export const liveTableSchema = z.object({
  documentId: z.uuid(),
  version: z.number().int(),
  table: tableSchema,
});
export type LiveTableView = z.infer<typeof liveTableSchema>;

// A record's changes, newest first, from its `record.*` events: who, when, and each value before and after.
export const recordHistorySchema = z.object({
  items: z.array(
    z.object({
      type: z.enum(['record.created', 'record.updated', 'record.deleted']),
      version: z.number().int(),
      at: z.string(),
      actorId: z.uuid().nullable(),
      changes: z.array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() })),
    }),
  ),
});
export type RecordHistory = z.infer<typeof recordHistorySchema>;
