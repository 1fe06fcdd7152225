import { type Condition, conditionSchema } from '../../conditions/condition.schema';
import { describeCondition } from '../../conditions/describe';
import { compareOrdered } from '../order';
import { richTextSchema, richTextToPlain } from '../rich-text';
import { type ChangeEntityType, type DocumentChange, rootEntityId } from './changes';

// One diff for every kind, driven by where each kind keeps its entities. Entities are matched by stable id,
// so a renamed field is a changed label and a field dragged elsewhere is a moved order key.

export interface CollectionDiffSpec {
  // The snapshot's array prop holding the entities.
  key: string;
  entityType: ChangeEntityType;
  // Collections inside each entity (a field's options).
  nested?: readonly CollectionDiffSpec[];
}

export interface DiffSpec {
  collections: readonly CollectionDiffSpec[];
}

type Json = Record<string, unknown>;
type Entity = Json & { id: string };

// Layout: where a node sits on the canvas, where an entity sits among its siblings.
const layoutProps = new Set(['position', 'order']);
// Props whose structured values also get a text people read: conditions, and rich text (a form's description).
const readableProps = new Set(['condition', 'visibleWhen', 'filter', 'description']);
const labelProps = ['label', 'name', 'title', 'alias', 'key'] as const;

/** The changes that turn `before` into `after`, by stable ids. */
export function diffBySpec(spec: DiffSpec, before: Json, after: Json): DocumentChange[] {
  const changes: DocumentChange[] = [];
  diffEntity(
    { entityType: 'document', nested: spec.collections },
    { ...before, id: rootEntityId },
    { ...after, id: rootEntityId },
    undefined,
    changes,
  );
  return changes;
}

function diffEntity(
  spec: Pick<CollectionDiffSpec, 'entityType' | 'nested'>,
  before: Entity,
  after: Entity,
  parentId: string | undefined,
  changes: DocumentChange[],
): void {
  // The same object is the same content (a kept draft's unchanged entity, and the version content kept from it).
  if (before === after) return;
  const collections = (spec.nested ?? []).filter(
    (nested) => Array.isArray(before[nested.key]) && Array.isArray(after[nested.key]),
  );
  const skipped = new Set(['id', ...collections.map((collection) => collection.key)]);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !skipped.has(key),
  );
  const label = labelOf(after);
  for (const key of keys.sort()) {
    if (isSameJson(before[key], after[key])) continue;
    changes.push({
      op: layoutProps.has(key) ? 'moved' : 'changed',
      entityType: spec.entityType,
      entityId: after.id,
      ...(parentId === undefined ? {} : { parentId }),
      property: key,
      ...(Object.hasOwn(before, key) ? { before: before[key] } : {}),
      ...(Object.hasOwn(after, key) ? { after: after[key] } : {}),
      ...(readableProps.has(key) ? readableTexts(before[key], after[key]) : {}),
      ...(label === undefined ? {} : { label }),
    });
  }
  for (const collection of collections) {
    const parent = spec.entityType === 'document' ? undefined : after.id;
    diffCollection(
      collection,
      before[collection.key] as Entity[],
      after[collection.key] as Entity[],
      parent,
      changes,
    );
  }
}

function diffCollection(
  spec: CollectionDiffSpec,
  before: Entity[],
  after: Entity[],
  parentId: string | undefined,
  changes: DocumentChange[],
): void {
  // The same list, the same entities (a kept flow draft's edges while none changed).
  if (before === after) return;
  const afterById = new Map(after.map((entity) => [entity.id, entity]));
  const beforeById = new Map(before.map((entity) => [entity.id, entity]));
  const place = (entity: Entity) => ({
    entityType: spec.entityType,
    entityId: entity.id,
    ...(parentId === undefined ? {} : { parentId }),
    ...(labelOf(entity) === undefined ? {} : { label: labelOf(entity) }),
  });
  for (const entity of before) {
    if (!afterById.has(entity.id)) changes.push({ op: 'removed', ...place(entity), before: entity });
  }
  for (const entity of after) {
    const previous = beforeById.get(entity.id);
    if (previous) diffEntity(spec, previous, entity, parentId, changes);
    else changes.push({ op: 'added', ...place(entity), after: entity });
  }
}

/** `base` with `changes` applied; collections end in display order (by order key, then id). */
export function applyBySpec(spec: DiffSpec, base: Json, changes: readonly DocumentChange[]): Json {
  const result = structuredClone(base);
  for (const change of changes) {
    if (change.entityType === 'document') {
      setProp(result, change);
      continue;
    }
    const list = locateList(spec, result, change);
    const index = list.findIndex((entity) => entity.id === change.entityId);
    if (change.op === 'added') list.push(structuredClone(change.after) as Entity);
    else if (change.op === 'removed') list.splice(index, 1);
    else if (list[index]) setProp(list[index], change);
    else throw new Error(`No ${change.entityType} ${change.entityId} to change.`);
  }
  sortCollections(spec.collections, result);
  return result;
}

function locateList(spec: DiffSpec, root: Json, change: DocumentChange): Entity[] {
  for (const collection of spec.collections) {
    const list = root[collection.key] as Entity[];
    if (change.parentId === undefined) {
      if (collection.entityType === change.entityType) return list;
      continue;
    }
    const nested = collection.nested?.find((candidate) => candidate.entityType === change.entityType);
    const parent = nested && list.find((entity) => entity.id === change.parentId);
    if (nested && parent) return parent[nested.key] as Entity[];
  }
  throw new Error(`No place for ${change.entityType} ${change.entityId}.`);
}

function setProp(entity: Json, change: DocumentChange): void {
  const property = change.property ?? '';
  if (Object.hasOwn(change, 'after')) entity[property] = structuredClone(change.after);
  else delete entity[property];
}

function sortCollections(specs: readonly CollectionDiffSpec[], holder: Json): void {
  for (const spec of specs) {
    const list = holder[spec.key];
    if (!Array.isArray(list)) continue;
    list.sort((left: Entity, right: Entity) =>
      compareOrdered(
        { id: left.id, order: String(left.order ?? '') },
        { id: right.id, order: String(right.order ?? '') },
      ),
    );
    for (const entity of list) sortCollections(spec.nested ?? [], entity);
  }
}

function readableTexts(before: unknown, after: unknown): Pick<DocumentChange, 'beforeText' | 'afterText'> {
  const beforeText = textOf(before);
  const afterText = textOf(after);
  return {
    ...(beforeText === undefined ? {} : { beforeText }),
    ...(afterText === undefined ? {} : { afterText }),
  };
}

function textOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const condition = conditionSchema.safeParse(value);
  if (condition.success) return describeCondition(condition.data as Condition);
  const richText = richTextSchema.safeParse(value);
  return richText.success ? richTextToPlain(richText.data) : undefined;
}

function labelOf(entity: Json): string | undefined {
  for (const prop of labelProps) {
    const value = entity[prop];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/** Equality of JSON values (key order does not matter). */
export function isSameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => isSameJson(item, right[index]));
  }
  const leftKeys = Object.keys(left);
  const rightRecord = right as Json;
  return (
    leftKeys.length === Object.keys(right).length &&
    leftKeys.every(
      (key) => Object.hasOwn(rightRecord, key) && isSameJson((left as Json)[key], rightRecord[key]),
    )
  );
}
