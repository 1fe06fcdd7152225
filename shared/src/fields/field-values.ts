import { z } from 'zod';
import { isStorableText } from '../api/common';
import { type FieldDefinition, phoneMessage, phonePattern } from './field-settings';

// The value a field holds, checked the same way by a task form submission and a table record.

const text = z.string().max(100_000).refine(isStorableText, 'Contains a character that cannot be stored.');
const uuidList = (max: number, message: string) =>
  z
    .array(z.uuid())
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, message);

function hasScale(value: number, scale: number): boolean {
  return Number(value.toFixed(scale)) === value;
}

// z.enum needs a non-empty tuple; a choice field without options accepts nothing.
function optionValues(field: { options: { value: string }[] }): [string, ...string[]] {
  const values = field.options.map((option) => option.value);
  return values.length > 0 ? (values as [string, ...string[]]) : [''];
}

/** The validator of a (non-empty) value of this field. */
export function fieldValueSchema(field: FieldDefinition): z.ZodType {
  switch (field.type) {
    case 'text': {
      let schema = text;
      const rules = field.validation;
      if (rules?.minLength !== undefined) schema = schema.min(rules.minLength);
      if (rules?.maxLength !== undefined) schema = schema.max(rules.maxLength);
      if (rules?.pattern !== undefined)
        schema = schema.regex(new RegExp(rules.pattern, 'u'), 'Use the format asked for.');
      return schema;
    }
    case 'longText': {
      let schema = text;
      if (field.validation?.minLength !== undefined) schema = schema.min(field.validation.minLength);
      if (field.validation?.maxLength !== undefined) schema = schema.max(field.validation.maxLength);
      return schema;
    }
    case 'number':
    case 'decimal': {
      let schema = z.number();
      if (field.validation?.min !== undefined) schema = schema.min(field.validation.min);
      if (field.validation?.max !== undefined) schema = schema.max(field.validation.max);
      if (field.type === 'number') return field.validation?.integer ? schema.int() : schema;
      const { scale } = field;
      // numeric(38, scale) holds 38 - scale digits before the point.
      return schema
        .refine((value) => Math.abs(value) < 10 ** (38 - scale), 'This number is too large.')
        .refine((value) => hasScale(value, scale), `Use at most ${scale} decimal places.`);
    }
    case 'date':
    case 'dateTime': {
      const base = field.type === 'date' ? z.iso.date() : z.iso.datetime({ offset: true });
      const { min, max } = field.validation ?? {};
      return base
        .refine((value) => min === undefined || value >= min, `Use ${min} or later.`)
        .refine((value) => max === undefined || value <= max, `Use ${max} or earlier.`);
    }
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum(optionValues(field));
    case 'multiSelect': {
      let schema = z.array(z.enum(optionValues(field))).max(field.options.length);
      if (field.validation?.minSelected !== undefined) schema = schema.min(field.validation.minSelected);
      if (field.validation?.maxSelected !== undefined) schema = schema.max(field.validation.maxSelected);
      return schema.refine((values) => new Set(values).size === values.length, 'Choose each option once.');
    }
    case 'email':
      return z.email('Use an email address.').max(320);
    case 'url':
      return z.url({ protocol: /^https?$/, error: 'Use a web address starting with https://.' }).max(2000);
    case 'phone':
      return z.string().regex(phonePattern, phoneMessage);
    case 'file':
      return uuidList(field.validation?.maxFiles ?? 50, 'Attach each file once.');
    case 'user':
      return field.multiple ? uuidList(500, 'Name each person once.') : z.uuid();
    case 'link':
      return field.cardinality === 'many' ? uuidList(10_000, 'Link each record once.') : z.uuid();
  }
}

/** Empty values: absent, null, blank text or an empty list. Required fields refuse them. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}
