import { z } from 'zod';
import { conditionSchema } from '../../conditions/condition.schema';
import { listConditionPaths } from '../../conditions/paths';
import { roles } from '../../roles';
import { addIssue, checkUnique, checkUniqueIds } from '../checks';
import { descriptionSchema, snapshotHeader } from '../common.schema';
import { upgradeSnapshot } from '../versions';
import {
  type DatasetJoin,
  datasetAggregateSchema,
  datasetGroupingSchema,
  datasetJoinSchema,
  datasetSectionSchema,
  datasetSortSchema,
  mainAlias,
} from './dataset-parts.schema';
import { datasetSourceIdSchema } from './system-sources';

export const datasetSchemaVersion = 1;

// A report: rows of the main table joined along relations, filtered, grouped and aggregated, shown in sections.
export const datasetSchema = z
  .object({
    ...snapshotHeader('dataset', datasetSchemaVersion),
    description: descriptionSchema,
    // The main source: a table, flow instances, tasks or a form's answers (system-sources.ts). Null until
    // someone picks it; no column can be read before.
    tableId: datasetSourceIdSchema.nullable(),
    // Readers with one of these roles see the flow data of every instance; anyone else (admins aside) only of
    // the instances they started or hold, may claim or completed a task in (docs/decisions/0003).
    allFlowDataRoles: z.array(z.enum(roles)).max(roles.length).optional(),
    joins: z.array(datasetJoinSchema).max(20),
    // Applies to the joined rows before grouping; paths are columns (`main.status`).
    filter: conditionSchema.optional(),
    groupings: z.array(datasetGroupingSchema).max(20),
    aggregates: z.array(datasetAggregateSchema).max(50),
    sorts: z.array(datasetSortSchema).max(20),
    limit: z.int().min(1).max(100_000).optional(),
    sections: z.array(datasetSectionSchema).max(50),
  })
  .superRefine((dataset, ctx) => {
    for (const collection of ['joins', 'groupings', 'aggregates', 'sorts', 'sections'] as const) {
      checkUniqueIds(ctx, collection, dataset[collection]);
    }
    const aliases = checkJoins(dataset.tableId, dataset.joins, ctx);
    const checkPath = (path: string, at: (string | number)[]) => {
      if (!aliases.has(path.split('.')[0] ?? ''))
        addIssue(ctx, at, `Nothing in this dataset is called ${path}.`);
    };
    if (dataset.filter) {
      for (const path of listConditionPaths(dataset.filter)) {
        if (!/^[^.]+\.[^.]+$/.test(path)) addIssue(ctx, ['filter'], `Use alias.field instead of ${path}.`);
        else checkPath(path, ['filter']);
      }
    }
    dataset.groupings.forEach((grouping, index) => {
      checkPath(grouping.field, ['groupings', index, 'field']);
    });
    dataset.aggregates.forEach((aggregate, index) => {
      if (aggregate.field) checkPath(aggregate.field, ['aggregates', index, 'field']);
    });
    const columns = [...dataset.groupings, ...dataset.aggregates];
    checkUnique(
      ctx,
      columns,
      (column) => column.alias,
      (index) =>
        index < dataset.groupings.length
          ? ['groupings', index, 'alias']
          : ['aggregates', index - dataset.groupings.length, 'alias'],
      'Another column has this alias.',
    );
    checkReferences(dataset, ctx);
  });
export type Dataset = z.infer<typeof datasetSchema>;

// Returns the aliases rows can be read by. A join starts from the main table or from another join; following
// `fromJoinId` must end at the main table.
function checkJoins(tableId: string | null, joins: DatasetJoin[], ctx: z.RefinementCtx): Set<string> {
  if (tableId === null) {
    if (joins.length > 0) addIssue(ctx, ['tableId'], 'Choose the main table before joining others.');
    return new Set();
  }
  const aliases = new Set([mainAlias]);
  const parents = new Map(joins.map((join) => [join.id, join.fromJoinId]));
  joins.forEach((join, index) => {
    if (aliases.has(join.alias)) addIssue(ctx, ['joins', index, 'alias'], 'Another table has this alias.');
    aliases.add(join.alias);
    let parent = join.fromJoinId;
    for (let steps = 0; parent !== undefined && steps <= joins.length; steps += 1) {
      if (!parents.has(parent)) break;
      parent = parents.get(parent);
    }
    if (parent !== undefined)
      addIssue(ctx, ['joins', index, 'fromJoinId'], 'Join from the main table or another join.');
  });
  return aliases;
}

function checkReferences(dataset: z.infer<typeof datasetSchema>, ctx: z.RefinementCtx): void {
  const groupings = new Set(dataset.groupings.map((grouping) => grouping.id));
  const aggregates = new Set(dataset.aggregates.map((aggregate) => aggregate.id));
  dataset.sorts.forEach((sort, index) => {
    if (!groupings.has(sort.columnId) && !aggregates.has(sort.columnId)) {
      addIssue(ctx, ['sorts', index, 'columnId'], 'Sort by a grouping or an aggregate.');
    }
  });
  dataset.sections.forEach((section, index) => {
    const { dimensionId, measureIds } = section.chart;
    if (dimensionId !== undefined && !groupings.has(dimensionId)) {
      addIssue(ctx, ['sections', index, 'chart', 'dimensionId'], 'No grouping has this id.');
    }
    if (measureIds.some((id) => !aggregates.has(id))) {
      addIssue(ctx, ['sections', index, 'chart', 'measureIds'], 'Show aggregates of this dataset only.');
    }
  });
}

export function emptyDataset(): Dataset {
  return {
    kind: 'dataset',
    schemaVersion: datasetSchemaVersion,
    description: '',
    tableId: null,
    joins: [],
    groupings: [],
    aggregates: [],
    sorts: [],
    sections: [],
  };
}

/** Brings an older dataset snapshot to the current version (no older versions exist yet). */
export const upgradeDataset = (raw: unknown): unknown => upgradeSnapshot(raw, datasetSchemaVersion, {});
