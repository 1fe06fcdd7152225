import { z } from 'zod';
import { describeZodIssue } from '../issue-text';
import type { Option } from './common.schema';
import { isDeepFrozen } from './immutable';

// Cross-checks for superRefine; each reports at the path of the offending item so the console can point at it.

type Path = (string | number)[];

export function addIssue(ctx: z.RefinementCtx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', message, path });
}

/** Reports every item whose value of `key` repeats an earlier item's, at that item's path. */
export function checkUnique<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  path: (index: number) => Path,
  message: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = keyOf(item);
    if (value === undefined) return;
    if (seen.has(value)) addIssue(ctx, path(index), message);
    seen.add(value);
  });
}

/** Reports each item of `collection` whose `prop` repeats an earlier item's, at `[collection, index, prop]`. */
export function checkUniqueProp<T extends Record<Prop, string>, Prop extends string>(
  ctx: z.RefinementCtx,
  collection: string,
  items: readonly T[],
  prop: Prop,
  message: string,
): void {
  checkUnique(
    ctx,
    items,
    (item) => item[prop],
    (index) => [collection, index, prop],
    message,
  );
}

/** Reports repeated entity ids in a collection of the document. */
export function checkUniqueIds(
  ctx: z.RefinementCtx,
  collection: string,
  items: readonly { id: string }[],
): void {
  checkUniqueProp(ctx, collection, items, 'id', 'This id is used twice.');
}

/** Reports a lower bound above its upper bound (numbers, or ISO dates and times as instants) at `path`. */
export function checkRange(
  ctx: z.RefinementCtx,
  low: number | string | undefined,
  high: number | string | undefined,
  path: string,
): void {
  if (low === undefined || high === undefined) return;
  const lowValue = typeof low === 'string' ? Date.parse(low) : low;
  const highValue = typeof high === 'string' ? Date.parse(high) : high;
  if (lowValue > highValue) addIssue(ctx, [path], 'The minimum is above the maximum.');
}

/** Checks a choice field: option ids and values are unique, and defaults name existing options. */
export function checkOptions(
  field: { options: Option[]; default?: string | string[] },
  ctx: z.RefinementCtx,
): void {
  checkUniqueIds(ctx, 'options', field.options);
  checkUniqueProp(ctx, 'options', field.options, 'value', 'Another option has this value.');
  const ids = new Set(field.options.map((option) => option.id));
  const defaults = field.default === undefined ? [] : [field.default].flat();
  if (defaults.some((id) => !ids.has(id))) {
    addIssue(ctx, ['default'], 'The default is not one of the options.');
  }
}

/**
 * A collection of entities (an array of at most `max`), each parsed with `schema` once per deep-frozen entity: a
 * kept draft hands out an unchanged entity as the same frozen object on every read, so a publish validates only
 * what changed since the last one. The list is walked here rather than by `z.array` (whose per-item steps cost
 * more than the kept results save on a 500-node flow). Issues keep their paths and their sentences.
 */
export function entitiesParsedOnce<T>(schema: z.ZodType<T>, max: number) {
  const results = new WeakMap<object, z.ZodSafeParseResult<T>>();
  const parse = (value: unknown): z.ZodSafeParseResult<T> => {
    const kept = typeof value === 'object' && value !== null && isDeepFrozen(value);
    let result = kept ? results.get(value) : undefined;
    if (!result) {
      result = schema.safeParse(value, { error: describeZodIssue });
      if (kept) results.set(value, result);
    }
    return result;
  };
  const list = z.array(z.unknown()).max(max);
  return z.any().transform((value: unknown, ctx): T[] => {
    if (!Array.isArray(value) || value.length > max) {
      // Not a list, or too long: zod's own issue for it.
      for (const { message, path } of list.safeParse(value, { error: describeZodIssue }).error?.issues ?? [])
        ctx.addIssue({ code: 'custom', message, path: [...path] });
      return z.NEVER;
    }
    const items: T[] = [];
    let isValid = true;
    value.forEach((item, index) => {
      const result = parse(item);
      if (result.success) {
        items.push(result.data);
        return;
      }
      isValid = false;
      // A copy of each path, prefixed by the item's index: the kept result is reported again.
      for (const { message, path } of result.error.issues)
        ctx.addIssue({ code: 'custom', message, path: [index, ...path] });
    });
    return isValid ? items : z.NEVER;
  });
}
