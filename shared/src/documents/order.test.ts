import { generateKeyBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { compareOrdered, isOrderKey, type Ordered, placeAt } from './order';

const sorted = (items: Ordered[]) => [...items].sort(compareOrdered);
// 'b:a1' is the item with id b and order key a1.
const items = (...entries: string[]) =>
  entries.map((entry) => {
    const [id = '', order = ''] = entry.split(':');
    return { id, order };
  });

describe('order keys', () => {
  it('sort by key with code-unit comparison, then by id', () => {
    expect(sorted(items('b:a1', 'a:a1', 'c:Zz', 'd:a0V')).map((item) => item.id)).toEqual([
      'c',
      'd',
      'a',
      'b',
    ]);
  });

  it('place an item at the start, the middle and the end', () => {
    const siblings = items('a:a0', 'b:a1');
    for (const [index, expected] of [
      [0, ['x', 'a', 'b']],
      [1, ['a', 'x', 'b']],
      [2, ['a', 'b', 'x']],
      [99, ['a', 'b', 'x']],
      [-5, ['x', 'a', 'b']],
    ] as const) {
      const { order, rekeyed } = placeAt(siblings, index);
      expect(rekeyed).toEqual([]);
      expect(sorted([...siblings, { id: 'x', order }]).map((item) => item.id)).toEqual(expected);
    }
  });

  it('place an item between two equal keys by giving the later ones new keys', () => {
    const siblings = items('a:a0', 'b:a1', 'c:a1', 'd:a1', 'e:a2');
    const { order, rekeyed } = placeAt(siblings, 2);
    const rekeyedIds = new Map(rekeyed.map((item) => [item.id, item.order]));
    expect([...rekeyedIds.keys()]).toEqual(['c', 'd']);
    const result = sorted([
      ...siblings.map((item) => ({ ...item, order: rekeyedIds.get(item.id) ?? item.order })),
      { id: 'x', order },
    ]);
    expect(result.map((item) => item.id)).toEqual(['a', 'b', 'x', 'c', 'd', 'e']);
  });

  it('tell keys fractional-indexing can use from malformed ones', () => {
    expect([generateKeyBetween(null, null), 'a1V', 'Zz'].every(isOrderKey)).toBe(true);
    expect(['', 'a', 'a10', 'a0 ', '!', 42, undefined].some(isOrderKey)).toBe(false);
  });
});
