import { clsx } from 'clsx';
import { Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { inputClasses } from './field';

/** A search box that reports its value after typing pauses, so each keystroke is not a request. */
export function SearchInput({
  label,
  value,
  onSearch,
  placeholder,
  delayMs = 250,
}: {
  label: string;
  value: string;
  onSearch: (value: string) => void;
  placeholder?: string;
  delayMs?: number;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onSearch(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, onSearch, delayMs]);

  return (
    <div className="relative w-full max-w-sm">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-neutral-400"
        aria-hidden="true"
      />
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder ?? label}
        onChange={(event) => setText(event.target.value)}
        className={clsx(inputClasses, 'pl-9')}
      />
    </div>
  );
}

/** A small set of mutually exclusive views ("Active", "Archived") as toggle buttons. */
export function SegmentedControl<V extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="inline-flex rounded-md bg-neutral-100 p-1">
      <legend className="sr-only">{label}</legend>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className={clsx(
            'rounded px-3 py-1.5 text-sm font-medium',
            option.value === value
              ? 'bg-white text-neutral-900 shadow-xs'
              : 'text-neutral-600 hover:text-neutral-900',
          )}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
