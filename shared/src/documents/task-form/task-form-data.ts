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
