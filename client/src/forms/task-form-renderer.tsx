import { Checkbox, Field, inputClasses, textareaClasses } from '../ui/field';
import type { TaskFormField, TaskFormJson } from './task-form-json';

export type FormValues = Record<string, unknown>;

/** Required fields left empty, by key: the checks the simulator needs before a step is completed. */
export function findMissingValues(form: TaskFormJson, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    if (!field.required || field.type === 'section' || field.type === 'file') continue;
    const value = values[field.key];
    const isEmpty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (isEmpty) errors[field.key] = `${field.label || field.key} is required.`;
  }
  return errors;
}

/**
 * A plain renderer of a task form (each field type as a native control). It reads the draft or a version's
 * JSON; files are not uploaded here, so file fields only say so.
 */
export function TaskFormRenderer({
  form,
  values,
  errors = {},
  onChange,
}: {
  form: TaskFormJson;
  values: FormValues;
  errors?: Record<string, string>;
  onChange: (values: FormValues) => void;
}) {
  const set = (key: string, value: unknown) => onChange({ ...values, [key]: value });
  return (
    <div className="space-y-4">
      {form.description && <p className="text-sm text-neutral-600">{form.description}</p>}
      {form.fields.length === 0 && <p className="text-sm text-neutral-500">This form has no fields yet.</p>}
      {form.fields.map((field) => (
        <FieldControl
          key={field.id}
          field={field}
          value={values[field.key]}
          error={errors[field.key]}
          onChange={(value) => set(field.key, value)}
        />
      ))}
    </div>
  );
}

function FieldControl({
  field,
  value,
  error,
  onChange,
}: {
  field: TaskFormField;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const label = `${field.label || field.key}${field.required ? ' *' : ''}`;
  if (field.type === 'section') {
    return (
      <h3 className="border-b border-neutral-200 pt-2 pb-1 text-sm font-semibold text-neutral-900">
        {field.label}
      </h3>
    );
  }
  if (field.type === 'boolean') {
    return (
      <Checkbox label={label} checked={value === true} onChange={(event) => onChange(event.target.checked)} />
    );
  }
  return (
    <Field
      label={label}
      error={error}
      help={
        field.type === 'file'
          ? 'Files are attached in the portal, not in the simulator.'
          : field.helpText || undefined
      }
    >
      {(control) => {
        switch (field.type) {
          case 'longText':
            return (
              <textarea
                {...control}
                rows={3}
                className={textareaClasses}
                value={String(value ?? '')}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'number':
          case 'decimal':
            return (
              <input
                {...control}
                type="number"
                className={inputClasses}
                value={typeof value === 'number' ? value : ''}
                onChange={(event) =>
                  onChange(event.target.value === '' ? undefined : Number(event.target.value))
                }
              />
            );
          case 'select':
            return (
              <select
                {...control}
                className={inputClasses}
                value={String(value ?? '')}
                onChange={(event) => onChange(event.target.value || undefined)}
              >
                <option value="">Choose…</option>
                {field.options?.map((option) => (
                  <option key={option.id} value={option.value}>
                    {option.label || option.value}
                  </option>
                ))}
              </select>
            );
          case 'multiSelect':
            return (
              <select
                {...control}
                multiple
                className={`${inputClasses} h-auto py-1`}
                value={Array.isArray(value) ? (value as string[]) : []}
                onChange={(event) =>
                  onChange([...event.target.selectedOptions].map((option) => option.value))
                }
              >
                {field.options?.map((option) => (
                  <option key={option.id} value={option.value}>
                    {option.label || option.value}
                  </option>
                ))}
              </select>
            );
          case 'file':
            return (
              <input
                {...control}
                className={inputClasses}
                disabled
                value=""
                placeholder="No file in a simulation"
              />
            );
          default:
            return (
              <input
                {...control}
                type={inputTypes[field.type] ?? 'text'}
                className={inputClasses}
                placeholder={field.placeholder}
                value={String(value ?? '')}
                onChange={(event) => onChange(event.target.value)}
              />
            );
        }
      }}
    </Field>
  );
}

const inputTypes: Record<string, string> = {
  date: 'date',
  dateTime: 'datetime-local',
  email: 'email',
  phone: 'tel',
};
