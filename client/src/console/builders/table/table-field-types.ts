import type { TableFieldType } from '@erp/shared/documents';

// How the designer names each type of the shared vocabulary.
export const tableFieldTypeLabels = {
  text: 'Short text',
  longText: 'Long text',
  number: 'Number',
  decimal: 'Decimal or money',
  boolean: 'Yes / no',
  date: 'Date',
  dateTime: 'Date and time',
  select: 'Single choice',
  multiSelect: 'Multiple choice',
  email: 'Email',
  url: 'Web address',
  phone: 'Phone',
  file: 'Files',
  user: 'Person',
  link: 'Link to another table',
} satisfies Record<TableFieldType, string>;

/** What a new field of a type needs to be valid at once; a link points at the first other table. */
export function tableFieldDefaults(
  type: TableFieldType,
  firstTableId: string | undefined,
): Record<string, unknown> {
  if (type === 'decimal') return { scale: 2 };
  if (type === 'link') return { targetTableId: firstTableId ?? '', cardinality: 'one' };
  return {};
}
