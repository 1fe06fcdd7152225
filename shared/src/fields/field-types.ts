// One vocabulary of field types for task forms and tables: a form can write a table record (flows, trigger
// actions), so a field type means the same value, validator and column wherever it appears.
export const fieldTypes = [
  'text',
  'longText',
  'number',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'select',
  'multiSelect',
  'email',
  'url',
  'phone',
  'file',
  'user',
  'link',
] as const;
export type FieldType = (typeof fieldTypes)[number];

// Types held as text (searchable with contains), and the types whose values have an order (ISO dates sort as dates).
export const textFieldTypes: ReadonlySet<string> = new Set([
  'text',
  'longText',
  'email',
  'url',
  'phone',
  'select',
]);
export const orderedFieldTypes: ReadonlySet<string> = new Set([
  ...textFieldTypes,
  'number',
  'decimal',
  'date',
  'dateTime',
]);

// Types whose settings include `options`.
export const choiceFieldTypes = ['select', 'multiSelect'] as const satisfies readonly FieldType[];

// Names of schema version 1 documents (task forms said dropdown/checkbox/currency, tables relation).
export const legacyFieldTypes = {
  dropdown: 'select',
  checkbox: 'boolean',
  currency: 'decimal',
  relation: 'link',
} as const satisfies Record<string, FieldType>;
