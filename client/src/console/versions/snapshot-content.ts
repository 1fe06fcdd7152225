import { compareOrdered, type Ordered } from '@erp/shared/documents/order';

// A stored or draft snapshot read defensively: versions were valid when published, but a draft (or an old
// version under a newer schema) may not be, and a read-only view must still show what is there.

export type Snapshot = Record<string, unknown>;
export type Entity = Record<string, unknown> & { id: string };

/** The entities of one collection (`fields`, `nodes`…), in their stored order; anything without an id is skipped. */
export function readEntities(snapshot: Snapshot, key: string): Entity[] {
  const value = snapshot[key];
  if (!Array.isArray(value)) return [];
  const entities = value.filter(isEntity);
  // Ordered collections (fields, options) show in their order; others (nodes, edges) as stored.
  return entities.every(isOrdered) ? [...entities].sort(compareOrdered) : entities;
}

export function readText(entity: Record<string, unknown>, key: string): string {
  const value = entity[key];
  return typeof value === 'string' ? value : '';
}

/** What people call an entity: its label, name or key, or its type when it has none. */
export function entityName(entity: Record<string, unknown>): string {
  return (
    readText(entity, 'label') ||
    readText(entity, 'name') ||
    readText(entity, 'key') ||
    readText(entity, 'type') ||
    readText(entity, 'id')
  );
}

/** The name of the element with this id in any collection of the snapshot, if there is one. */
export function elementLabel(snapshot: Snapshot, entityId: string): string | undefined {
  for (const value of Object.values(snapshot)) {
    const entity = Array.isArray(value)
      ? value.find((item) => isEntity(item) && item.id === entityId)
      : undefined;
    if (entity) return entityName(entity);
  }
  return undefined;
}

function isEntity(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && typeof (value as Entity).id === 'string';
}

function isOrdered(entity: Entity): entity is Entity & Ordered {
  return typeof entity.order === 'string';
}
