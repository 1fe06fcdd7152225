import { describe, expect, it } from 'vitest';
import { emptyTable, type Table, type TableField } from './table.schema';
import { describeMigrationCheck, planTableMigration } from './table-migration';

const blank = { description: '', required: false, unique: false, order: 'a0' };
const text = (id: string, props: Partial<TableField> = {}) =>
  ({ ...blank, id, key: `k${id}`, name: `Field ${id}`, type: 'text', ...props }) as TableField;
const tableOf = (...fields: TableField[]): Table => ({ ...emptyTable(), fields });
const kinds = (from: Table | null, to: Table) => {
  const plan = planTableMigration(from, to);
  return { steps: plan.steps.map((step) => step.kind), checks: plan.checks.map((check) => check.kind) };
};

describe('table migration planner', () => {
  it('creates a table with its columns, constraints and indexes, checking nothing', () => {
    const link = {
      ...blank,
      id: 'l',
      key: 'customer',
      name: 'Customer',
      type: 'link',
      targetTableId: crypto.randomUUID(),
      cardinality: 'one',
    } as TableField;
    expect(kinds(null, tableOf(text('1', { required: true, unique: true }), link))).toEqual({
      steps: ['createTable', 'addColumn', 'setRequired', 'addUnique', 'addColumn', 'addIndex'],
      checks: [],
    });
  });

  it('checks rows for a new required field only without a default', () => {
    const before = tableOf(text('1'));
    expect(kinds(before, tableOf(text('1'), text('2', { required: true })))).toEqual({
      steps: ['addColumn', 'setRequired'],
      checks: ['missingValues'],
    });
    expect(
      kinds(before, tableOf(text('1'), text('2', { required: true, default: 'x' } as Partial<TableField>))),
    ).toEqual({
      steps: ['addColumn', 'setRequired'],
      checks: [],
    });
  });

  it('renames without DDL, drops softly, and rebuilds constraints around a type change', () => {
    expect(kinds(tableOf(text('1'), text('2')), tableOf(text('1', { key: 'renamed' })))).toEqual({
      steps: ['dropColumn', 'renameField'],
      checks: [],
    });
    const number = { ...text('1', { unique: true, required: true }), type: 'number' } as TableField;
    expect(kinds(tableOf(text('1', { unique: true, required: true })), tableOf(number))).toEqual({
      steps: ['dropUnique', 'dropRequired', 'changeType', 'setRequired', 'addUnique'],
      checks: ['castFailures', 'missingValues', 'duplicates'],
    });
  });

  it('checks stored values when options go, and says what to do', () => {
    const options = [
      { id: 'a', order: 'a0', label: 'A', value: 'a' },
      { id: 'b', order: 'a1', label: 'B', value: 'b' },
    ];
    const select = (kept: typeof options) => ({ ...text('1'), type: 'select', options: kept }) as TableField;
    const plan = planTableMigration(tableOf(select(options)), tableOf(select(options.slice(0, 1))));
    expect(plan.steps).toEqual([]);
    expect(plan.checks.map((check) => describeMigrationCheck(check, 4))).toEqual([
      '4 values of “Field 1” cannot become select with these options: fix them, or add a new field instead.',
    ]);
    expect(
      planTableMigration(tableOf(select(options)), tableOf(select([...options].reverse()))).checks,
    ).toEqual([]);
  });
});
