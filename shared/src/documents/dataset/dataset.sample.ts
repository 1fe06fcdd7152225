import type { Dataset } from './dataset.schema';
import type { Chart, DatasetSection } from './dataset-parts.schema';

function section(id: string, order: string, title: string, chart: Chart): DatasetSection {
  return { id, order, title, description: '', chart };
}

// A dataset using every part of its schema: a fixture for tests here and in other packages.
export const orders = 'd0000000-0000-4000-8000-000000000001';

export const datasetSample: Dataset = {
  kind: 'dataset',
  schemaVersion: 1,
  description: 'Revenue by region and month',
  tableId: orders,
  joins: [
    { id: 'j1', order: 'a0', alias: 'customer', relationFieldId: 'f13', type: 'inner' },
    { id: 'j2', order: 'a1', alias: 'region', fromJoinId: 'j1', relationFieldId: 'c7', type: 'left' },
  ],
  filter: {
    type: 'group',
    op: 'and',
    children: [
      { type: 'comparison', left: 'main.status', operator: 'neq', right: 'cancelled' },
      { type: 'comparison', left: 'region.name', operator: 'isNotEmpty' },
    ],
  },
  groupings: [
    { id: 'g1', order: 'a0', alias: 'region', field: 'region.name' },
    { id: 'g2', order: 'a1', alias: 'month', field: 'main.ordered', bucket: 'month' },
  ],
  aggregates: [
    { id: 'm1', order: 'a0', alias: 'orders', fn: 'count' },
    { id: 'm2', order: 'a1', alias: 'revenue', fn: 'sum', field: 'main.total' },
    { id: 'm3', order: 'a2', alias: 'average', fn: 'avg', field: 'main.total' },
    { id: 'm4', order: 'a3', alias: 'smallest', fn: 'min', field: 'main.total' },
    { id: 'm5', order: 'a4', alias: 'largest', fn: 'max', field: 'main.total' },
    { id: 'n1', order: 'a5', alias: 'customers', fn: 'distinctCount', field: 'customer.name' },
    { id: 'n2', order: 'a6', alias: 'typical', fn: 'median', field: 'main.total' },
    { id: 'n3', order: 'a7', alias: 'high', fn: 'p90', field: 'main.total' },
    { id: 'n4', order: 'a8', alias: 'higher', fn: 'p95', field: 'main.total' },
    { id: 'n5', order: 'a9', alias: 'highest', fn: 'p99', field: 'main.total' },
  ],
  sorts: [{ id: 's1', order: 'a0', columnId: 'm2', direction: 'desc' }],
  limit: 500,
  sections: [
    section('x1', 'a0', 'Orders', { type: 'number', measureIds: ['m1'] }),
    section('x2', 'a1', 'Revenue', { type: 'bar', dimensionId: 'g1', measureIds: ['m2'] }),
    section('x3', 'a2', 'Trend', { type: 'line', dimensionId: 'g2', measureIds: ['m2', 'm3'] }),
    section('x4', 'a3', 'Share', { type: 'pie', dimensionId: 'g1', measureIds: ['m2'] }),
    section('x5', 'a4', 'Area', { type: 'area', dimensionId: 'g2', measureIds: ['m4', 'm5'] }),
    { ...section('x6', 'a5', 'All', { type: 'table', measureIds: [] }), description: 'Every figure' },
  ],
};
