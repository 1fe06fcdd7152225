import {
  type AggregateFunction,
  AppError,
  type Dataset,
  type DatasetAggregate,
  type DatasetColumn,
  type DatasetGrouping,
  type FieldDefinition,
  fieldSqlType,
  mainAlias,
  orderedFieldTypes,
  type TableField,
} from '@erp/shared';
import { SqlParams } from '../sql-params';
import { columnIdent, quoteIdent } from '../user-tables/identifiers';
import { compileFilter, type Period, type ResolvedColumn } from './dataset-filter';
import { type LoadedSource, sourceRelation, type Viewer } from './dataset-sources';

// A dataset compiles here, and only here, to one parameterised SQL query over the live tables and the work data
// (dataset-sources.ts): table and column names come from generated identifiers (never from what a developer
// typed), aliases are `a0`, `a1`, … and output columns `c0`, `c1`, …; every value is a parameter. Columns a
// later table version dropped are reported with their paths (422), never left to fail in PostgreSQL.

export interface DatasetSource extends LoadedSource {
  alias: string;
  /** The SQL alias, `a0` for the main source. */
  sql: string;
  /** How a joined source is reached: the link it follows from an earlier source. */
  via?: { link: string; isMany: boolean; type: 'left' | 'inner' };
}

interface Issue {
  path: (string | number)[];
  message: string;
}

const stale = (issues: Issue[]) =>
  new AppError('validation_failed', 'This dataset reads what the published tables no longer have.', {
    issues,
  });

/**
 * The sources a dataset reads, by alias: the main source and, along relation fields, each join's target (a join
 * may start from an earlier one). `load` answers null for a table or form that is not published.
 */
export async function resolveSources(
  dataset: Dataset,
  load: (sourceId: string) => Promise<LoadedSource | null>,
): Promise<DatasetSource[]> {
  if (dataset.tableId === null)
    throw new AppError('validation_failed', 'Choose the main table of this dataset.', {
      issues: [{ path: ['tableId'], message: 'Choose a table.' }],
    });
  const main = await load(dataset.tableId);
  if (!main) throw stale([{ path: ['tableId'], message: 'This table is not published.' }]);
  const sources: DatasetSource[] = [{ ...main, alias: mainAlias, sql: 'a0' }];
  const byJoin = new Map<string, DatasetSource>();
  const issues: Issue[] = [];
  // Joins may list a later join as their start: resolve in passes until nothing moves.
  let pending = [...dataset.joins];
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    for (const join of pending) {
      const from = join.fromJoinId === undefined ? sources[0] : byJoin.get(join.fromJoinId);
      if (!from) continue;
      progress = true;
      pending = pending.filter((other) => other !== join);
      const relation = from.table.fields.find((field) => field.id === join.relationFieldId);
      const target = relation?.type === 'link' ? await load(relation.targetTableId) : null;
      if (relation?.type !== 'link' || !target) {
        issues.push({
          path: ['joins', join.id, 'relationFieldId'],
          message: 'No published relation field has this id.',
        });
        continue;
      }
      const source: DatasetSource = {
        ...target,
        alias: join.alias,
        sql: `a${sources.length}`,
        via: {
          link: `${from.sql}.${quoteIdent(columnIdent(relation.id))}`,
          isMany: relation.cardinality === 'many',
          type: join.type,
        },
      };
      sources.push(source);
      byJoin.set(join.id, source);
    }
  }
  for (const join of pending)
    issues.push({
      path: ['joins', join.id, 'fromJoinId'],
      message: 'This join starts from a join that is not there.',
    });
  if (issues.length > 0) throw stale(issues);
  return sources;
}

type ValueType = DatasetColumn['type'];

const sqlTypeOf = (field: TableField) => fieldSqlType(field as FieldDefinition);
const numericTypes = new Set(['number', 'decimal']);
const percentiles: Partial<Record<AggregateFunction, number>> = {
  median: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
};

function valueTypeOf(field: TableField): ValueType {
  if (sqlTypeOf(field).endsWith('[]')) return 'list';
  if (numericTypes.has(field.type)) return 'number';
  if (field.type === 'boolean' || field.type === 'date' || field.type === 'dateTime') return field.type;
  return 'text';
}

// How a raw value of each type leaves PostgreSQL: numbers as doubles (counts and decimals included), dates and
// date-times as ISO text in UTC, uuids and lists as text.
function present(expression: string, type: ValueType): string {
  switch (type) {
    case 'number':
      return `${expression}::float8`;
    case 'date':
      return `to_char(${expression}, 'YYYY-MM-DD')`;
    case 'dateTime':
      return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'list':
      return `${expression}::text[]`;
    case 'boolean':
      return expression;
    case 'text':
      return `${expression}::text`;
  }
}

interface Output {
  column: DatasetColumn;
  /** The raw expression inside the grouped query. */
  raw: string;
}

const labelsOf = (field: TableField) =>
  field.type === 'select' || field.type === 'multiSelect'
    ? Object.fromEntries(field.options.map((option) => [option.value, option.label]))
    : null;

function groupingOutput(grouping: DatasetGrouping, column: ResolvedColumn, issues: Issue[]): Output {
  const type = valueTypeOf(column.field);
  const base = {
    id: grouping.id,
    alias: grouping.alias,
    role: 'grouping' as const,
    field: grouping.field,
    fn: null,
    optionLabels: labelsOf(column.field),
  };
  if (!grouping.bucket) return { column: { ...base, type, bucket: null }, raw: column.sql };
  if (type !== 'date' && type !== 'dateTime')
    issues.push({
      path: ['groupings', grouping.id, 'bucket'],
      message: `${grouping.field} is not a date; group it without a period.`,
    });
  const local = type === 'dateTime' ? `(${column.sql} AT TIME ZONE 'UTC')` : column.sql;
  return {
    column: { ...base, type: 'date', bucket: grouping.bucket },
    raw: `date_trunc('${grouping.bucket}', ${local})::date`,
  };
}

function aggregateOutput(
  aggregate: DatasetAggregate,
  column: ResolvedColumn | null,
  issues: Issue[],
): Output {
  const base = {
    id: aggregate.id,
    alias: aggregate.alias,
    role: 'aggregate' as const,
    field: aggregate.field ?? null,
    fn: aggregate.fn,
    bucket: null,
    optionLabels: null,
  };
  if (!column) return { column: { ...base, type: 'number' }, raw: 'count(*)' };
  const type = valueTypeOf(column.field);
  const col = column.sql;
  const refuse = (message: string): Output => {
    issues.push({ path: ['aggregates', aggregate.id, 'fn'], message });
    return { column: { ...base, type: 'number' }, raw: 'NULL' };
  };
  const fieldType = column.field.type;
  switch (aggregate.fn) {
    case 'count':
      return { column: { ...base, type: 'number' }, raw: `count(${col})` };
    case 'distinctCount':
      return { column: { ...base, type: 'number' }, raw: `count(DISTINCT ${col})` };
    case 'sum':
    case 'avg':
      if (!numericTypes.has(fieldType))
        return refuse(`${aggregate.fn} needs a number; ${aggregate.field} is ${fieldType}.`);
      return { column: { ...base, type: 'number' }, raw: `${aggregate.fn}(${col})` };
    case 'min':
    case 'max':
      if (!orderedFieldTypes.has(fieldType))
        return refuse(`${aggregate.fn} needs values in an order; ${aggregate.field} is ${fieldType}.`);
      return {
        column: { ...base, type, optionLabels: labelsOf(column.field) },
        raw: `${aggregate.fn}(${col})`,
      };
    default: {
      const fraction = percentiles[aggregate.fn];
      if (numericTypes.has(fieldType))
        return {
          column: { ...base, type: 'number' },
          raw: `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${col})`,
        };
      if (type === 'date' || type === 'dateTime')
        return {
          column: { ...base, type },
          raw: `percentile_disc(${fraction}) WITHIN GROUP (ORDER BY ${col})`,
        };
      return refuse(`Percentiles need numbers or dates; ${aggregate.field} is ${fieldType}.`);
    }
  }
}

export interface CompiledDataset {
  sql: string;
  values: unknown[];
  columns: DatasetColumn[];
  /** The relative periods the filter reads (what a comparison moves back). */
  periods: Period[];
  /** Rows the query returns at most; one more than `rowCap` means the result was cut. */
  limit: number;
  isCapped: boolean;
}

export interface CompileOptions {
  requestParams: Record<string, string>;
  now: Date;
  rowCap: number;
  viewer: Viewer;
  /** -1: the filter's relative periods moved back one period (a number's comparison). */
  shift?: number;
}

/** The dataset (valid against its schema) as one query over `sources` (from resolveSources). */
export function compileDataset(
  dataset: Dataset,
  sources: DatasetSource[],
  options: CompileOptions,
): CompiledDataset {
  const issues: Issue[] = [];
  const params = new SqlParams();
  const resolve = (path: string, at: (string | number)[]): ResolvedColumn | null => {
    const [alias, key] = path.split('.');
    const source = sources.find((candidate) => candidate.alias === alias);
    const field = source?.table.fields.find((candidate) => candidate.key === key);
    if (!source || !field) {
      issues.push({ path: at, message: `${path} is not a column of the published tables.` });
      return null;
    }
    return { field, sql: `${source.sql}.${quoteIdent(columnIdent(field.id))}` };
  };
  const outputs = [
    ...dataset.groupings.map((grouping) => {
      const column = resolve(grouping.field, ['groupings', grouping.id, 'field']);
      return column ? groupingOutput(grouping, column, issues) : null;
    }),
    ...dataset.aggregates.map((aggregate) => {
      const column = aggregate.field ? resolve(aggregate.field, ['aggregates', aggregate.id, 'field']) : null;
      return aggregate.field && !column ? null : aggregateOutput(aggregate, column, issues);
    }),
  ];
  let where = '';
  const periods: Period[] = [];
  if (dataset.filter) {
    where = compileFilter(dataset.filter, {
      resolve: (path) => resolve(path, ['filter']) ?? { field: { type: 'text' } as TableField, sql: 'NULL' },
      params,
      requestParams: options.requestParams,
      now: options.now,
      shift: options.shift ?? 0,
      onPeriod: (period) => periods.push(period),
    });
  }
  if (issues.length > 0) throw stale(issues);
  const columns = outputs.filter((output): output is Output => output !== null);
  if (columns.length === 0)
    throw new AppError('validation_failed', 'Add a grouping or an aggregate to see rows.', {
      issues: [{ path: ['aggregates'], message: 'Add an aggregate, such as a count.' }],
    });
  const relations = sources.map((source) => ({
    source,
    ...sourceRelation(source, source.sql, params, options.viewer),
  }));
  const from = relations
    .map(({ source, from: item, live }) => {
      if (!source.via) return item;
      const { link, isMany, type } = source.via;
      const on = isMany ? `${source.sql}.id = ANY(${link})` : `${source.sql}.id = ${link}`;
      return `${type === 'inner' ? 'JOIN' : 'LEFT JOIN'} ${item} ON ${on}${live ? ` AND ${live}` : ''}`;
    })
    .join(' ');
  const mainLive = relations[0]?.live ?? '';
  const groupCount = dataset.groupings.length;
  const inner = columns.map((output, index) => `${output.raw} AS r${index}`).join(', ');
  const groupBy =
    groupCount > 0
      ? ` GROUP BY ${columns
          .slice(0, groupCount)
          .map((_, index) => index + 1)
          .join(', ')}`
      : '';
  const filter = [mainLive, where].filter(Boolean).join(' AND ') || 'TRUE';
  const byId = new Map(columns.map((output, index) => [output.column.id, index]));
  const sorts = dataset.sorts.flatMap((sort) => {
    const index = byId.get(sort.columnId);
    return index === undefined
      ? []
      : [`r${index} ${sort.direction === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`];
  });
  // Without sorts the groups come in their natural order, so a result is the same from run to run.
  const order = [...sorts, ...columns.slice(0, groupCount).map((_, index) => `r${index} ASC NULLS LAST`)];
  const isCapped = dataset.limit === undefined || dataset.limit > options.rowCap;
  const limit = isCapped ? options.rowCap + 1 : (dataset.limit as number);
  const outer = columns
    .map((output, index) => `${present(`r${index}`, output.column.type)} AS c${index}`)
    .join(', ');
  const sql = `SELECT ${outer} FROM (SELECT ${inner} FROM ${from} WHERE ${filter}${groupBy}) q${order.length > 0 ? ` ORDER BY ${order.join(', ')}` : ''} LIMIT ${limit}`;
  return {
    sql,
    values: params.values,
    columns: columns.map((output) => output.column),
    periods,
    limit,
    isCapped,
  };
}
