import type { DatasetAggregate, DatasetGrouping } from '@erp/shared';

// Groupings and measures of datasets written by tests, named after the column they read (`customer.region` →
// `region`) or the alias given, so result rows read as `{ region: 'north', purchases: 2 }`.

let counter = 0;

export const grouping = (field: string): DatasetGrouping => ({
  id: `g${++counter}`,
  order: 'a0',
  alias: field.split('.')[1] ?? 'group',
  field,
});

export const aggregate = (fn: DatasetAggregate['fn'], alias: string, field?: string): DatasetAggregate => ({
  id: alias,
  order: 'a0',
  alias,
  fn,
  ...(field ? { field } : {}),
});
