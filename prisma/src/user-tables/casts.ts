import { type FieldDefinition, fieldSqlType, type TableField } from '@erp/shared';

// How a column's values become another field type's: the SQL expression of the new value and the condition a
// stored (non-null) value must meet to make it without loss. Anything without a cast can only change while the
// column holds no values. Option values are parameters (`$n`), never spliced into SQL.

export interface Cast {
  /** The new value, from the column `col`. */
  expression: string;
  /** True for a value that converts without loss (evaluated only for non-null values). */
  isValid: string;
}

const sqlTypeOf = (field: TableField) => fieldSqlType(field as FieldDefinition);
const isText = (sql: string) => sql === 'text';
const isNumeric = (sql: string) => sql === 'double precision' || sql.startsWith('numeric');
const scaleOf = (sql: string) => Number(/numeric\(38, (\d+)\)/.exec(sql)?.[1] ?? 0);

function convert(from: string, to: string, col: string): Cast | null {
  const valid = (type: string) => `pg_input_is_valid(btrim(${col}), '${type}')`;
  if (from === to && !to.startsWith('numeric')) return { expression: col, isValid: 'true' };
  if (to.startsWith('numeric')) {
    const scale = scaleOf(to);
    // Rounding loses digits: refused like any other loss.
    if (isNumeric(from))
      return {
        expression: `${col}::${to}`,
        isValid: `(${col}::numeric = round(${col}::numeric, ${scale}) AND abs(${col}::numeric) < 1e${38 - scale})`,
      };
    if (isText(from))
      return {
        expression: `btrim(${col})::${to}`,
        isValid: `(CASE WHEN ${valid('numeric')} THEN btrim(${col})::numeric = round(btrim(${col})::numeric, ${scale}) AND abs(btrim(${col})::numeric) < 1e${38 - scale} ELSE false END)`,
      };
    if (from === 'boolean')
      return { expression: `(CASE WHEN ${col} THEN 1 ELSE 0 END)::${to}`, isValid: 'true' };
    return null;
  }
  if (isText(to) && !from.endsWith('[]')) return { expression: `${col}::text`, isValid: 'true' };
  if (isText(from) && ['double precision', 'date', 'timestamptz', 'uuid'].includes(to))
    return { expression: `btrim(${col})::${to}`, isValid: valid(to) };
  if (to === 'double precision' && isNumeric(from))
    return { expression: `${col}::double precision`, isValid: 'true' };
  if (to === 'double precision' && from === 'boolean')
    return { expression: `(CASE WHEN ${col} THEN 1 ELSE 0 END)::double precision`, isValid: 'true' };
  if (to === 'boolean' && isText(from))
    return {
      expression: `lower(btrim(${col})) IN ('true', 'yes', '1')`,
      isValid: `lower(btrim(${col})) IN ('true', 'false', 'yes', 'no', '1', '0')`,
    };
  if (to === 'boolean' && isNumeric(from)) return { expression: `${col} <> 0`, isValid: `${col} IN (0, 1)` };
  if (from === 'date' && to === 'timestamptz')
    return { expression: `(${col}::timestamp AT TIME ZONE 'UTC')`, isValid: 'true' };
  if (from === 'timestamptz' && to === 'date')
    return {
      expression: `(${col} AT TIME ZONE 'UTC')::date`,
      isValid: `(${col} AT TIME ZONE 'UTC')::time = '00:00'`,
    };
  if (to === `${from}[]`) return { expression: `ARRAY[${col}]`, isValid: 'true' };
  if (from === `${to}[]`) return { expression: `${col}[1]`, isValid: `cardinality(${col}) <= 1` };
  return null;
}

// What a value of the new field must be beyond its SQL type (`value` is the converted expression).
function meaning(to: TableField, from: TableField, value: string, params: unknown[]): string {
  switch (to.type) {
    case 'email':
      return `${value} ~ '^[^@[:space:]]+@[^@[:space:]]+$'`;
    case 'url':
      return `${value} ~ '^https?://'`;
    case 'phone':
      return `${value} ~ '^\\+?[0-9 ()./-]{3,32}$'`;
    case 'select':
      params.push(to.options.map((option) => option.value));
      return `${value} = ANY($${params.length}::text[])`;
    case 'multiSelect':
      params.push(to.options.map((option) => option.value));
      return `${value} <@ $${params.length}::text[]`;
    case 'link':
      // Records of another table are not records of this one.
      return from.type === 'link' && from.targetTableId === to.targetTableId ? 'true' : 'false';
    default:
      return 'true';
  }
}

/**
 * The cast of column `col` from field `from` to field `to`, with its validity condition; `params` collects the
 * values the condition refers to.
 */
export function castColumn(from: TableField, to: TableField, col: string, params: unknown[]): Cast {
  const cast = convert(sqlTypeOf(from), sqlTypeOf(to), col);
  if (!cast) return { expression: `NULL::${sqlTypeOf(to)}`, isValid: 'false' };
  const meant = meaning(to, from, cast.expression, params);
  return { expression: cast.expression, isValid: `(CASE WHEN ${cast.isValid} THEN ${meant} ELSE false END)` };
}
