import { evaluateCondition } from '../../conditions/evaluate';
import { fieldValueSchema, isEmptyValue } from '../../fields/field-values';
import type { TaskForm } from './task-form.schema';
import { type TaskFormField, valueFieldKeys } from './task-form-fields.schema';

// What a person submits through a published task form, checked the same way in the portal (before sending) and
// on the server (before a task completes). Values are stored by field key.

export type TaskFormData = Record<string, unknown>;

type ValueField = Exclude<TaskFormField, { type: 'section' }>;

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
    if (isEmptyValue(value)) {
      if (field.required && !options.partial) problems[key] = `${field.label || key} is required.`;
      continue;
    }
    const parsed = fieldValueSchema(field).safeParse(value);
    if (parsed.success) stored[key] = parsed.data;
    else problems[key] = parsed.error.issues[0]?.message ?? 'This value is not valid.';
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, data: stored };
}

/** Who fills in a form, and when: what the defaults "today", "now" and "the current user" stand for. */
export interface FormFillContext {
  userId: string;
  now: Date;
}

// A date field's "today" is the calendar day where the person is, not in UTC.
const localDate = (now: Date) =>
  [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part) => String(part).padStart(2, '0'))
    .join('-');

/** The values a form starts with: each field's default, resolved for who fills it in and when. */
export function initialFormData(form: Pick<TaskForm, 'fields'>, context: FormFillContext): TaskFormData {
  const data: TaskFormData = {};
  for (const field of form.fields) {
    if (field.type === 'section' || !('default' in field) || field.default === undefined) continue;
    data[field.key] = defaultValue(field, context);
  }
  return data;
}

function defaultValue(field: ValueField, { userId, now }: FormFillContext): unknown {
  switch (field.type) {
    case 'date':
      return field.default === 'today' ? localDate(now) : field.default;
    case 'dateTime':
      return field.default === 'now' ? now.toISOString() : field.default;
    case 'user':
      return field.multiple ? [userId] : userId;
    // Choice defaults name options by id; values hold the options' values.
    case 'select':
      return field.options.find((option) => option.id === field.default)?.value;
    case 'multiSelect':
      return field.options
        .filter((option) => field.default?.includes(option.id))
        .map((option) => option.value);
    default:
      return 'default' in field ? field.default : undefined;
  }
}
