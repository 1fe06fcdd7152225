import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { compileCondition, quoteCelString } from './compile';
import { type Comparison, type Condition, conditionSchema } from './condition.schema';
import { evaluateCondition } from './evaluate';
import { listConditionPaths, renameConditionRoot } from './paths';

const compare = (left: string, operator: Comparison['operator'], right?: unknown): Condition =>
  ({ type: 'comparison', left, operator, right }) as Condition;
const all = (...children: Condition[]): Condition => ({ type: 'group', op: 'and', children });
const any = (...children: Condition[]): Condition => ({ type: 'group', op: 'or', children });

function nest(depth: number): unknown {
  let node: unknown = compare('a', 'isEmpty');
  for (let level = 1; level < depth; level += 1) node = { type: 'group', op: 'and', children: [node] };
  return node;
}

describe('conditionSchema', () => {
  it('accepts nested groups of every operator shape', () => {
    const tree = all(
      compare('amount', 'gte', 100),
      any(compare('status', 'in', ['open', 'held']), compare('owner.name', 'isNotEmpty')),
      compare('tags', 'contains', 'urgent'),
    );
    expect(conditionSchema.parse(tree)).toEqual(tree);
  });

  it.each([
    ['an empty group', { type: 'group', op: 'and', children: [] }],
    ['a binary operator without a value', compare('a', 'eq')],
    ['in with a single value', compare('a', 'in', 'x')],
    ['gt with a boolean', compare('a', 'gt', true)],
    ['a path with an empty segment', compare('a..b', 'eq', 1)],
    ['a path starting with a digit', compare('1a', 'eq', 1)],
    ['a path with CEL syntax', compare('a || true', 'eq', 1)],
    ['a path with an index', compare('a["b"]', 'eq', 1)],
    ['a lone surrogate', compare('a', 'eq', '\ud800')],
    ['an infinite number', compare('a', 'eq', Number.POSITIVE_INFINITY)],
    ['an unknown operator', compare('a', 'like' as Comparison['operator'], 'x')],
  ])('refuses %s', (_name, value) => {
    expect(conditionSchema.safeParse(value).success).toBe(false);
  });

  it('limits depth to 8 and refuses deeper trees without deep recursion', () => {
    expect(conditionSchema.safeParse(nest(8)).success).toBe(true);
    expect(conditionSchema.safeParse(nest(9)).success).toBe(false);
    expect(conditionSchema.safeParse(nest(100_000)).success).toBe(false);
  });

  it('limits the number of conditions', () => {
    const wide = (count: number) => ({
      type: 'group',
      op: 'or',
      children: Array.from({ length: count }, () =>
        all(...Array.from({ length: 4 }, () => compare('a', 'eq', 1))),
      ),
    });
    // 1 + 5 per child group
    expect(conditionSchema.safeParse(wide(39)).success).toBe(true);
    expect(conditionSchema.safeParse(wide(40)).success).toBe(false);
  });

  it('lists the paths a condition reads', () => {
    expect(listConditionPaths(all(compare('a', 'eq', 1), any(compare('b.c', 'isEmpty'))))).toEqual([
      'a',
      'b.c',
    ]);
  });

  it('moves paths under a renamed key and leaves the others', () => {
    const tree = all(
      compare('amount', 'gt', 1),
      any(compare('amount.net', 'lt', 5), compare('amounts', 'isEmpty')),
    );
    expect(listConditionPaths(renameConditionRoot(tree, 'amount', 'total'))).toEqual([
      'total',
      'total.net',
      'amounts',
    ]);
  });
});

describe('quoteCelString', () => {
  it.each([
    'plain',
    'quote " and backslash \\ and \\"',
    '" || true || "',
    "single ' quote",
    'new\nline\ttab\r\0nul',
    'ümlaut, emoji 😀, separator \u2028, bidi \u202e',
    '{{y}} `z` $x',
  ])('round-trips %j through CEL', (value) => {
    expect(evaluate(quoteCelString(value))).toBe(value);
  });
});

describe('compileCondition', () => {
  it('reads paths through quoted keys, guarded by presence', () => {
    const cel = compileCondition(compare('order.total', 'gt', 5));
    expect(cel).toContain(
      '"order" in context && type(context["order"]) == map && "total" in context["order"]',
    );
    expect(cel).toContain('double(context["order"]["total"]) > 5.0');
  });

  it('refuses a tree that is not valid instead of compiling part of it', () => {
    expect(() => compileCondition(compare('a) || true || (b', 'eq', 1))).toThrow();
    expect(() => compileCondition({ type: 'group', op: 'or', children: [] })).toThrow();
  });

  it('keeps string values as data, whatever they contain', () => {
    const attempts = ['" || true || "', '") || true || ("', '\\" || true', 'x" == "x'];
    for (const attempt of attempts) {
      const condition = compare('name', 'eq', attempt);
      expect(evaluateCondition(condition, { name: 'someone' })).toBe(false);
      expect(evaluateCondition(condition, { name: attempt })).toBe(true);
    }
  });
});

describe('evaluateCondition', () => {
  const record = {
    name: 'Ada Lovelace',
    amount: 250,
    count: 3n,
    approved: true,
    due: '2024-05-01',
    tags: ['urgent', 'finance', 7],
    owner: { name: 'Grace', department: { code: 'FIN' } },
    blank: '',
    none: null,
    emptyList: [],
    emptyMap: {},
    in: 'reserved word as key',
  };

  it.each<[string, Condition, boolean]>([
    ['eq string', compare('name', 'eq', 'Ada Lovelace'), true],
    ['eq string, other value', compare('name', 'eq', 'Ada'), false],
    ['eq number against an int-looking double', compare('amount', 'eq', 250), true],
    ['eq number against a CEL int', compare('count', 'eq', 3), true],
    ['eq fraction', compare('amount', 'eq', 250.5), false],
    ['eq boolean', compare('approved', 'eq', true), true],
    ['eq across types never matches', compare('amount', 'eq', '250'), false],
    ['neq', compare('name', 'neq', 'Grace'), true],
    ['neq across types', compare('amount', 'neq', '250'), true],
    ['gt', compare('amount', 'gt', 100), true],
    ['gte boundary', compare('amount', 'gte', 250), true],
    ['lt with a CEL int', compare('count', 'lt', 3.5), true],
    ['lte', compare('amount', 'lte', 249.99), false],
    ['gt on ISO dates', compare('due', 'gt', '2024-04-30'), true],
    ['lt on ISO dates', compare('due', 'lt', '2024-04-30'), false],
    ['gt across types', compare('name', 'gt', 5), false],
    ['contains substring', compare('name', 'contains', 'Love'), true],
    ['contains list element', compare('tags', 'contains', 'finance'), true],
    ['contains numeric list element', compare('tags', 'contains', 7), true],
    ['contains is not substring of a list element', compare('tags', 'contains', 'urg'), false],
    ['in', compare('owner.department.code', 'in', ['HR', 'FIN']), true],
    ['in with numbers', compare('count', 'in', [1, 2, 3]), true],
    ['in an empty list', compare('name', 'in', []), false],
    ['notIn', compare('owner.department.code', 'notIn', ['HR']), true],
    ['notIn an empty list', compare('name', 'notIn', []), true],
    ['isEmpty on text', compare('blank', 'isEmpty'), true],
    ['isEmpty on null', compare('none', 'isEmpty'), true],
    ['isEmpty on an empty list', compare('emptyList', 'isEmpty'), true],
    ['isEmpty on an empty map', compare('emptyMap', 'isEmpty'), true],
    ['isEmpty on a value', compare('name', 'isEmpty'), false],
    ['isNotEmpty on a value', compare('tags', 'isNotEmpty'), true],
    ['isNotEmpty on zero-length text', compare('blank', 'isNotEmpty'), false],
    ['a reserved word as a key', compare('in', 'eq', 'reserved word as key'), true],
    ['and', all(compare('amount', 'gt', 100), compare('approved', 'eq', true)), true],
    ['and with one false', all(compare('amount', 'gt', 100), compare('approved', 'eq', false)), false],
    ['or', any(compare('amount', 'gt', 1000), compare('name', 'contains', 'Ada')), true],
    [
      'nested',
      any(
        all(compare('amount', 'gt', 1000), compare('approved', 'eq', true)),
        compare('owner.name', 'eq', 'Grace'),
      ),
      true,
    ],
  ])('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, record)).toBe(expected);
  });

  // A missing value never matches: not even `neq` or `notIn`, and not through an `or` with an error.
  it.each(['missing', 'name.first', 'tags.first', 'amount.value', 'owner.missing.code', 'none.x'])(
    'treats %s as missing: only isEmpty matches',
    (path) => {
      for (const operator of ['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte'] as const) {
        expect(evaluateCondition(compare(path, operator, 1), record)).toBe(false);
        expect(evaluateCondition(compare(path, operator, 'x'), record)).toBe(false);
      }
      expect(evaluateCondition(compare(path, 'in', [1, 'x']), record)).toBe(false);
      expect(evaluateCondition(compare(path, 'notIn', [1, 'x']), record)).toBe(false);
      expect(evaluateCondition(compare(path, 'isNotEmpty'), record)).toBe(false);
      expect(evaluateCondition(compare(path, 'isEmpty'), record)).toBe(true);
      expect(evaluateCondition(any(compare(path, 'eq', 1), compare('name', 'eq', 'nobody')), record)).toBe(
        false,
      );
    },
  );

  it('reads own properties only', () => {
    const inherited = Object.create({ role: 'admin' }) as Record<string, unknown>;
    expect(evaluateCondition(compare('role', 'eq', 'admin'), inherited)).toBe(false);
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(evaluateCondition(compare(key, 'isNotEmpty'), {})).toBe(false);
      expect(evaluateCondition(compare(`name.${key}`, 'isNotEmpty'), { name: 'x' })).toBe(false);
    }
  });
});
