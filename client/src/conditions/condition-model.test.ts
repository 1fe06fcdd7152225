import type { Condition } from '@erp/shared/conditions';
import { conditionSchema } from '@erp/shared/conditions';
import { describe, expect, it } from 'vitest';
import {
  addChild,
  asGroup,
  type ConditionField,
  changeOperator,
  conditionFieldsOf,
  newComparison,
  operatorsByType,
  removeAt,
  updateAt,
} from './condition-model';

const amount: ConditionField = { key: 'amount', label: 'Amount', type: 'number' };
const region: ConditionField = {
  key: 'region',
  label: 'Region',
  type: 'choice',
  options: [
    { value: 'eu', label: 'Europe' },
    { value: 'us', label: 'Americas' },
  ],
};
const tree: Condition = {
  type: 'group',
  op: 'and',
  children: [
    { type: 'comparison', left: 'amount', operator: 'gt', right: 1000 },
    {
      type: 'group',
      op: 'or',
      children: [
        { type: 'comparison', left: 'region', operator: 'eq', right: 'eu' },
        { type: 'comparison', left: 'vip', operator: 'eq', right: true },
      ],
    },
  ],
};

describe('condition model', () => {
  it('starts every new comparison valid for each operator of each field type', () => {
    const fields: ConditionField[] = [
      amount,
      region,
      { key: 'name', label: 'Name', type: 'text' },
      { key: 'due', label: 'Due', type: 'date' },
      { key: 'vip', label: 'VIP', type: 'boolean' },
      { key: 'tags', label: 'Tags', type: 'list' },
    ];
    for (const field of fields) {
      for (const operator of operatorsByType[field.type]) {
        const comparison = newComparison(field, operator);
        expect(conditionSchema.safeParse(comparison).success, `${field.type} ${operator}`).toBe(true);
        expect(comparison.left).toBe(field.key);
      }
    }
    expect(newComparison(region)).toEqual({
      type: 'comparison',
      left: 'region',
      operator: 'eq',
      right: 'eu',
    });
  });

  it('keeps the value when the new operator takes the same kind of value', () => {
    const eu = { type: 'comparison', left: 'region', operator: 'eq', right: 'eu' } as const;
    expect(changeOperator(eu, 'neq', region)).toEqual({ ...eu, operator: 'neq' });
    expect(changeOperator(eu, 'in', region)).toEqual({
      type: 'comparison',
      left: 'region',
      operator: 'in',
      right: [],
    });
    expect(changeOperator(eu, 'isEmpty', region)).toEqual({
      type: 'comparison',
      left: 'region',
      operator: 'isEmpty',
    });
  });

  it('edits, adds and removes by path, dropping groups left empty', () => {
    const edited = updateAt(tree, [1, 0], (node) => ({ ...node, right: 'us' }) as Condition);
    expect(edited).toMatchObject({ children: [{}, { children: [{ right: 'us' }, {}] }] });
    expect(tree).toMatchObject({ children: [{}, { children: [{ right: 'eu' }, {}] }] });
    const added = addChild(tree, [1], newComparison(amount));
    expect(added).toMatchObject({ children: [{}, { children: [{}, {}, { left: 'amount' }] }] });
    const once = removeAt(tree, [1, 0]);
    const twice = once && removeAt(once, [1, 0]);
    expect(twice).toEqual({ type: 'group', op: 'and', children: [tree.children[0]] });
    expect(twice && removeAt(twice, [0])).toBeUndefined();
  });

  it('wraps a lone comparison in a group so another can be added beside it', () => {
    const lone = newComparison(amount);
    expect(asGroup(lone)).toEqual({ type: 'group', op: 'and', children: [lone] });
    expect(asGroup(tree)).toBe(tree);
  });

  it('offers the comparable fields of task forms with their types and option values', () => {
    expect(
      conditionFieldsOf([
        { key: 'amount', label: 'Amount', type: 'decimal' },
        { key: 'file', label: 'Receipt', type: 'file' },
        { key: 'region', label: '', type: 'select', options: [{ value: 'eu', label: 'Europe' }] },
        { key: 'section', label: 'Details', type: 'section' },
      ]),
    ).toEqual([
      { key: 'amount', label: 'Amount', type: 'number' },
      { key: 'region', label: 'region', type: 'choice', options: [{ value: 'eu', label: 'Europe' }] },
    ]);
  });
});
