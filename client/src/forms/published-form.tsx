import type { TaskForm, TaskFormField } from '@erp/shared';
import { listVisibleFields, type TaskFormData } from '@erp/shared/forms';
import type { ReactNode } from 'react';
import { Checkbox, Field, inputClasses, textareaClasses } from '../ui/field';
import { LinkFieldControl } from './link-field';
import { UserFieldControl } from './user-field';

// A published task form as people fill it in: every field type as a native control (so phones, keyboards and
// screen readers get their own), fields shown or hidden by their conditions, problems by field. The values
// are checked with the same shared function as on the server (checkTaskFormData).

export type ValueField = Exclude<TaskFormField, { type: 'section' }>;

/** The ids a link or person field holds: one (a string) or several (an array). */
export const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).filter(
    (id): id is string => typeof id === 'string',
  );

/** The problems still standing after an edit: a field someone changed is no longer marked until checked again. */
export function problemsAfterEdit(
  problems: Record<string, string>,
  before: TaskFormData,
  after: TaskFormData,
): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).filter(([key]) => before[key] === after[key]));
}

export function PublishedForm({
  form,
  values,
  problems = {},
  readOnly = false,
  onChange,
  renderFile,
}: {
  form: TaskForm;
  values: TaskFormData;
  problems?: Record<string, string>;
  readOnly?: boolean;
  onChange?: (values: TaskFormData) => void;
  /** File fields need the upload of the page that shows the form. */
  renderFile?: (field: Extract<TaskFormField, { type: 'file' }>) => ReactNode;
}) {
  const visible = listVisibleFields(form, values);
  const set = (key: string, value: unknown) => onChange?.({ ...values, [key]: value });
  return (
    <div className="space-y-5">
      {visible.length === 0 && <p className="text-sm text-neutral-500">This form has nothing to fill in.</p>}
      {visible.map((field) =>
        field.type === 'section' ? (
          <div key={field.id} className="border-t border-neutral-200 pt-4">
            <h2 className="text-base font-semibold text-neutral-900">{field.label}</h2>
            {field.helpText && <p className="mt-1 text-sm text-neutral-600">{field.helpText}</p>}
          </div>
        ) : field.type === 'file' && renderFile ? (
          <div key={field.id}>{renderFile(field)}</div>
        ) : (
          <FieldControl
            key={field.id}
            field={field}
            value={values[field.key]}
            problem={problems[field.key]}
            readOnly={readOnly}
            onChange={(value) => set(field.key, value)}
          />
        ),
      )}
    </div>
  );
}

/** What the control of a field gets: the field, its value and problem, and how to change the value. */
export interface FieldControlProps<Field extends ValueField = ValueField> {
  field: Field;
  value: unknown;
  problem: string | undefined;
  readOnly: boolean;
  onChange: (value: unknown) => void;
}

function FieldControl(props: FieldControlProps) {
  const { field, value, problem, readOnly, onChange } = props;
  const label = field.label || field.key;
  const common = {
    label: field.required ? `${label} (required)` : label,
    help: field.helpText || undefined,
    error: problem,
  };
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          label={label}
          description={problem ?? (field.helpText || undefined)}
          checked={value === true}
          disabled={readOnly}
          onChange={(event) => onChange(event.target.checked)}
        />
      );
    case 'longText':
      return (
        <Field {...common}>
          {(props) => (
            <textarea
              {...props}
              className={textareaClasses}
              rows={4}
              readOnly={readOnly}
              placeholder={field.placeholder}
              value={text}
              onChange={(event) => onChange(event.target.value)}
            />
          )}
        </Field>
      );
    case 'select':
      return (
        <Field {...common}>
          {(props) => (
            <select
              {...props}
              className={inputClasses}
              disabled={readOnly}
              value={text}
              onChange={(event) => onChange(event.target.value || undefined)}
            >
              <option value="">Choose…</option>
              {field.options.map((option) => (
                <option key={option.id} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'multiSelect': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset>
          <legend className="text-sm font-medium text-neutral-800">
            {label}
            {field.required && ' (required)'}
          </legend>
          <div className="mt-2 space-y-2">
            {field.options.map((option) => (
              <Checkbox
                key={option.id}
                label={option.label}
                disabled={readOnly}
                checked={chosen.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...chosen, option.value]
                      : chosen.filter((item) => item !== option.value),
                  )
                }
              />
            ))}
          </div>
          {problem && <p className="mt-1.5 text-sm text-red-700">{problem}</p>}
        </fieldset>
      );
    }
    case 'link':
      return <LinkFieldControl {...props} field={field} />;
    case 'user':
      return <UserFieldControl {...props} field={field} />;
    case 'number':
    case 'decimal':
      return (
        <Field {...common}>
          {(props) => (
            <input
              {...props}
              type="number"
              inputMode="decimal"
              step="any"
              className={inputClasses}
              readOnly={readOnly}
              placeholder={field.placeholder}
              value={text}
              onChange={(event) =>
                onChange(event.target.value === '' ? undefined : Number(event.target.value))
              }
            />
          )}
        </Field>
      );
    default:
      return (
        <Field {...common}>
          {(props) => (
            <input
              {...props}
              type={inputType[field.type] ?? 'text'}
              className={inputClasses}
              readOnly={readOnly}
              placeholder={field.placeholder}
              value={field.type === 'dateTime' ? text.slice(0, 16) : text}
              onChange={(event) => onChange(toValue(field.type, event.target.value))}
            />
          )}
        </Field>
      );
  }
}

const inputType: Partial<Record<ValueField['type'], string>> = {
  date: 'date',
  dateTime: 'datetime-local',
  email: 'email',
  phone: 'tel',
};

// A datetime-local input gives local time without an offset; the form stores an ISO instant.
function toValue(type: ValueField['type'], raw: string): unknown {
  if (raw === '') return undefined;
  if (type === 'dateTime') return new Date(raw).toISOString();
  return raw;
}
