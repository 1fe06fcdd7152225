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
