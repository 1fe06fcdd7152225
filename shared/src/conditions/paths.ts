import type { Condition } from './condition.schema';

/** Every field path a condition reads, in tree order (with repeats). */
export function listConditionPaths(condition: Condition): string[] {
  if (condition.type === 'comparison') return [condition.left];
  return condition.children.flatMap(listConditionPaths);
}

/** The condition with paths under the top-level key `from` moved to `to` (a renamed field). */
export function renameConditionRoot(condition: Condition, from: string, to: string): Condition {
  if (condition.type === 'group') {
    return {
      ...condition,
      children: condition.children.map((child) => renameConditionRoot(child, from, to)),
    };
  }
  const [root, ...rest] = condition.left.split('.');
  return root === from ? { ...condition, left: [to, ...rest].join('.') } : condition;
}

/** The value at a dotted field path, reading own properties only (like the evaluator); undefined when absent. */
export function readFieldPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
