import {
  AppError,
  type FieldDefinition,
  fieldSqlType,
  fieldValueSchema,
  isEmptyValue,
  type RecordValues,
  type Table,
  type TableField,
} from '@erp/shared';

// A record's values checked against the live table: known keys only, each value of its field's type, required
// fields filled (defaults fill what a new record leaves out). Problems name the field.

export interface ColumnValue {
  field: TableField;
  value: unknown;
}

function defaultOf(field: TableField, actorId: string | null): unknown {
  const value = 'default' in field ? field.default : undefined;
  if (value === undefined) return undefined;
  if (value === 'today') return new Date().toISOString().slice(0, 10);
  if (value === 'now') return new Date().toISOString();
  if (value === 'currentUser') return field.type === 'user' && field.multiple ? [actorId] : actorId;
  // Choice defaults name options by id; records hold the option's value.
  if (field.type === 'select') return field.options.find((option) => option.id === value)?.value;
  if (field.type === 'multiSelect')
    return [value]
      .flat()
      .flatMap((id) => field.options.filter((option) => option.id === id).map((option) => option.value));
  return value;
}

// Building a field's validator costs more than running it: an import checks every row with the same ones (a
// live table's field objects stay the same while it is read).
const validators = new WeakMap<TableField, ReturnType<typeof fieldValueSchema>>();
function validatorOf(field: TableField): ReturnType<typeof fieldValueSchema> {
  let validator = validators.get(field);
  if (!validator) {
    validator = fieldValueSchema(field as FieldDefinition);
    validators.set(field, validator);
  }
  return validator;
}

/**
 * The columns to write for `values`: on create every field (defaults for what is left out), on update only the
 * fields given. Throws 422 with `details.issues` at `['values', key]`.
 */
export function checkRecordValues(
  table: Table,
  values: RecordValues,
  options: { mode: 'create' | 'update'; actorId: string | null },
): ColumnValue[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const byKey = new Map(table.fields.map((field) => [field.key, field]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) issues.push({ path: ['values', key], message: 'This table has no such field.' });
  }
  const columns: ColumnValue[] = [];
  for (const field of table.fields) {
    const given = Object.hasOwn(values, field.key);
    if (!given && options.mode === 'update') continue;
    let value = given ? values[field.key] : defaultOf(field, options.actorId);
    if (isEmptyValue(value)) {
      if (field.required)
        issues.push({
          path: ['values', field.key],
          message: `${field.name.trim() || field.key} is required.`,
        });
      value = null;
    } else {
      const parsed = validatorOf(field).safeParse(value);
      if (!parsed.success) {
        issues.push({
          path: ['values', field.key],
          message: parsed.error.issues[0]?.message ?? 'This value is not valid.',
        });
        continue;
      }
      value = parsed.data;
    }
    columns.push({ field, value });
  }
  if (issues.length > 0) throw new AppError('validation_failed', 'Some values are not valid.', { issues });
  return columns;
}

/** The parameter placeholder of a column value, cast to its column's type. */
export function castParam(field: TableField, index: number): string {
  return `$${index}::${fieldSqlType(field as FieldDefinition)}`;
}
