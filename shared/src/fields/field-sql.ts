import type { FieldDefinition } from './field-settings';

// The PostgreSQL column type of a table field. Lists (multi-select, files, several people, many links) are
// arrays, so a link of either cardinality is one column with an index (GIN for arrays).
export function fieldSqlType(field: FieldDefinition): string {
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'email':
    case 'url':
    case 'phone':
    case 'select':
      return 'text';
    case 'number':
      return 'double precision';
    case 'decimal':
      return `numeric(38, ${field.scale})`;
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'dateTime':
      return 'timestamptz';
    case 'multiSelect':
      return 'text[]';
    case 'file':
      return 'uuid[]';
    case 'user':
      return field.multiple ? 'uuid[]' : 'uuid';
    case 'link':
      return field.cardinality === 'many' ? 'uuid[]' : 'uuid';
  }
}

/** Whether values of this field are held in an array column. */
export function isListField(field: FieldDefinition): boolean {
  return fieldSqlType(field).endsWith('[]');
}
