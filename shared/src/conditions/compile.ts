import { type Comparison, type Condition, conditionSchema } from './condition.schema';

// Compiled expressions read one variable holding the whole context, so a missing top-level key is a
// guarded lookup like any other instead of an "unknown variable" error.
export const conditionContextVariable = 'context';

type Scalar = string | number | boolean;

/**
 * Compiles a condition tree to a CEL expression over `context`. Semantics, chosen so that a missing value
 * never matches by accident: a path that is absent or null fails every comparison except `isEmpty`
 * (including `neq` and `notIn`); values of another type than the literal never match.
 */
export function compileCondition(condition: Condition): string {
  return compileNode(conditionSchema.parse(condition));
}

function compileNode(node: Condition): string {
  if (node.type === 'comparison') return compileComparison(node);
  const joiner = node.op === 'and' ? ' && ' : ' || ';
  return `(${node.children.map(compileNode).join(joiner)})`;
}

function compileComparison(comparison: Comparison): string {
  const value = accessPath(comparison.left.split('.'));
  const present = `(${presencePath(comparison.left)} && ${value} != null)`;
  switch (comparison.operator) {
    case 'isEmpty':
      return compileIsEmpty(present, value);
    case 'isNotEmpty':
      return `!${compileIsEmpty(present, value)}`;
    case 'eq':
      return `(${present} && ${compileEquals(value, comparison.right)})`;
    case 'neq':
      return `(${present} && !${compileEquals(value, comparison.right)})`;
    case 'in':
      return `(${present} && ${compileAny(value, comparison.right)})`;
    case 'notIn':
      return `(${present} && !${compileAny(value, comparison.right)})`;
    case 'contains':
      return `(${present} && ${compileContains(value, comparison.right)})`;
    case 'gt':
      return `(${present} && ${compileOrdering(value, '>', comparison.right)})`;
    case 'gte':
      return `(${present} && ${compileOrdering(value, '>=', comparison.right)})`;
    case 'lt':
      return `(${present} && ${compileOrdering(value, '<', comparison.right)})`;
    case 'lte':
      return `(${present} && ${compileOrdering(value, '<=', comparison.right)})`;
  }
}

function compileIsEmpty(present: string, value: string): string {
  return `(!${present} || (type(${value}) == string && ${value} == "") || ((type(${value}) == list || type(${value}) == map) && size(${value}) == 0))`;
}

// Type guards make every comparison total: CEL never errors here, so `||` cannot turn an error into a match.
function compileEquals(value: string, literal: Scalar): string {
  if (typeof literal === 'string') {
    return `(type(${value}) == string && ${value} == ${quoteCelString(literal)})`;
  }
  if (typeof literal === 'boolean') return `(type(${value}) == bool && ${value} == ${literal})`;
  return `(${isNumber(value)} && double(${value}) == ${formatNumber(literal)})`;
}

function compileAny(value: string, literals: Scalar[]): string {
  if (literals.length === 0) return 'false';
  return `(${literals.map((literal) => compileEquals(value, literal)).join(' || ')})`;
}

// A string contains a substring; a list contains an element equal to the literal.
function compileContains(value: string, literal: Scalar): string {
  const inList = `(type(${value}) == list && ${value}.exists(item, ${compileEquals('item', literal)}))`;
  if (typeof literal !== 'string') return inList;
  return `((type(${value}) == string && ${value}.contains(${quoteCelString(literal)})) || ${inList})`;
}

function compileOrdering(value: string, operator: string, literal: string | number): string {
  if (typeof literal === 'string') {
    return `(type(${value}) == string && ${value} ${operator} ${quoteCelString(literal)})`;
  }
  return `(${isNumber(value)} && double(${value}) ${operator} ${formatNumber(literal)})`;
}

function isNumber(value: string): string {
  return `(type(${value}) == int || type(${value}) == uint || type(${value}) == double)`;
}

// Index syntax with quoted keys, so no segment is ever read as CEL syntax (even `in` or `true`).
function accessPath(segments: string[]): string {
  return conditionContextVariable + segments.map((segment) => `[${quoteCelString(segment)}]`).join('');
}

// `"key" in x` tests map keys but means "substring" on strings, so every parent is checked to be a map.
function presencePath(path: string): string {
  const segments = path.split('.');
  return segments
    .map((segment, index) => {
      const parent = accessPath(segments.slice(0, index));
      const parentIsMap = index === 0 ? '' : `type(${parent}) == map && `;
      return `${parentIsMap}${quoteCelString(segment)} in ${parent}`;
    })
    .join(' && ');
}

/** A CEL string literal: everything outside printable ASCII, quotes and backslashes are escaped. */
export function quoteCelString(value: string): string {
  let quoted = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) quoted += char;
    else if (code <= 0xffff) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${quoted}"`;
}

// CEL reads `5` as an int; a double literal compares the same with ints and doubles.
function formatNumber(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
