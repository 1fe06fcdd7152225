import * as Y from 'yjs';
import { freezeDeep } from './immutable';
import { compareOrdered, isOrderKey, type Ordered, placeAt } from './order';
import { replaceText } from './text.yjs';

// An entity is a Y.Map in a collection keyed by its stable id: scalar props are plain JSON values
// (replaced whole, last writer wins), text people type together is a Y.Text under its prop name.
export type Entity = Y.Map<unknown>;
export type EntityCollection = Y.Map<Entity>;

/** Whatever a caller passes to `doc.transact` to tell its edits apart (a per-user UndoManager tracks it). */
export type Origin = unknown;

export interface NewEntity {
  id?: string;
  // Position among the ordered siblings; the end when left out.
  index?: number;
  // An order key kept from a snapshot (seeding a document); wins over `index`.
  order?: string;
}

/** What adds an entity of (each member of the union) `T`: its type, any of its other props, and placement. */
export type DraftOf<T extends { id: string; type: string }> = T extends unknown
  ? NewEntity & Pick<T, 'type'> & Partial<Omit<T, 'id' | 'order' | 'type'>>
  : never;

/** A patch of (each member of the union) `T`: any of its props but id, type, order and `Fixed`. */
export type PatchOf<T extends { id: string }, Fixed extends PropertyKey = never> = T extends unknown
  ? Partial<Omit<T, 'id' | 'type' | 'order' | Fixed>>
  : never;

// Props of a typed entity that belong to one type live under `<type>:<prop>`: a concurrent type change never
// mixes one type's settings with another's, and switching back restores them.
export const variantSeparator = ':';

/** A random id for a new entity (12 base64url characters). */
export function newEntityId(): string {
  // 72 random bits as 12 base64url characters: unique within any document, and a third of a UUID's bytes —
  // ids are the largest part of a stored flow (every key and every edge end). crypto.getRandomValues, not
  // randomUUID: the latter exists only in secure contexts, and a self-hosted console may be served over HTTP.
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_');
}

function cloneJson<T>(value: T): T {
  return typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as T) : value;
}

/** Applies a patch: text props by minimal diff, `undefined` deletes a prop, anything else is set (copied). */
export function patchEntity(entity: Entity, patch: object, texts: readonly string[]): void {
  for (const [key, value] of Object.entries(patch)) {
    if (texts.includes(key)) {
      const text = entity.get(key);
      if (text instanceof Y.Text) replaceText(text, typeof value === 'string' ? value : '');
    } else if (value === undefined) {
      entity.delete(key);
    } else {
      entity.set(key, cloneJson(value));
    }
  }
}

export function patchVariant(entity: Entity, type: string, patch: object): void {
  for (const [key, value] of Object.entries(patch)) {
    const variantKey = `${type}${variantSeparator}${key}`;
    if (value === undefined) entity.delete(variantKey);
    else entity.set(variantKey, cloneJson(value));
  }
}

// Entities as last read, per doc that is read again and again (the api's kept drafts): a transaction that changes
// an entity, or a text or value inside it, drops its entry. Reads are deep-frozen: they are shared by reads.
interface EntityReads {
  props?: Record<string, unknown>;
  /** What `readEntityAs` built from the entity, by key. */
  built: Map<string, unknown>;
  /** `unchangedToken`'s object. */
  token?: object;
}
const entityReads = new WeakMap<Y.Doc, WeakMap<object, EntityReads>>();
// Collections as last listed (sorted), per doc that keeps its reads: sorting a 500-node flow's ids was most of a
// kept draft's read. A listing depends only on which entities the collection holds and on their `order`.
const entityLists = new WeakMap<Y.Doc, WeakMap<object, readonly ListedEntity[]>>();

/** Keeps what `readEntity` reads from this doc until the entity changes (a doc read many times, rarely changed). */
export function keepEntityReads(doc: Y.Doc): void {
  const reads = new WeakMap<object, EntityReads>();
  const lists = new WeakMap<object, readonly ListedEntity[]>();
  entityReads.set(doc, reads);
  entityLists.set(doc, lists);
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    // changedParentTypes holds every changed type and all its ancestors.
    for (const type of transaction.changedParentTypes.keys()) reads.delete(type);
    // `changed` holds each type whose own keys changed: a collection that gained or lost an entity, an entity
    // whose `order` moved it among its siblings.
    for (const [type, keys] of transaction.changed) {
      lists.delete(type);
      if (keys.has('order') && type.parent) lists.delete(type.parent);
    }
  });
}

// Within a transaction the doc may already differ from what was kept (the changes are dropped at its end).
function keptIn<T>(kept: WeakMap<Y.Doc, T>, doc: Y.Doc | null): T | undefined {
  return doc && doc._transaction === null ? kept.get(doc) : undefined;
}

function keptReadsOf(entity: Entity | EntityCollection): EntityReads | undefined {
  const reads = keptIn(entityReads, entity.doc);
  if (!reads) return undefined;
  let kept = reads.get(entity);
  if (!kept) {
    kept = { built: new Map() };
    reads.set(entity, kept);
  }
  return kept;
}

/** The plain props and texts of an entity (copies); variant props and nested collections are left out. */
export function readEntity(entity: Entity): Record<string, unknown> {
  const kept = keptReadsOf(entity);
  if (!kept) return readEntityProps(entity);
  kept.props ??= freezeDeep(readEntityProps(entity));
  return { ...kept.props };
}

/**
 * What `build` makes of an entity (its published shape, say). In a doc that keeps its reads, the result is
 * deep-frozen and handed out again, the same object, until the entity changes; `key` tells apart the shapes
 * built from one entity (a flow edge is read one way while it is its node's default, another way when not).
 */
export function readEntityAs<T>(entity: Entity, key: string, build: () => T): T {
  const kept = keptReadsOf(entity);
  if (!kept) return build();
  if (kept.built.has(key)) return kept.built.get(key) as T;
  const value = freezeDeep(build());
  kept.built.set(key, value);
  return value;
}

/**
 * In a doc that keeps its reads, an object that stays the same one until an entity of the collection is added,
 * removed or changed (null in a doc that does not): the key of what is derived from the collection and more.
 */
export function unchangedToken(collection: EntityCollection): object | null {
  const kept = keptReadsOf(collection);
  if (!kept) return null;
  kept.token ??= {};
  return kept.token;
}

function readEntityProps(entity: Entity): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [key, value] of entity.entries()) {
    if (value instanceof Y.Text) props[key] = value.toString();
    else if (!(value instanceof Y.AbstractType) && !key.includes(variantSeparator))
      props[key] = cloneJson(value);
  }
  return props;
}

export function readVariant(entity: Entity, type: string): Record<string, unknown> {
  const prefix = `${type}${variantSeparator}`;
  const props: Record<string, unknown> = {};
  for (const [key, value] of entity.entries()) {
    if (key.startsWith(prefix)) props[key.slice(prefix.length)] = cloneJson(value);
  }
  return props;
}

export interface ListedEntity {
  readonly id: string;
  readonly entity: Entity;
}

/**
 * Entities with their ids, in display order: by (order, id) when ordered, else by id. In a doc that keeps its
 * reads, the same frozen list is handed out again until an entity is added, removed or moved.
 */
export function listEntities(collection: EntityCollection): readonly ListedEntity[] {
  const lists = keptIn(entityLists, collection.doc);
  let listed = lists?.get(collection);
  if (!listed) {
    listed = sortEntities(collection);
    if (lists) lists.set(collection, Object.freeze(listed));
  }
  return listed;
}

function sortEntities(collection: EntityCollection): ListedEntity[] {
  return [...collection.entries()]
    .map(([id, entity]) => ({ id, entity, order: String(entity.get('order') ?? '') }))
    .sort(compareOrdered)
    .map(({ id, entity }) => ({ id, entity }));
}

/** Adds an entity with empty texts and an order key for `index`; `fill` writes the rest. */
export function insertEntity(
  collection: EntityCollection,
  input: NewEntity,
  options: { texts: readonly string[]; ordered: boolean },
): { id: string; entity: Entity } {
  const id = input.id ?? newEntityId();
  const entity: Entity = new Y.Map();
  const order = options.ordered ? (input.order ?? placeInCollection(collection, id, input.index)) : undefined;
  collection.set(id, entity);
  if (order !== undefined) entity.set('order', order);
  for (const key of options.texts) entity.set(key, new Y.Text());
  return { id, entity };
}

/** Moves an entity to `index` among its siblings. */
export function moveEntity(collection: EntityCollection, id: string, index: number): void {
  const entity = collection.get(id);
  if (!entity) return;
  entity.set('order', placeInCollection(collection, id, index));
}

// A sibling can lack its key for a while: a replica that receives a move out of order applies the deletion of
// the old key before the new key's insert arrives. Such siblings are left out until their key is back.
function placeInCollection(
  collection: EntityCollection,
  id: string,
  index = Number.POSITIVE_INFINITY,
): string {
  const siblings = [...collection.entries()]
    .map(([siblingId, entity]) => ({ id: siblingId, order: entity.get('order') }))
    .filter((sibling): sibling is Ordered => sibling.id !== id && isOrderKey(sibling.order))
    .sort(compareOrdered);
  const { order, rekeyed } = placeAt(siblings, index);
  for (const sibling of rekeyed) collection.get(sibling.id)?.set('order', sibling.order);
  return order;
}

/** Each entity as `{ id, ...props }`, in display order. */
export function readEntities(collection: EntityCollection): Record<string, unknown>[] {
  return listEntities(collection).map(({ id, entity }) => ({ id, ...readEntity(entity) }));
}
