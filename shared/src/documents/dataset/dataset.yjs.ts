import type * as Y from 'yjs';
import { defineCollection, defineRoot, withoutPlacement } from '../collection.yjs';
import {
  type EntityCollection,
  type NewEntity,
  type Origin,
  patchEntity,
  readEntities,
  readEntity,
} from '../entities.yjs';
import { runMigrations, seedDocument, toDraft } from '../meta.yjs';
import type { Draft } from '../schemas';
import { type Dataset, datasetSchemaVersion, emptyDataset } from './dataset.schema';
import type {
  Chart,
  DatasetAggregate,
  DatasetGrouping,
  DatasetJoin,
  DatasetSection,
  DatasetSort,
} from './dataset-parts.schema';

// Layout: meta; root text `description`; root map `props` with `tableId`, `filter`, `limit`,
// `allFlowDataRoles`; ordered root maps `joins`, `groupings`, `aggregates`, `sorts`, `sections` keyed by id. Values that must agree with each other
// are stored as one value so a merge cannot mix two people's halves: an aggregate's `measure` ({fn, field}),
// a section's `chart` (type, dimension, measures). A join's `fromJoinId` is fixed at creation, so joins can
// never form a circle.
// References by id to a grouping or aggregate removed concurrently are dropped on read (a sort, a chart's
// dimension or measure), as are joins whose join of origin is gone: what they pointed at no longer exists.

type Editable<T> = Partial<Omit<T, 'id' | 'order'>>;
export type NewDatasetJoin = NewEntity & Omit<DatasetJoin, 'id' | 'order'>;
export type DatasetJoinPatch = Omit<Editable<DatasetJoin>, 'fromJoinId'>;
export type NewDatasetGrouping = NewEntity & Editable<DatasetGrouping>;
export type NewDatasetAggregate = NewEntity & Editable<DatasetAggregate>;
export type NewDatasetSort = NewEntity & Editable<DatasetSort>;
export type NewDatasetSection = NewEntity & Editable<DatasetSection>;
export type DatasetPatch = Partial<
  Pick<Dataset, 'description' | 'tableId' | 'filter' | 'limit' | 'allFlowDataRoles'>
>;

const root = defineRoot<DatasetPatch>({ texts: ['description'] });

const joins = defineCollection<NewDatasetJoin, DatasetJoinPatch>({
  name: 'joins',
  texts: [],
  ordered: true,
  // Joins that start from a removed join go with it.
  cleanUp: (doc, id) => {
    for (const { id: childId, entity } of joins.list(doc)) {
      if (entity.get('fromJoinId') === id) joins.remove(doc, childId);
    }
  },
});
const groupings = defineCollection<NewDatasetGrouping, Editable<DatasetGrouping>>({
  name: 'groupings',
  texts: [],
  ordered: true,
});
const aggregates = defineCollection<NewDatasetAggregate, Editable<DatasetAggregate>>({
  name: 'aggregates',
  texts: [],
  ordered: true,
  fill: (entity, input) => writeAggregate(entity, withoutPlacement(input)),
});
const sorts = defineCollection<NewDatasetSort, Editable<DatasetSort>>({
  name: 'sorts',
  texts: [],
  ordered: true,
});
const sections = defineCollection<NewDatasetSection, Editable<DatasetSection>>({
  name: 'sections',
  texts: ['title', 'description'],
  ordered: true,
  fill: (entity, input) =>
    patchEntity(entity, { chart: { type: 'table', measureIds: [] }, ...withoutPlacement(input) }, [
      'title',
      'description',
    ]),
});

function writeAggregate(entity: Y.Map<unknown>, patch: Editable<DatasetAggregate>): void {
  const { fn, field, ...props } = patch;
  const write: Record<string, unknown> = props;
  if ('fn' in patch || 'field' in patch) {
    const current = (entity.get('measure') ?? {}) as Editable<DatasetAggregate>;
    write.measure = { fn: fn ?? current.fn ?? 'count', field: 'field' in patch ? field : current.field };
  }
  patchEntity(entity, write, []);
}

export const updateDataset = root.update;
export const getDatasetText = root.getText;

/** Updates an aggregate; the function and its field are written together, as one value. */
function updateAggregate(doc: Y.Doc, id: string, patch: Editable<DatasetAggregate>, origin?: Origin): void {
  doc.transact(() => {
    const entity = aggregates.collectionOf(doc).get(id);
    if (entity) writeAggregate(entity, patch);
  }, origin);
}

/** Edits of a dataset's parts; each is one transaction with the given origin. */
export const datasetJoins = joins;
export const datasetGroupings = groupings;
export const datasetAggregates = { ...aggregates, update: updateAggregate };
export const datasetSorts = sorts;
export const datasetSections = sections;

export function initDataset(doc: Y.Doc, initial: Dataset = emptyDataset(), origin?: Origin): void {
  seedDocument(doc, 'dataset', datasetSchemaVersion, origin, () => {
    const { description, tableId, filter, limit, allFlowDataRoles } = initial;
    root.update(doc, { description, tableId, filter, limit, allFlowDataRoles });
    for (const join of initial.joins) joins.add(doc, join);
    for (const grouping of initial.groupings) groupings.add(doc, grouping);
    for (const aggregate of initial.aggregates) aggregates.add(doc, aggregate);
    for (const sort of initial.sorts) sorts.add(doc, sort);
    for (const section of initial.sections) sections.add(doc, section);
  });
}

/** The draft as plain JSON in the published shape, not validated (see the layout note on dropped references). */
export function readDataset(doc: Y.Doc): Draft<Dataset> {
  const read = (collection: { collectionOf: (doc: Y.Doc) => EntityCollection }) =>
    readEntities(collection.collectionOf(doc));
  const groupingList = read(groupings);
  const aggregateList = aggregates.list(doc).map(({ id, entity }) => {
    const { measure, ...aggregate } = readEntity(entity);
    return { id, ...aggregate, ...(measure as object) };
  });
  const groupingIds = new Set(groupingList.map((grouping) => grouping.id));
  const aggregateIds = new Set(aggregateList.map((aggregate) => aggregate.id));
  const sectionList = read(sections).map(({ chart, ...section }) => {
    const { dimensionId, measureIds = [], ...rest } = chart as Partial<Chart>;
    const kept = dimensionId !== undefined && groupingIds.has(dimensionId) ? { dimensionId } : {};
    return {
      ...section,
      chart: { ...rest, ...kept, measureIds: measureIds.filter((id) => aggregateIds.has(id)) },
    };
  });
  const sortList = read(sorts).filter(
    (sort) => groupingIds.has(sort.columnId as string) || aggregateIds.has(sort.columnId as string),
  );
  return toDraft(doc, {
    ...root.read(doc),
    joins: readJoins(read(joins)),
    groupings: groupingList,
    aggregates: aggregateList,
    sorts: sortList,
    sections: sectionList,
  });
}

// Keeps the joins whose chain of origins reaches the main table.
function readJoins(all: Record<string, unknown>[]): Record<string, unknown>[] {
  const kept = new Set<unknown>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const join of all) {
      if (kept.has(join.id) || (join.fromJoinId !== undefined && !kept.has(join.fromJoinId))) continue;
      kept.add(join.id);
      changed = true;
    }
  }
  return all.filter((join) => kept.has(join.id));
}

export function migrateDataset(doc: Y.Doc): void {
  runMigrations(doc, 'dataset', datasetSchemaVersion, {});
}
