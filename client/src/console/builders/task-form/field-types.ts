import type { TaskFormFieldType } from '@erp/shared/documents';

export const fieldTypeLabels = {
  text: 'Short text',
  longText: 'Long text',
  number: 'Number',
  decimal: 'Decimal or money',
  date: 'Date',
  dateTime: 'Date and time',
  boolean: 'Checkbox',
  select: 'Dropdown',
  multiSelect: 'Multiple choice',
  email: 'Email',
  phone: 'Phone',
  file: 'File upload',
  user: 'Person',
  link: 'Record of a table',
  section: 'Section heading',
} satisfies Record<TaskFormFieldType, string>;

/** What a new field of a type needs (a link's table is chosen in its properties, which say so until then). */
export function defaultSettings(type: TaskFormFieldType): Record<string, unknown> {
  if (type === 'decimal') return { scale: 2 };
  if (type === 'link') return { targetTableId: '', cardinality: 'one' };
  return {};
}

/** A machine key not used yet: `field_1`, `field_2`, … for fields, `option_1`, … for a field's options. */
export function nextUnusedKey(prefix: string, usedKeys: readonly string[]): string {
  let number = usedKeys.length + 1;
  while (usedKeys.includes(`${prefix}_${number}`)) number += 1;
  return `${prefix}_${number}`;
}

// Palette items and field rows share one drag-and-drop context; palette items' ids carry this prefix.
export const paletteIdPrefix = 'palette:';
