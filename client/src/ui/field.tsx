import { clsx } from 'clsx';
import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

/** What a control needs from its field to be labelled and described. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function Field({
  label,
  aside,
  error,
  help,
  children,
  className,
}: {
  label: ReactNode;
  /** Shown beside the label but not part of the control's name (who else is editing it). */
  aside?: ReactNode;
  error?: string;
  help?: ReactNode;
  children: (control: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = clsx(help && helpId, error && errorId) || undefined;
  return (
    <div className={className}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
          {label}
        </label>
        {aside}
      </div>
      <div className="mt-1.5">
        {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      </div>
      {help && !error && (
        <p id={helpId} className="mt-1.5 text-sm text-neutral-500">
          {help}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

// Defined in index.css as a component class, so utilities added beside it (`w-40`, `mt-1`) override it.
export const inputClasses = 'input';
/** The inputs' look, growing with its rows instead of their fixed height. */
export const textareaClasses = 'input h-auto py-2';

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={clsx(inputClasses, className)} {...props} />;
}

/** A labelled text input with its help and error lines: the common case of a form field. */
export function TextField({
  label,
  error,
  help,
  className,
  ...inputProps
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: ReactNode;
  error?: string;
  help?: ReactNode;
}) {
  return (
    <Field label={label} error={error} help={help} className={className}>
      {(control) => <Input {...inputProps} {...control} />}
    </Field>
  );
}

export function Checkbox({
  label,
  description,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id'> & {
  label: ReactNode;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex gap-3">
      <div className="flex h-5 items-center">
        <input
          id={id}
          type="checkbox"
          aria-describedby={description ? `${id}-description` : undefined}
          className="size-4 rounded border-neutral-300 accent-indigo-600"
          {...props}
        />
      </div>
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-neutral-800">
          {label}
        </label>
        {description && (
          <p id={`${id}-description`} className="text-neutral-500">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}

/** A group of controls with one legend and one error line (checkbox groups). */
export function Fieldset({
  legend,
  error,
  children,
}: {
  legend: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-neutral-800">{legend}</legend>
      <div className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-2">{children}</div>
      {error && (
        <p id={`${id}-error`} className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A labelled dropdown of plain choices (a narrow one, beside others in a row). */
export function SelectField({
  label,
  value,
  options,
  disabled = false,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      {(control) => (
        <select
          {...control}
          className={`${inputClasses} w-44`}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
