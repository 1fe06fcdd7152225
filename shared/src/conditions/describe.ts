import type { Comparison, Condition } from './condition.schema';

const symbols = { eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/** A condition as people read it: `amount > 1000 and (region = "EU" or urgent = true)`. */
export function describeCondition(condition: Condition): string {
  return describeNode(condition, true);
}

function describeNode(node: Condition, isTop: boolean): string {
  if (node.type === 'comparison') return describeComparison(node);
  const text = node.children.map((child) => describeNode(child, false)).join(` ${node.op} `);
  return isTop || node.children.length === 1 ? text : `(${text})`;
}

function describeComparison(comparison: Comparison): string {
  const left = comparison.left;
  switch (comparison.operator) {
    case 'isEmpty':
      return `${left} is empty`;
    case 'isNotEmpty':
      return `${left} is not empty`;
    case 'in':
      return `${left} is one of ${describeList(comparison.right)}`;
    case 'notIn':
      return `${left} is none of ${describeList(comparison.right)}`;
    case 'contains':
      return `${left} contains ${describeValue(comparison.right)}`;
    default:
      return `${left} ${symbols[comparison.operator]} ${describeValue(comparison.right)}`;
  }
}

function describeList(values: (string | number | boolean)[]): string {
  return `[${values.map(describeValue).join(', ')}]`;
}

function describeValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
