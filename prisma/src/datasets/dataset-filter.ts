import type { Comparison, Condition, FieldDefinition, TableField } from '@erp/shared';
import { AppError, datasetPlaceholder, fieldSqlType, orderedFieldTypes, textFieldTypes } from '@erp/shared';
import { z } from 'zod';
import type { SqlParams } from '../sql-params';

// A dataset's filter as a SQL condition with the semantics of shared's conditions: a missing (null) value fails
// every comparison but isEmpty, `neq` and `notIn` included. Values travel as parameters cast to the column's type;
// a `{{name}}` value reads a request parameter (absent: an error, never "all rows"); on date columns a value such
// as `thisMonth` or `last30Days` is a period of the calendar (UTC) relative to `now`.

export interface ResolvedColumn {
  field: TableField;
  /** `a0."f_…"`, ready for SQL. */
  sql: string;
}

export interface FilterContext {
  resolve(path: string): ResolvedColumn;
  params: SqlParams;
  requestParams: Record<string, string>;
  now: Date;
  /** Periods of the calendar move this many of their own lengths (-1: the comparison's previous period). */
  shift: number;
  /** Hears each relative period the filter uses. */
  onPeriod?: (period: Period) => void;
}

type Scalar = string | number | boolean;

function refuse(message: string): never {
  throw new AppError('validation_failed', message, { issues: [{ path: ['filter'], message }] });
}

export interface Period {
  start: Date;
  end: Date;
  /** What the period before it is called, for a comparison ("last month", "previous 30 days"). */
  previous: string;
}

/**
 * A period of the calendar, such as `thisMonth`, as [start, end) dates, moved `shift` periods of its own
 * length (-1: the one before); undefined for any other text.
 */
export function relativePeriod(token: string, now: Date, shift = 0): Period | undefined {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
  const month = (offset: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + offset, 1));
  const quarter = (offset: number) =>
    new Date(Date.UTC(day.getUTCFullYear(), Math.floor(day.getUTCMonth() / 3) * 3 + offset * 3, 1));
  const year = (offset: number) => new Date(Date.UTC(day.getUTCFullYear() + offset, 0, 1));
  const monday = addDays(day, -((day.getUTCDay() + 6) % 7));
  const days = (from: Date, count: number, previous: string) => ({
    start: addDays(from, shift * count),
    end: addDays(from, (shift + 1) * count),
    previous,
  });
  const span = (bound: (offset: number) => Date, offset: number, previous: string) => ({
    start: bound(offset + shift),
    end: bound(offset + shift + 1),
    previous,
  });
  const periods: Record<string, () => Period> = {
    today: () => days(day, 1, 'yesterday'),
    yesterday: () => days(addDays(day, -1), 1, 'the day before'),
    thisWeek: () => days(monday, 7, 'last week'),
    lastWeek: () => days(addDays(monday, -7), 7, 'the week before'),
    thisMonth: () => span(month, 0, 'last month'),
    lastMonth: () => span(month, -1, 'the month before'),
    thisQuarter: () => span(quarter, 0, 'last quarter'),
    lastQuarter: () => span(quarter, -1, 'the quarter before'),
    thisYear: () => span(year, 0, 'last year'),
    lastYear: () => span(year, -1, 'the year before'),
  };
  if (Object.hasOwn(periods, token)) return periods[token]?.();
  const count = /^last([1-9][0-9]{0,3})Days$/.exec(token)?.[1];
  if (count) return days(addDays(day, 1 - Number(count)), Number(count), `the ${count} days before`);
  return undefined;
}

const elementTypeOf = (field: TableField) => fieldSqlType(field as FieldDefinition).replace(/\[\]$/, '');
const isList = (field: TableField) => fieldSqlType(field as FieldDefinition).endsWith('[]');

// A literal (or a parameter's text) as a value of the field's element type.
function coerce(field: TableField, path: string, raw: Scalar): unknown {
  const schemas: Partial<Record<TableField['type'], z.ZodType>> = {
    number: z.coerce.number().refine(Number.isFinite),
    decimal: z.coerce.number().refine(Number.isFinite),
    boolean: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]),
    date: z.iso.date(),
    dateTime: z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
    user: z.uuid(),
    link: z.uuid(),
    file: z.uuid(),
  };
  const parsed = (schemas[field.type] ?? z.coerce.string()).safeParse(raw);
  if (!parsed.success) refuse(`${String(raw).slice(0, 100)} is not a value of ${path} (${field.type}).`);
  return parsed.data;
}

function fill(raw: Scalar, ctx: FilterContext): Scalar {
  const name = typeof raw === 'string' ? datasetPlaceholder.exec(raw)?.[1] : undefined;
  if (name === undefined) return raw;
  const value = Object.hasOwn(ctx.requestParams, name) ? ctx.requestParams[name] : undefined;
  if (value === undefined) {
    throw new AppError('invalid_input', `This dataset needs the parameter ${name}.`, {
      issues: [{ path: [`param.${name}`], message: 'Send a value for this parameter.' }],
    });
  }
  return value;
}

const orderings: Partial<Record<Comparison['operator'], string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

const escapeLike = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

// A comparison with a relative period on a date or date-time column: the column against its bounds.
function comparePeriod(comparison: Comparison, column: ResolvedColumn, period: Period, ctx: FilterContext) {
  const type = column.field.type === 'date' ? 'date' : 'timestamptz';
  const bound = (date: Date) =>
    ctx.params.add(type === 'date' ? date.toISOString().slice(0, 10) : date.toISOString(), type);
  const col = column.sql;
  switch (comparison.operator) {
    case 'eq':
      return `(${col} >= ${bound(period.start)} AND ${col} < ${bound(period.end)})`;
    case 'neq':
      return `(${col} < ${bound(period.start)} OR ${col} >= ${bound(period.end)})`;
    case 'gt':
      return `${col} >= ${bound(period.end)}`;
    case 'gte':
      return `${col} >= ${bound(period.start)}`;
    case 'lt':
      return `${col} < ${bound(period.start)}`;
    case 'lte':
      return `${col} < ${bound(period.end)}`;
    default:
      return refuse(`${comparison.operator} does not take a period such as this month.`);
  }
}

function compileComparison(comparison: Comparison, ctx: FilterContext): string {
  const path = comparison.left;
  const column = ctx.resolve(path);
  const { field, sql: col } = column;
  const list = isList(field);
  const element = elementTypeOf(field);
  if (!('right' in comparison)) {
    const empty = list
      ? `(${col} IS NULL OR cardinality(${col}) = 0)`
      : textFieldTypes.has(field.type)
        ? `(${col} IS NULL OR ${col} = '')`
        : `${col} IS NULL`;
    return comparison.operator === 'isEmpty' ? empty : `NOT ${empty}`;
  }
  if (Array.isArray(comparison.right)) {
    const values = comparison.right.map((item) => coerce(field, path, fill(item, ctx)));
    const array = ctx.params.add(values, `${element}[]`);
    const any = list ? `${col} && ${array}` : `${col} = ANY(${array})`;
    return comparison.operator === 'in' ? any : `(${col} IS NOT NULL AND NOT (${any}))`;
  }
  const right = fill(comparison.right, ctx);
  const period =
    (field.type === 'date' || field.type === 'dateTime') && typeof right === 'string'
      ? relativePeriod(right, ctx.now, ctx.shift)
      : undefined;
  if (period) {
    ctx.onPeriod?.(period);
    return comparePeriod(comparison, column, period, ctx);
  }
  const value = () => ctx.params.add(coerce(field, path, right), element);
  switch (comparison.operator) {
    case 'eq':
      return list ? `${col} @> ARRAY[${value()}]` : `${col} = ${value()}`;
    case 'neq':
      return list
        ? `(${col} IS NOT NULL AND NOT ${col} @> ARRAY[${value()}])`
        : `(${col} IS NOT NULL AND ${col} <> ${value()})`;
    case 'contains':
      if (list) return `${col} @> ARRAY[${value()}]`;
      if (!textFieldTypes.has(field.type))
        return refuse(`contains works on text fields; ${path} is ${field.type}.`);
      return `${col} ILIKE ${ctx.params.add(escapeLike(String(right)), 'text')}`;
    default: {
      const operator = orderings[comparison.operator];
      if (list || !orderedFieldTypes.has(field.type) || !operator)
        return refuse(`${comparison.operator} does not work on ${path} (${field.type}).`);
      return `${col} ${operator} ${value()}`;
    }
  }
}

/** The filter as a SQL condition (the parse by the dataset schema already bounded its size and depth). */
export function compileFilter(condition: Condition, ctx: FilterContext): string {
  if (condition.type === 'comparison') return compileComparison(condition, ctx);
  const joiner = condition.op === 'and' ? ' AND ' : ' OR ';
  return `(${condition.children.map((child) => compileFilter(child, ctx)).join(joiner)})`;
}
