import { z } from 'zod';
import {
  aggregateFunctions,
  datasetSectionSchema,
  dateBuckets,
} from '../documents/dataset/dataset-parts.schema';
import type { Table } from '../documents/table/table.schema';

// Results of a dataset (DESIGN.md, "Datasets"): one row per group, keyed by the columns' aliases.

export const datasetParamsSchema = z.strictObject({ documentId: z.uuid() });

// A filter's `{{name}}` placeholders read `?param.name=value`; nothing else may be in the query string.
export const datasetParameterNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const parameterKey = /^param\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;

export const datasetResultsQuerySchema = z
  .record(z.string().max(80), z.string().max(1000))
  .superRefine((query, ctx) => {
    const keys = Object.keys(query);
    if (keys.length > 50) ctx.addIssue({ code: 'custom', message: 'Send at most 50 parameters.' });
    for (const key of keys) {
      if (!parameterKey.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'Send parameters as param.<name>=value.' });
    }
  })
  .transform((query) => ({
    params: Object.fromEntries(Object.entries(query).map(([key, value]) => [key.slice(6), value])),
  }));
export type DatasetResultsQuery = z.infer<typeof datasetResultsQuerySchema>;

export const datasetValueTypes = ['text', 'number', 'boolean', 'date', 'dateTime', 'list'] as const;

export const datasetColumnSchema = z.object({
  // The grouping's or aggregate's id (what sections and sorts refer to).
  id: z.string(),
  alias: z.string(),
  role: z.enum(['grouping', 'aggregate']),
  type: z.enum(datasetValueTypes),
  field: z.string().nullable(),
  fn: z.enum(aggregateFunctions).nullable(),
  bucket: z.enum(dateBuckets).nullable(),
  // Choice fields store option values; these are their labels, for people.
  optionLabels: z.record(z.string(), z.string()).nullable(),
});
export type DatasetColumn = z.infer<typeof datasetColumnSchema>;

export const datasetResultSchema = z.object({
  // The document's name and the dataset's description ('' for a draft's preview).
  name: z.string(),
  description: z.string(),
  // The live version the rows come from; null for a draft's preview.
  version: z.number().int().nullable(),
  columns: z.array(datasetColumnSchema),
  rows: z.array(z.record(z.string(), z.unknown())),
  // More rows matched than the row cap lets through.
  truncated: z.boolean(),
  // The rows for the period before (the filter's relative dates moved back one period), when a number section
  // compares with it and the filter has such dates; `label` names that period ("last month").
  previous: z.object({ label: z.string(), rows: z.array(z.record(z.string(), z.unknown())) }).nullable(),
  // How the dataset shows its rows (tables, numbers, charts), in order.
  sections: z.array(datasetSectionSchema),
});
export type DatasetResult = z.infer<typeof datasetResultSchema>;

// A published dataset as the portal's Reports page lists it (only those whose tables the caller may read).
export const reportSummarySchema = z.object({
  documentId: z.uuid(),
  name: z.string(),
  description: z.string(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

// Work data a dataset can read besides tables (flow instances, tasks, each published form's answers), described
// as tables so the builder lists their columns like a table's. Not the table schema: their links point at
// other work data (`system.flowInstances`), not at table documents; the server builds them, nobody sends them.
export const datasetSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  table: z.custom<Table>((value) => typeof value === 'object' && value !== null && 'fields' in value),
});
export type DatasetSourceView = z.infer<typeof datasetSourceSchema>;
