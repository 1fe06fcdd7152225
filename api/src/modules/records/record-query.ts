import {
  columnIdent,
  type LiveTable,
  qualifiedTable,
  quoteIdent,
  recordSelectList,
  SqlParams,
} from '@erp/prisma';
import {
  AppError,
  type FieldDefinition,
  fieldSqlType,
  type ListRecordsQuery,
  orderedFieldTypes,
  type RecordFilter,
  type TableField,
  textFieldTypes,
} from '@erp/shared';
import { z } from 'zod';

// The SQL of a records list: typed filters, full-text `q`, a multi-key sort with nulls last, and keyset paging
// whose cursor holds the last row's sort values. Field keys resolve to generated columns; every value is a
// parameter cast to its column's type.

function refuse(path: string, message: string): never {
  throw new AppError('invalid_input', message, { issues: [{ path: [path], message }] });
}

const textTypes = textFieldTypes;
const orderedTypes = orderedFieldTypes;

const sqlTypeOf = (field: TableField) => fieldSqlType(field as FieldDefinition);
const column = (field: TableField) => quoteIdent(columnIdent(field.id));

// One filter value as its column's element type (text arrives for every type in a query string).
function parseValue(field: TableField, raw: string, path: string): unknown {
  const schemas: Record<string, z.ZodType> = {
    number: z.coerce.number().refine(Number.isFinite),
    decimal: z.coerce.number().refine(Number.isFinite),
    boolean: z.enum(['true', 'false']).transform((value) => value === 'true'),
    date: z.iso.date(),
    dateTime: z.iso.datetime({ offset: true }),
    user: z.uuid(),
    link: z.uuid(),
    file: z.uuid(),
  };
  const parsed = (schemas[field.type] ?? z.string()).safeParse(raw);
  if (!parsed.success) refuse(path, `${raw.slice(0, 100)} is not a value of ${field.key} (${field.type}).`);
  return parsed.data;
}

const escapeLike = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function filterClause(table: LiveTable['table'], filter: RecordFilter, params: SqlParams): string {
  const path = `filter[${filter.key}][${filter.op}]`;
  const field = table.fields.find((candidate) => candidate.key === filter.key);
  if (!field) return refuse(path, `This table has no field ${filter.key.slice(0, 64)}.`);
  const col = column(field);
  const sqlType = sqlTypeOf(field);
  const isList = sqlType.endsWith('[]');
  const element = isList ? sqlType.slice(0, -2) : sqlType;
  const empty = isList ? `(${col} IS NULL OR cardinality(${col}) = 0)` : `${col} IS NULL`;
  const value = () => params.add(parseValue(field, filter.value, path), element);
  const list = () =>
    params.add(
      filter.value.split(',').map((item) => parseValue(field, item.trim(), path)),
      `${element}[]`,
    );
  switch (filter.op) {
    case 'isEmpty': {
      const wanted = z.enum(['true', 'false']).safeParse(filter.value);
      if (!wanted.success) return refuse(path, 'isEmpty takes true or false.');
      return wanted.data === 'true' ? empty : `NOT ${empty}`;
    }
    case 'eq':
      return isList ? `${col} @> ARRAY[${value()}]` : `${col} = ${value()}`;
    case 'ne':
      return isList
        ? `NOT coalesce(${col} @> ARRAY[${value()}], false)`
        : `${col} IS DISTINCT FROM ${value()}`;
    case 'in':
      return isList ? `${col} && ${list()}` : `${col} = ANY(${list()})`;
    case 'contains':
      if (isList) return `${col} @> ARRAY[${value()}]`;
      if (!textTypes.has(field.type))
        return refuse(path, `contains works on text fields, not ${field.type}.`);
      return `${col} ILIKE ${params.add(escapeLike(filter.value), 'text')}`;
    default: {
      if (!orderedTypes.has(field.type))
        return refuse(path, `${filter.op} does not work on ${field.type} fields.`);
      const operator = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[filter.op];
      return `${col} ${operator} ${value()}`;
    }
  }
}

interface SortKey {
  expression: string;
  type: string;
  descending: boolean;
  /** The column holds no nulls (system columns, required fields), so rows compare as tuples. */
  isNotNull: boolean;
}

type SortColumn = Omit<SortKey, 'descending'>;

const systemSorts: Record<string, SortColumn> = {
  createdAt: { expression: 'created_at', type: 'timestamptz', isNotNull: true },
  updatedAt: { expression: 'updated_at', type: 'timestamptz', isNotNull: true },
};

function parseSort(table: LiveTable['table'], sort: string | undefined): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of (sort ?? '').split(',').filter((item) => item !== '')) {
    const descending = part.startsWith('-');
    const key = descending ? part.slice(1) : part;
    const field = table.fields.find((candidate) => candidate.key === key);
    const system = Object.hasOwn(systemSorts, key) ? systemSorts[key] : undefined;
    if (field && !sqlTypeOf(field).endsWith('[]'))
      keys.push({ expression: column(field), type: sqlTypeOf(field), descending, isNotNull: field.required });
    else if (!field && system) keys.push({ ...system, descending });
    else
      refuse('sort', `Cannot sort by ${key.slice(0, 64)}: ${field ? 'it holds a list' : 'no such field'}.`);
  }
  if (keys.length === 0) keys.push({ ...(systemSorts.createdAt as SortColumn), descending: false });
  // The id makes every order total, so pages never skip or repeat a row. It runs the way the last key runs, so
  // an index on (key, id) serves the order in one scan, forwards or backwards (newest first on 1M rows).
  const last = keys.at(-1) as SortKey;
  return [...keys, { expression: 'id', type: 'uuid', descending: last.descending, isNotNull: true }];
}

const cursorSchema = z.array(z.union([z.string().max(10_000), z.null()])).max(12);

function decodeCursor(cursor: string, length: number): (string | null)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.length !== length || !z.uuid().safeParse(result.data.at(-1)).success) {
    return refuse('cursor', 'The cursor is not valid for this list; start from the first page.');
  }
  return result.data;
}

// Rows after the cursor in the sort order (ascending puts nulls last, descending first, as PostgreSQL does).
// Keys without nulls running one way compare as a row value, which an index on them turns into a start
// position instead of a filter over every row before the cursor.
function afterCursor(keys: SortKey[], values: (string | null)[], params: SqlParams): string {
  const [first] = keys;
  if (
    first &&
    keys.every((key, index) => key.isNotNull && key.descending === first.descending && values[index] !== null)
  ) {
    const cursor = keys.map((key, index) => params.add(values[index], key.type));
    return `(${keys.map((key) => key.expression).join(', ')}) ${first.descending ? '<' : '>'} (${cursor.join(', ')})`;
  }
  const branches = keys.map((key, index) => {
    const equal = keys
      .slice(0, index)
      .map((earlier, at) =>
        values[at] === null
          ? `${earlier.expression} IS NULL`
          : `${earlier.expression} = ${params.add(values[at], earlier.type)}`,
      );
    const value = values[index] ?? null;
    let after: string;
    if (key.descending)
      after =
        value === null
          ? `${key.expression} IS NOT NULL`
          : `${key.expression} < ${params.add(value, key.type)}`;
    else
      after =
        value === null
          ? 'false'
          : `(${key.expression} > ${params.add(value, key.type)} OR ${key.expression} IS NULL)`;
    return `(${[...equal, after].join(' AND ')})`;
  });
  return `(${branches.join(' OR ')})`;
}

/** The list query and how to make the next cursor from its rows (`s0`, `s1`, … hold the sort values as text). */
export function buildListQuery(live: LiveTable, query: ListRecordsQuery) {
  const params = new SqlParams();
  const where: string[] = [query.deleted === 'only' ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
  for (const filter of query.filters) where.push(filterClause(live.table, filter, params));
  if (query.q !== undefined && query.q.trim() !== '') {
    const searched = live.table.fields.filter((field) => textTypes.has(field.type));
    const pattern = params.add(escapeLike(query.q.trim()), 'text');
    where.push(
      searched.length > 0
        ? `(${searched.map((field) => `${column(field)} ILIKE ${pattern}`).join(' OR ')})`
        : 'false',
    );
  }
  const keys = parseSort(live.table, query.sort);
  if (query.cursor !== undefined)
    where.push(afterCursor(keys, decodeCursor(query.cursor, keys.length), params));
  const order = keys.map(
    (key) => `${key.expression} ${key.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`,
  );
  const sortValues = keys.map((key, index) => `${key.expression}::text AS s${index}`);
  const sql = `SELECT ${recordSelectList(live.table)}, ${sortValues.join(', ')} FROM ${qualifiedTable(live.documentId)}
    WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ${query.limit + 1}`;
  const cursorOf = (row: Record<string, unknown>) =>
    Buffer.from(JSON.stringify(keys.map((_, index) => row[`s${index}`] ?? null))).toString('base64url');
  return { sql, params: params.values, cursorOf };
}
