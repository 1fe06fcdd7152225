import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exchange, expectConvergence, listIssues, seedDoc, syncedPair } from '../testing/documents';
import type { Random } from '../testing/random';
import { orders, datasetSample as sample } from './dataset.sample';
import {
  datasetAggregates,
  datasetGroupings,
  datasetJoins,
  datasetSections,
  datasetSorts,
  initDataset,
  readDataset,
  updateDataset,
} from './dataset.yjs';
import { aggregateFunctions, chartTypes } from './dataset-parts.schema';

describe('dataset schema', () => {
  it('has a sample with every aggregate function and chart type', () => {
    expect(sample.aggregates.map((aggregate) => aggregate.fn)).toEqual([...aggregateFunctions]);
    expect(new Set(sample.sections.map((section) => section.chart.type))).toEqual(new Set(chartTypes));
  });

  it('reports unknown aliases, broken joins, repeated aliases and charts that cannot be drawn', () => {
    const dataset = structuredClone(sample);
    dataset.joins.push({
      id: 'j3',
      order: 'a2',
      alias: 'customer',
      fromJoinId: 'j9',
      relationFieldId: 'x',
      type: 'left',
    });
    dataset.filter = { type: 'comparison', left: 'supplier.name', operator: 'isEmpty' };
    dataset.groupings.push({ id: 'g3', order: 'a2', alias: 'orders', field: 'main.total' });
    dataset.aggregates.push({ id: 'm6', order: 'a5', alias: 'total', fn: 'sum' });
    dataset.sorts.push({ id: 's2', order: 'a1', columnId: 'x1', direction: 'asc' });
    Object.assign(dataset.sections[0]?.chart ?? {}, { dimensionId: 'g1' });
    Object.assign(dataset.sections[3]?.chart ?? {}, { measureIds: ['m2', 'zz'] });
    expect(listIssues('dataset', dataset)).toEqual([
      'aggregates.m6.field: Choose the field to aggregate.',
      'sections.x1.chart.measureIds: A number shows one aggregate and no grouping.',
      'sections.x4.chart.measureIds: A pie shows one aggregate by one grouping.',
      'joins.j3.alias: Another table has this alias.',
      'joins.j3.fromJoinId: Join from the main table or another join.',
      'filter: Nothing in this dataset is called supplier.name.',
      'aggregates.m1.alias: Another column has this alias.',
      'sorts.s2.columnId: Sort by a grouping or an aggregate.',
      'sections.x4.chart.measureIds: Show aggregates of this dataset only.',
    ]);
  });

  it('needs a main table before joins and columns', () => {
    const dataset = { ...structuredClone(sample), tableId: null };
    expect(listIssues('dataset', dataset)).toEqual(
      expect.arrayContaining([
        'tableId: Choose the main table before joining others.',
        'groupings.g1.field: Nothing in this dataset is called region.name.',
      ]),
    );
  });
});

describe('dataset binding', () => {
  it('removes joins that start from a removed join', () => {
    const doc = seedDoc('dataset', sample);
    datasetJoins.remove(doc, 'j1');
    expect(readDataset(doc).joins).toEqual([]);
  });

  it('drops references to groupings and aggregates removed concurrently', () => {
    const [left, right] = syncedPair('dataset', sample);
    datasetGroupings.remove(left, 'g2');
    datasetAggregates.remove(left, 'm3');
    datasetSorts.add(right, { id: 's2', columnId: 'g2', direction: 'asc' });
    datasetSections.update(right, 'x3', {
      chart: { type: 'bar', dimensionId: 'g2', measureIds: ['m3', 'm2'] },
    });
    datasetJoins.add(right, {
      id: 'j3',
      alias: 'country',
      fromJoinId: 'j2',
      relationFieldId: 'r1',
      type: 'left',
    });
    datasetJoins.remove(left, 'j2');
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const dataset = readDataset(left);
    expect(dataset.sorts.map((sort) => sort.id)).toEqual(['s1']);
    expect(dataset.sections[2]?.chart).toEqual({ type: 'bar', measureIds: ['m2'] });
    expect(dataset.joins.map((join) => join.id)).toEqual(['j1']);
  });

  it('writes an aggregate function and its field as one value', () => {
    const [left, right] = syncedPair('dataset', sample);
    datasetAggregates.update(left, 'm2', { fn: 'count', field: undefined });
    datasetAggregates.update(right, 'm2', { fn: 'max', field: 'main.weight', alias: 'heaviest' });
    exchange(left, right);
    expect(readDataset(left)).toEqual(readDataset(right));
    expect(listIssues('dataset', readDataset(left))).toEqual([]);
  });
});

// Pinned: the main table, the `customer` join, grouping `g` and aggregate `m` that charts and filters use.
function setUpDataset(doc: Y.Doc): void {
  initDataset(doc);
  updateDataset(doc, { tableId: orders });
  datasetJoins.add(doc, { id: 'customer', alias: 'customer', relationFieldId: 'f1', type: 'left' });
  datasetGroupings.add(doc, { id: 'g', alias: 'region', field: 'customer.region' });
  datasetAggregates.add(doc, { id: 'm', alias: 'revenue', fn: 'sum', field: 'main.total' });
}

function editDataset(doc: Y.Doc, random: Random): void {
  const dataset = readDataset(doc);
  const alias = `c_${random.id()}`;
  const field = random.pick(['main.total', 'main.weight', 'customer.region']);
  const columns = [...dataset.groupings, ...dataset.aggregates];
  const pickFree = <T extends { id: string }>(items: T[], pinned: string) =>
    random.pick([undefined, ...items.filter((item) => item.id !== pinned)]);
  // Adds stop well below each collection's cap, which concurrent adds could otherwise cross together.
  switch (random.int(10)) {
    case 0:
      if (dataset.groupings.length < 8) {
        datasetGroupings.add(doc, {
          id: random.id(),
          alias,
          field,
          bucket: random.chance(0.5) ? 'month' : undefined,
        });
      }
      return;
    case 1:
      if (dataset.aggregates.length < 10) {
        datasetAggregates.add(doc, { id: random.id(), alias, fn: random.pick(aggregateFunctions), field });
      }
      return;
    case 2: {
      const grouping = pickFree(dataset.groupings, 'g');
      if (grouping && random.chance(0.5)) datasetGroupings.remove(doc, grouping.id);
      else if (grouping) datasetGroupings.move(doc, grouping.id, random.int(5));
      return;
    }
    case 3: {
      const aggregate = pickFree(dataset.aggregates, 'm');
      if (aggregate && random.chance(0.5)) datasetAggregates.remove(doc, aggregate.id);
      else if (aggregate)
        datasetAggregates.update(doc, aggregate.id, { fn: random.pick(aggregateFunctions), field });
      return;
    }
    case 4:
      if (dataset.sorts.length < 8) {
        datasetSorts.add(doc, {
          id: random.id(),
          columnId: random.pick(columns).id,
          direction: 'asc',
          index: 0,
        });
      }
      return;
    case 5: {
      const sort = pickFree(dataset.sorts, '');
      if (sort) datasetSorts.remove(doc, sort.id);
      return;
    }
    case 6: {
      const type = random.pick(chartTypes);
      const chart =
        type === 'number'
          ? { type, measureIds: ['m'] }
          : { type, dimensionId: 'g', measureIds: type === 'table' ? [] : ['m'] };
      if (dataset.sections.length < 20) {
        datasetSections.add(doc, { id: random.id(), title: random.text(), chart, index: random.int(3) });
      }
      return;
    }
    case 7: {
      const section = pickFree(dataset.sections, '');
      if (section && random.chance(0.3)) datasetSections.remove(doc, section.id);
      else if (section)
        datasetSections.update(doc, section.id, { title: random.text(), description: random.text(20) });
      return;
    }
    case 8:
      if (random.chance(0.3) && dataset.joins.length < 4) {
        datasetJoins.add(doc, {
          id: random.id(),
          alias,
          fromJoinId: 'customer',
          relationFieldId: 'r',
          type: 'inner',
        });
      } else {
        const join = pickFree(dataset.joins, 'customer');
        if (join) datasetJoins.remove(doc, join.id);
      }
      return;
    default:
      updateDataset(doc, {
        description: random.text(30),
        limit: random.chance(0.5) ? 1 + random.int(1000) : undefined,
        filter: random.chance(0.5) ? { type: 'comparison', left: field, operator: 'isNotEmpty' } : undefined,
      });
  }
}

describe('dataset convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid dataset (seed %i)', (seed) => {
    const dataset = expectConvergence('dataset', { seed, setup: setUpDataset, edit: editDataset });
    expect(dataset.sections.length + dataset.sorts.length).toBeGreaterThan(0);
  });
});
