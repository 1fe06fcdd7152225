import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Ordered {
  id: string;
  order: string;
}

// Code-unit comparison, as fractional-indexing defines it (never localeCompare).
function compareText(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

/** A base-62 key fractional-indexing can place other keys around (it throws on most malformed ones). */
export function isOrderKey(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,1024}$/.test(value)) return false;
  try {
    generateKeyBetween(value, null);
    return true;
  } catch {
    return false;
  }
}

/** Order of entities: by key, then by id, so two replicas that inserted at one spot concurrently agree. */
export function compareOrdered(left: Ordered, right: Ordered): number {
  return compareText(left.order, right.order) || compareText(left.id, right.id);
}

/**
 * The key that places an entity at `index` among `siblings` (sorted by compareOrdered, without the entity).
 * Concurrent inserts at one spot leave equal keys; no key fits between two equal keys, so the siblings from
 * `index` that share the key get new ones after the placed entity (`rekeyed`), keeping their order.
 */
export function placeAt(siblings: readonly Ordered[], index: number): { order: string; rekeyed: Ordered[] } {
  const at = Math.max(0, Math.min(index, siblings.length));
  const before = siblings[at - 1]?.order ?? null;
  const after = siblings[at]?.order ?? null;
  if (before === null || before !== after) return { order: generateKeyBetween(before, after), rekeyed: [] };
  let end = at;
  while (siblings[end]?.order === before) end += 1;
  const upper = siblings[end]?.order ?? null;
  const order = generateKeyBetween(before, upper);
  const run = siblings.slice(at, end);
  const keys = generateNKeysBetween(order, upper, run.length);
  return {
    order,
    rekeyed: run.map((sibling, offset) => ({ id: sibling.id, order: keys[offset] as string })),
  };
}
