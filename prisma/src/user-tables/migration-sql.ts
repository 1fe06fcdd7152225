import {
  type FieldDefinition,
  fieldSqlType,
  isListField,
  type TableField,
  type TableMigrationCheck,
  type TableMigrationStep,
} from '@erp/shared';
import { castColumn } from './casts';
import { columnIdent, indexIdent, qualifiedTable, quoteIdent } from './identifiers';

// SQL of a table migration's steps and checks. Identifiers come from ./identifiers only; values (defaults,
// option lists) travel as parameters.

export interface Statement {
  sql: string;
  params: unknown[];
}

const column = (field: TableField) => quoteIdent(columnIdent(field.id));
export const sqlTypeOf = (field: TableField) => fieldSqlType(field as FieldDefinition);
/** The condition of a row with no value in the field's column (`col`, or the column itself). */
export const isEmptyColumn = (field: TableField, col = column(field)) =>
  isListField(field as FieldDefinition) ? `(${col} IS NULL OR cardinality(${col}) = 0)` : `${col} IS NULL`;

/** The value rows without one get when a field becomes required: its default, resolved now. */
export function backfillValue(field: TableField, actorId: string): { expression: string; params: unknown[] } {
  const value = 'default' in field ? field.default : undefined;
  if (value === 'today') return { expression: 'current_date', params: [] };
  if (value === 'now') return { expression: 'now()', params: [] };
  if (value === 'currentUser')
    return {
      expression: field.type === 'user' && field.multiple ? 'ARRAY[$1::uuid]' : '$1::uuid',
      params: [actorId],
    };
  // Choice defaults name options by id; rows store the option's value.
  const optionValue = (id: unknown) =>
    'options' in field ? field.options.find((option) => option.id === id)?.value : undefined;
  const resolved =
    field.type === 'select'
      ? optionValue(value)
      : field.type === 'multiSelect'
        ? [value].flat().map(optionValue)
        : value;
  return { expression: `$1::${sqlTypeOf(field)}`, params: [resolved] };
}

export interface Retype {
  field: TableField;
  from: TableField;
  /** The field becomes required: `fill` with its default, or `refuse` rows without a value. */
  required: 'fill' | 'refuse' | null;
  unique: boolean;
  indexed: boolean;
}

/**
 * The new value of `col` (the old column, `NEW."…"` in the trigger) and the kind of refusal it meets, as SQL;
 * `params` collects option lists and defaults.
 */
export function retypeExpressions(retype: Retype, col: string, actorId: string, params: unknown[]) {
  const cast = castColumn(retype.from, retype.field, col, params);
  let whenEmpty = 'NULL';
  if (retype.required === 'fill') {
    const value = backfillValue(retype.field, actorId);
    whenEmpty = value.expression.replaceAll(/\$(\d+)/g, (_, n) => `$${params.length + Number(n)}`);
    params.push(...value.params);
  }
  const empty = isEmptyColumn(retype.from, col);
  const missing = retype.required === 'refuse' ? `'missingValues'` : 'NULL';
  return {
    value: `(CASE WHEN ${empty} THEN ${whenEmpty} WHEN ${cast.isValid} THEN ${cast.expression} END)`,
    refusal: `(CASE WHEN ${empty} THEN ${missing} WHEN NOT ${cast.isValid} THEN 'castFailures' END)`,
  };
}

/** The statements of one step on the table of `documentId`; `version` names soft-dropped columns. */
export function stepStatements(
  step: TableMigrationStep,
  context: { documentId: string; version: number; actorId: string },
): Statement[] {
  const table = qualifiedTable(context.documentId);
  const plain = (sql: string): Statement => ({ sql, params: [] });
  const index = (field: TableField, kind: 'u' | 'i') =>
    quoteIdent(indexIdent(context.documentId, field.id, kind));
  const indexRef = (field: TableField, kind: 'u' | 'i') => `${quoteIdent('user_data')}.${index(field, kind)}`;
  switch (step.kind) {
    case 'createTable':
      return [
        plain(
          `CREATE TABLE ${table} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), version integer NOT NULL DEFAULT 1, ` +
            'created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), ' +
            'created_by uuid, updated_by uuid, deleted_at timestamptz)',
        ),
        // Lists page by (created_at, id) unless sorted otherwise.
        plain(`CREATE INDEX ON ${table} (created_at, id)`),
      ];
    case 'addColumn':
      return [plain(`ALTER TABLE ${table} ADD COLUMN ${column(step.field)} ${sqlTypeOf(step.field)}`)];
    case 'renameField':
      return [];
    case 'dropColumn': {
      const dropped = quoteIdent(`${columnIdent(step.field.id)}_d${context.version}`);
      return [
        plain(`DROP INDEX IF EXISTS ${indexRef(step.field, 'u')}`),
        plain(`DROP INDEX IF EXISTS ${indexRef(step.field, 'i')}`),
        plain(`ALTER TABLE ${table} ALTER COLUMN ${column(step.field)} DROP NOT NULL`),
        plain(`ALTER TABLE ${table} RENAME COLUMN ${column(step.field)} TO ${dropped}`),
      ];
    }
    case 'changeType': {
      // A column of the new type beside the old one, which is then kept like a dropped column. Run as planned in
      // the publish transaction; a publish prepares it before (./retype.ts) and only swaps the names then.
      const shadow = quoteIdent(`${columnIdent(step.field.id)}_n`);
      const params: unknown[] = [];
      const retype = { field: step.field, from: step.from, required: null, unique: false, indexed: false };
      const { value } = retypeExpressions(retype, column(step.field), context.actorId, params);
      return [
        plain(`ALTER TABLE ${table} ADD COLUMN ${shadow} ${sqlTypeOf(step.field)}`),
        { sql: `UPDATE ${table} SET ${shadow} = ${value}`, params },
        plain(
          `ALTER TABLE ${table} RENAME COLUMN ${column(step.field)} TO ${quoteIdent(`${columnIdent(step.field.id)}_d${context.version}`)}`,
        ),
        plain(`ALTER TABLE ${table} RENAME COLUMN ${shadow} TO ${column(step.field)}`),
      ];
    }
    case 'setRequired': {
      const statements: Statement[] = [];
      if (step.backfill) {
        const value = backfillValue(step.field, context.actorId);
        statements.push({
          sql: `UPDATE ${table} SET ${column(step.field)} = ${value.expression} WHERE ${isEmptyColumn(step.field)}`,
          params: value.params,
        });
      }
      statements.push(plain(`ALTER TABLE ${table} ALTER COLUMN ${column(step.field)} SET NOT NULL`));
      return statements;
    }
    case 'dropRequired':
      return [plain(`ALTER TABLE ${table} ALTER COLUMN ${column(step.field)} DROP NOT NULL`)];
    case 'addUnique':
      // Unique among records that are not deleted; restoring a deleted duplicate is refused.
      return [
        plain(
          `CREATE UNIQUE INDEX ${index(step.field, 'u')} ON ${table} (${column(step.field)}) WHERE deleted_at IS NULL`,
        ),
      ];
    case 'dropUnique':
      return [plain(`DROP INDEX IF EXISTS ${indexRef(step.field, 'u')}`)];
    case 'addIndex': {
      const using = isListField(step.field as FieldDefinition) ? 'USING gin ' : '';
      return [plain(`CREATE INDEX ${index(step.field, 'i')} ON ${table} ${using}(${column(step.field)})`)];
    }
    case 'dropIndex':
      return [plain(`DROP INDEX IF EXISTS ${indexRef(step.field, 'i')}`)];
  }
}

/**
 * The query counting the rows a check finds (`total`) with the ids of the first few (`id`), for a table whose
 * columns are those of `existing` (a field new in this migration has no column yet: every row lacks it).
 */
export function checkQuery(check: TableMigrationCheck, documentId: string, existing: Set<string>): Statement {
  const table = qualifiedTable(documentId);
  const params: unknown[] = [];
  const select = (where: string) =>
    `SELECT id::text AS id, count(*) OVER ()::int AS total FROM ${table} WHERE ${where} ORDER BY created_at, id LIMIT 5`;
  const isNew = !existing.has(check.field.id);
  switch (check.kind) {
    case 'missingValues':
      return { sql: select(isNew ? 'true' : isEmptyColumn(check.field)), params };
    case 'castFailures': {
      const cast = castColumn(check.from, check.field, column(check.field), params);
      return { sql: select(`NOT ${isEmptyColumn(check.from)} AND NOT ${cast.isValid}`), params };
    }
    case 'duplicates': {
      // A new column filled with one default repeats it on every row, when there are two or more.
      if (isNew)
        return {
          sql: select(`deleted_at IS NULL AND (SELECT count(*) FROM ${table} WHERE deleted_at IS NULL) > 1`),
          params,
        };
      const col = column(check.field);
      return {
        sql: select(
          `deleted_at IS NULL AND ${col} IN (SELECT ${col} FROM ${table} WHERE deleted_at IS NULL AND ${col} IS NOT NULL GROUP BY ${col} HAVING count(*) > 1)`,
        ),
        params,
      };
    }
  }
}
