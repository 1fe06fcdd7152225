import type { Comparison, ComparisonOperator, Condition } from './condition.schema';
import { evaluateCondition } from './evaluate';
import { readFieldPath } from './paths';

export const operatorText = {
  eq: 'is',
  neq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  in: 'is one of',
  notIn: 'is none of',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
} as const satisfies Record<ComparisonOperator, string>;

// Descriptions are read on canvas edges and in diffs, where `amount > 1000` reads faster than words.
const operatorSymbols: Partial<Record<ComparisonOperator, string>> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** A condition as people read it: `amount > 1000 and (region = "EU" or vip = true)`. */
export function describeCondition(condition: Condition): string {
  if (condition.type === 'comparison') return describeComparison(condition);
  const parts = condition.children.map((child) =>
    child.type === 'group' && child.children.length > 1
      ? `(${describeCondition(child)})`
      : describeCondition(child),
  );
  return parts.join(condition.op === 'and' ? ' and ' : ' or ');
}

function describeComparison(comparison: Comparison): string {
  const head = `${comparison.left} ${operatorSymbols[comparison.operator] ?? operatorText[comparison.operator]}`;
  if (!('right' in comparison)) return head;
  const right = Array.isArray(comparison.right)
    ? comparison.right.map(formatValue).join(', ')
    : formatValue(comparison.right);
  return `${head} ${right}`;
}

function formatValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A condition's result with every part's result and the value each comparison read: "why" an edge was taken. */
export type ConditionExplanation =
  | { type: 'comparison'; text: string; actual: unknown; result: boolean }
  | { type: 'group'; op: 'and' | 'or'; children: ConditionExplanation[]; result: boolean };

export function explainCondition(condition: Condition, data: Record<string, unknown>): ConditionExplanation {
  if (condition.type === 'comparison') {
    return {
      type: 'comparison',
      text: describeComparison(condition),
      actual: readFieldPath(data, condition.left),
      result: evaluateCondition(condition, data),
    };
  }
  const children = condition.children.map((child) => explainCondition(child, data));
  const results = children.map((child) => child.result);
  const result = condition.op === 'and' ? results.every(Boolean) : results.some(Boolean);
  return { type: 'group', op: condition.op, children, result };
}
