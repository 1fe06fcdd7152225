import type { TableField, TableFieldType } from '@erp/shared/documents';

// The grid's editor of each field type: the input it uses and how its text becomes the API value and back.
// One entry per type of the shared vocabulary, beside its validator and SQL type in @erp/shared/fields.

export interface CellEditor {
  input: 'text' | 'number' | 'checkbox' | 'date' | 'datetime-local' | 'select' | 'email' | 'url' | 'tel';
  /** The value shown in a cell and in its input. */
  format(value: unknown): string;
  /** The input's text as the API value (null when empty). */
  parse(text: string): unknown;
}

const plain = (input: CellEditor['input']): CellEditor => ({
  input,
  format: (value) => (value === null || value === undefined ? '' : String(value)),
  parse: (text) => (text.trim() === '' ? null : text),
});
const numeric: CellEditor = {
  input: 'number',
  format: (value) => (typeof value === 'number' ? String(value) : ''),
  parse: (text) => (text.trim() === '' ? null : Number(text)),
};
const list: CellEditor = {
  input: 'text',
  format: (value) => (Array.isArray(value) ? value.join(', ') : ''),
  parse: (text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
};

export const cellEditors = {
  text: plain('text'),
  longText: plain('text'),
  number: numeric,
  decimal: numeric,
  boolean: {
    input: 'checkbox',
    format: (value) => (value === true ? 'Yes' : value === false ? 'No' : ''),
    parse: (text) => text === 'true',
  },
  date: plain('date'),
  dateTime: {
    input: 'datetime-local',
    format: (value) => (typeof value === 'string' ? value.slice(0, 16).replace('T', ' ') : ''),
    parse: (text) => (text === '' ? null : new Date(text).toISOString()),
  },
  select: plain('select'),
  multiSelect: list,
  email: plain('email'),
  url: plain('url'),
  phone: plain('tel'),
  file: list,
  user: plain('text'),
  link: plain('text'),
} satisfies Record<TableFieldType, CellEditor>;

/** The editor of a field; lists of people or links are edited as comma-separated ids. */
export function cellEditorFor(field: TableField): CellEditor {
  if ((field.type === 'user' && field.multiple) || (field.type === 'link' && field.cardinality === 'many'))
    return list;
  return cellEditors[field.type];
}
