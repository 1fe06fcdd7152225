import { z } from 'zod';
import type { Condition } from '../../conditions/condition.schema';
import { addIssue } from '../checks';
import { entityIdSchema, entityShape, labelSchema, machineKeySchema } from '../common.schema';

// The main table's alias in column paths; joined tables go by their join's alias.
export const mainAlias = 'main';

// A column of the joined rows: `<alias>.<field key>`, such as `main.amount` or `customer.region`.
export const columnPathSchema = z
  .string()
  .max(130)
  .regex(/^[a-z][a-zA-Z0-9_]*\.[a-z][a-zA-Z0-9_]*$/, 'Use alias.field, such as main.amount.');

// Follows a relation field of the main table (or of an earlier join) to the table it points at.
export const datasetJoinSchema = z.object({
  ...entityShape,
  alias: machineKeySchema,
  fromJoinId: entityIdSchema.optional(),
  relationFieldId: entityIdSchema,
  // `left` keeps rows without a related record.
  type: z.enum(['left', 'inner']),
});
export type DatasetJoin = z.infer<typeof datasetJoinSchema>;

export const dateBuckets = ['day', 'week', 'month', 'quarter', 'year'] as const;

export const datasetGroupingSchema = z.object({
  ...entityShape,
  alias: machineKeySchema,
  field: columnPathSchema,
  // Groups a date or time column by calendar period.
  bucket: z.enum(dateBuckets).optional(),
});
export type DatasetGrouping = z.infer<typeof datasetGroupingSchema>;

// Percentiles are continuous over numbers (interpolated) and discrete over dates (a value that occurs).
export const aggregateFunctions = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'distinctCount',
  'median',
  'p90',
  'p95',
  'p99',
] as const;
export type AggregateFunction = (typeof aggregateFunctions)[number];

export const datasetAggregateSchema = z
  .object({
    ...entityShape,
    alias: machineKeySchema,
    fn: z.enum(aggregateFunctions),
    // Count without a field counts rows; with one, rows where it has a value.
    field: columnPathSchema.optional(),
  })
  .superRefine((aggregate, ctx) => {
    if (aggregate.fn !== 'count' && !aggregate.field)
      addIssue(ctx, ['field'], 'Choose the field to aggregate.');
  });
export type DatasetAggregate = z.infer<typeof datasetAggregateSchema>;

export const datasetSortSchema = z.object({
  ...entityShape,
  // A grouping or an aggregate.
  columnId: entityIdSchema,
  direction: z.enum(['asc', 'desc']),
});
export type DatasetSort = z.infer<typeof datasetSortSchema>;

export const chartTypes = ['table', 'bar', 'line', 'pie', 'area', 'number'] as const;

// Dimension: a grouping along the axis (or the slices); measures: aggregates plotted against it.
export const chartSchema = z
  .object({
    type: z.enum(chartTypes),
    dimensionId: entityIdSchema.optional(),
    measureIds: z.array(entityIdSchema).max(20),
    // A number beside its value for the period before: the filter's relative dates shifted back one period.
    compare: z.boolean().optional(),
  })
  .superRefine((chart, ctx) => {
    const measures = chart.measureIds.length;
    if (chart.type === 'number' && (measures !== 1 || chart.dimensionId)) {
      addIssue(ctx, ['measureIds'], 'A number shows one aggregate and no grouping.');
    } else if (chart.type === 'pie' && (measures !== 1 || !chart.dimensionId)) {
      addIssue(ctx, ['measureIds'], 'A pie shows one aggregate by one grouping.');
    } else if (['bar', 'line', 'area'].includes(chart.type) && (measures === 0 || !chart.dimensionId)) {
      addIssue(ctx, ['measureIds'], 'This chart needs a grouping and at least one aggregate.');
    }
  });
export type Chart = z.infer<typeof chartSchema>;

// How much of a row a section takes on a wide screen (absent: a third for a number, else full); narrow screens
// stack them.
export const sectionWidths = ['full', 'half', 'third'] as const;
export type SectionWidth = (typeof sectionWidths)[number];

export const datasetSectionSchema = z.object({
  ...entityShape,
  title: labelSchema,
  description: z.string().max(5000),
  chart: chartSchema,
  width: z.enum(sectionWidths).optional(),
});
export type DatasetSection = z.infer<typeof datasetSectionSchema>;

// A filter value `{{name}}` is a parameter of the dataset: the results URL's `param.<name>`, a mailed report's
// `params`. Absent, the dataset refuses to run (never "all rows").
export const datasetPlaceholder = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}$/;

/** The parameters a dataset's filter reads, by name, in the order they first appear. */
export function listDatasetParams(filter: Condition | undefined): string[] {
  if (!filter) return [];
  if (filter.type === 'group') return [...new Set(filter.children.flatMap(listDatasetParams))];
  if (!('right' in filter)) return [];
  const values = Array.isArray(filter.right) ? filter.right : [filter.right];
  return [
    ...new Set(
      values.flatMap((value) => {
        const name = typeof value === 'string' ? datasetPlaceholder.exec(value)?.[1] : undefined;
        return name === undefined ? [] : [name];
      }),
    ),
  ];
}
