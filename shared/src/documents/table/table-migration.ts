import type { FieldDefinition } from '../../fields/field-settings';
import { fieldSqlType } from '../../fields/field-sql';
import type { Table, TableField } from './table.schema';

// The migration of a published table from the version its PostgreSQL table has to the next one: steps by
// stable field id (names and keys are labels; renaming a key changes no column) and the checks on existing rows
// that must find nothing before the steps run. Pure: @erp/prisma turns steps and checks into SQL.

export type TableMigrationStep =
  | { kind: 'createTable' }
  | { kind: 'addColumn'; field: TableField }
  | { kind: 'renameField'; field: TableField; fromKey: string }
  // Soft: the column is kept under another name until an admin purges it.
  | { kind: 'dropColumn'; field: TableField }
  | { kind: 'changeType'; field: TableField; from: TableField }
  // Rows without a value get the field's default before the column becomes NOT NULL.
  | { kind: 'setRequired'; field: TableField; backfill: boolean }
  | { kind: 'dropRequired'; field: TableField }
  | { kind: 'addUnique'; field: TableField }
  | { kind: 'dropUnique'; field: TableField }
  | { kind: 'addIndex'; field: TableField }
  | { kind: 'dropIndex'; field: TableField };

/** What must hold for the existing rows; each check counts the rows that break it (publish refuses > 0). */
export type TableMigrationCheck =
  // A new required field (or one made required) without a default: rows with no value.
  | { kind: 'missingValues'; field: TableField }
  // A type change or removed options: values the new type cannot hold.
  | { kind: 'castFailures'; field: TableField; from: TableField }
  // A new unique constraint: values held by more than one row.
  | { kind: 'duplicates'; field: TableField };

export interface TableMigrationPlan {
  steps: TableMigrationStep[];
  checks: TableMigrationCheck[];
}

// Columns with an index of their own besides unique ones: the fields lists filter on most (a record's links,
// people, categories).
export function isIndexedField(field: TableField): boolean {
  return field.type === 'link' || field.type === 'user' || field.type === 'select';
}

/** Whether a type change (or new options) needs checking the stored values at all. */
function needsCast(from: TableField, to: TableField): boolean {
  if (from.type !== to.type) return true;
  if (fieldSqlType(from as FieldDefinition) !== fieldSqlType(to as FieldDefinition)) return true;
  if (to.type === 'link' && from.type === 'link') return from.targetTableId !== to.targetTableId;
  if ((to.type === 'select' || to.type === 'multiSelect') && 'options' in from) {
    const kept = new Set(to.options.map((option) => option.value));
    return from.options.some((option) => !kept.has(option.value));
  }
  return false;
}

const hasDefault = (field: TableField) => 'default' in field && field.default !== undefined;

/** The migration from `from` (null: no PostgreSQL table yet) to `to`. */
export function planTableMigration(from: Table | null, to: Table): TableMigrationPlan {
  const steps: TableMigrationStep[] = [];
  const checks: TableMigrationCheck[] = [];
  if (!from) steps.push({ kind: 'createTable' });
  const before = new Map((from?.fields ?? []).map((field) => [field.id, field]));
  const after = new Set(to.fields.map((field) => field.id));
  for (const field of from?.fields ?? []) {
    if (!after.has(field.id)) steps.push({ kind: 'dropColumn', field });
  }
  for (const field of to.fields) {
    const old = before.get(field.id);
    if (!old) {
      steps.push({ kind: 'addColumn', field });
      if (field.required) {
        steps.push({ kind: 'setRequired', field, backfill: hasDefault(field) });
        if (!hasDefault(field) && from) checks.push({ kind: 'missingValues', field });
      }
      if (field.unique) steps.push({ kind: 'addUnique', field });
      if (isIndexedField(field)) steps.push({ kind: 'addIndex', field });
      continue;
    }
    if (old.key !== field.key) steps.push({ kind: 'renameField', field, fromKey: old.key });
    const typeChanged = needsCast(old, field);
    const sqlChanged = fieldSqlType(old as FieldDefinition) !== fieldSqlType(field as FieldDefinition);
    // Indexes and constraints on a column whose type changes are rebuilt around the change.
    if (old.unique && (!field.unique || sqlChanged)) steps.push({ kind: 'dropUnique', field: old });
    if (isIndexedField(old) && (!isIndexedField(field) || sqlChanged))
      steps.push({ kind: 'dropIndex', field: old });
    if (old.required && (!field.required || sqlChanged)) steps.push({ kind: 'dropRequired', field });
    if (typeChanged) {
      checks.push({ kind: 'castFailures', field, from: old });
      if (sqlChanged) steps.push({ kind: 'changeType', field, from: old });
    }
    if (field.required && (!old.required || sqlChanged)) {
      steps.push({ kind: 'setRequired', field, backfill: hasDefault(field) });
      if (!hasDefault(field)) checks.push({ kind: 'missingValues', field });
    }
    if (field.unique && (!old.unique || sqlChanged)) {
      steps.push({ kind: 'addUnique', field });
      checks.push({ kind: 'duplicates', field });
    }
    if (isIndexedField(field) && (!isIndexedField(old) || sqlChanged))
      steps.push({ kind: 'addIndex', field });
  }
  return { steps, checks };
}

const nameOf = (field: TableField) => `“${field.name.trim() || field.key}”`;

/** A step in words, for the publish preview. */
export function describeMigrationStep(step: TableMigrationStep): string {
  switch (step.kind) {
    case 'createTable':
      return 'Create the table.';
    case 'addColumn':
      return `Add the field ${nameOf(step.field)} (${step.field.type}).`;
    case 'renameField':
      return `Rename the key ${step.fromKey} to ${step.field.key} (the column stays).`;
    case 'dropColumn':
      return `Remove the field ${nameOf(step.field)}; its column is kept until an admin purges it.`;
    case 'changeType':
      return `Change ${nameOf(step.field)} from ${step.from.type} to ${step.field.type}.`;
    case 'setRequired':
      return step.backfill
        ? `Make ${nameOf(step.field)} required, filling rows without a value with its default.`
        : `Make ${nameOf(step.field)} required.`;
    case 'dropRequired':
      return `Make ${nameOf(step.field)} optional.`;
    case 'addUnique':
      return `Make ${nameOf(step.field)} unique.`;
    case 'dropUnique':
      return `Let ${nameOf(step.field)} repeat.`;
    case 'addIndex':
      return `Index ${nameOf(step.field)}.`;
    case 'dropIndex':
      return `Drop the index of ${nameOf(step.field)}.`;
  }
}

const rows = (count: number) => (count === 1 ? '1 row' : `${count} rows`);

/** What a failed check means and how to resolve it, with the number of rows it found. */
export function describeMigrationCheck(check: TableMigrationCheck, count: number): string {
  switch (check.kind) {
    case 'missingValues':
      return `${rows(count)} have no value for the required field ${nameOf(check.field)}: give it a default, or fill them in first.`;
    case 'castFailures':
      return `${count === 1 ? '1 value' : `${count} values`} of ${nameOf(check.field)} cannot become ${check.field.type}${check.field.type === check.from.type ? ' with these options' : ''}: fix them, or add a new field instead.`;
    case 'duplicates':
      return `${rows(count)} share a value of ${nameOf(check.field)}, which must be unique: make them differ first.`;
  }
}
