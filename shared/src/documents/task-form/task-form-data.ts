import { z } from 'zod';
import { isStorableText } from '../../api/common';
import { evaluateCondition } from '../../conditions/evaluate';
import type { TaskForm } from './task-form.schema';
import { type TaskFormField, valueFieldKeys } from './task-form-fields.schema';

// What a person submits through a published task form, checked the same way in the portal (before sending) and
// on the server (before a task completes). Values are stored by field key.

export type TaskFormData = Record<string, unknown>;

type ValueField = Exclude<TaskFormField, { type: 'section' }>;

const text = z.string().max(100_000).refine(isStorableText, 'Contains a character that cannot be stored.');

function valueSchema(field: ValueField): z.ZodType {
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
    case 'currency': {
      let schema = z.number();
      if (field.validation?.min !== undefined) schema = schema.min(field.validation.min);
      if (field.validation?.max !== undefined) schema = schema.max(field.validation.max);
      if (field.type === 'number' && field.validation?.integer) schema = schema.int();
      return schema;
    }
    case 'date':
    case 'dateTime': {
      const base = field.type === 'date' ? z.iso.date() : z.iso.datetime({ offset: true });
      const { min, max } = field.validation ?? {};
      return base
        .refine((value) => min === undefined || value >= min, `Use ${min} or later.`)
        .refine((value) => max === undefined || value <= max, `Use ${max} or earlier.`);
    }
    case 'checkbox':
      return z.boolean();
    case 'dropdown':
      return z.enum(optionValues(field));
    case 'multiSelect': {
      let schema = z.array(z.enum(optionValues(field))).max(field.options.length);
      if (field.validation?.minSelected !== undefined) schema = schema.min(field.validation.minSelected);
      if (field.validation?.maxSelected !== undefined) schema = schema.max(field.validation.maxSelected);
      return schema.refine((values) => new Set(values).size === values.length, 'Choose each option once.');
    }
    case 'email':
      return z.email('Use an email address.').max(320);
    case 'phone':
      return z.string().regex(/^\+?[0-9 ()./-]{3,32}$/, 'Use digits, spaces and + ( ) . / - only.');
    case 'file':
      return z
        .array(z.uuid())
        .max(field.validation?.maxFiles ?? 50)
        .refine((ids) => new Set(ids).size === ids.length, 'Attach each file once.');
    case 'user':
      return field.multiple ? z.array(z.uuid()).max(500) : z.uuid();
  }
}

// z.enum needs a non-empty tuple; a choice field without options accepts nothing.
function optionValues(field: Extract<ValueField, { options: unknown }>): [string, ...string[]] {
  const values = field.options.map((option) => option.value);
  return values.length > 0 ? (values as [string, ...string[]]) : [''];
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The fields shown for these values: a field shows while its `visibleWhen` holds on the values, and a hidden
 * section hides the fields after it up to the next section.
 */
export function listVisibleFields(form: Pick<TaskForm, 'fields'>, data: TaskFormData): TaskFormField[] {
  const visible: TaskFormField[] = [];
  let sectionHidden = false;
  for (const field of form.fields) {
    const shown = !field.visibleWhen || evaluateCondition(field.visibleWhen, data);
    if (field.type === 'section') sectionHidden = !shown;
    if (shown && !sectionHidden) visible.push(field);
  }
  return visible;
}

export interface FormDataOptions {
  /** A draft: required fields may still be empty (each value given must still be valid). */
  partial?: boolean;
}

/**
 * Checks a submission against a published task form: no keys the form does not have, each visible field's value
 * of its type and rules, required visible fields filled in. Values of hidden fields are dropped. Returns the data
 * to store, or the problems by field key.
 */
export function checkTaskFormData(
  form: Pick<TaskForm, 'fields'>,
  data: TaskFormData,
  options: FormDataOptions = {},
): { ok: true; data: TaskFormData } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const fields = new Map(
    form.fields.filter((field) => field.type !== 'section').map((field) => [field.key, field as ValueField]),
  );
  for (const key of Object.keys(data)) {
    if (!fields.has(key)) problems[key] = 'This form has no such field.';
  }
  const visible = new Set(valueFieldKeys(listVisibleFields(form, data)));
  const stored: TaskFormData = {};
  for (const [key, field] of fields) {
    if (!visible.has(key)) continue;
    const value = data[key];
    if (isEmpty(value)) {
      if (field.required && !options.partial) problems[key] = `${field.label || key} is required.`;
      continue;
    }
    const parsed = valueSchema(field).safeParse(value);
    if (parsed.success) stored[key] = parsed.data;
    else problems[key] = parsed.error.issues[0]?.message ?? 'This value is not valid.';
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, data: stored };
}
