import { isListField, orderedFieldTypes, textFieldTypes } from '@erp/shared';
import type { RecordFilter, RecordFilterOp } from '@erp/shared/api/records';
import type { TableField } from '@erp/shared/documents';
import { Filter, X } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../ui/button';
import { inputClasses } from '../../ui/field';

// The grid's filters as the records API takes them (`filter[key][op]=value`), kept in the page's URL so a
// filtered view can be reloaded and shared; each shown as a chip that removes it.

const filterParam = /^filter\[([^\]]+)\]\[([^\]]+)\]$/;

/** The filters a URL's query holds, in their order. */
export function filtersOf(params: URLSearchParams): RecordFilter[] {
  return [...params.entries()].flatMap(([name, value]) => {
    const match = filterParam.exec(name);
    return match ? [{ key: match[1] as string, op: match[2] as RecordFilterOp, value }] : [];
  });
}

/** The query parameters of `filters`, for the records API and the URL alike. */
export function filterParams(filters: RecordFilter[]): Record<string, string> {
  return Object.fromEntries(filters.map((filter) => [`filter[${filter.key}][${filter.op}]`, filter.value]));
}

const opLabels: Record<RecordFilterOp, string> = {
  eq: 'is',
  ne: 'is not',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is more than',
  gte: 'is at least',
  contains: 'contains',
  in: 'is one of',
  isEmpty: 'is empty',
};
const dateOpLabels: Partial<Record<RecordFilterOp, string>> = {
  lt: 'is before',
  lte: 'is on or before',
  gt: 'is after',
  gte: 'is on or after',
};
const listOpLabels: Partial<Record<RecordFilterOp, string>> = {
  eq: 'has',
  ne: 'does not have',
  in: 'has any of',
};

// What the records API accepts for each type (its record-query refuses the rest).
function opsOf(field: TableField): RecordFilterOp[] {
  if (isListField(field as never)) return ['eq', 'ne', 'in', 'isEmpty'];
  if (field.type === 'boolean') return ['eq', 'isEmpty'];
  const ops: RecordFilterOp[] = ['eq', 'ne'];
  if (textFieldTypes.has(field.type)) ops.push('contains');
  if (orderedFieldTypes.has(field.type) && !textFieldTypes.has(field.type))
    ops.push('lt', 'lte', 'gt', 'gte');
  return [...ops, 'in', 'isEmpty'];
}

function opLabel(field: TableField | undefined, op: RecordFilterOp): string {
  if (field && isListField(field as never)) return listOpLabels[op] ?? opLabels[op];
  if (field?.type === 'date' || field?.type === 'dateTime') return dateOpLabels[op] ?? opLabels[op];
  return opLabels[op];
}

const nameOf = (field: TableField | undefined, key: string) => (field ? field.name || field.key : key);

/** A filter in words: "Status is new", "Amount is at least 100", "Due is empty". */
export function describeFilter(fields: TableField[], filter: RecordFilter): string {
  const field = fields.find((candidate) => candidate.key === filter.key);
  if (filter.op === 'isEmpty')
    return `${nameOf(field, filter.key)} ${filter.value === 'false' ? 'is not empty' : 'is empty'}`;
  const value = field?.type === 'boolean' ? (filter.value === 'true' ? 'yes' : 'no') : filter.value;
  return `${nameOf(field, filter.key)} ${opLabel(field, filter.op)} ${value}`;
}

const inputTypes: Partial<Record<TableField['type'], string>> = {
  number: 'number',
  decimal: 'number',
  date: 'date',
  dateTime: 'datetime-local',
};

/** The active filters as chips, a form that adds one (operators fit the field's type), and "Clear filters". */
export function FilterBar({
  fields,
  filters,
  onChange,
}: {
  fields: TableField[];
  filters: RecordFilter[];
  onChange: (filters: RecordFilter[]) => void;
}) {
  const id = useId();
  const [isAdding, setIsAdding] = useState(false);
  const filterable = fields.filter((field) => field.type !== 'file');
  const [key, setKey] = useState(filterable[0]?.key ?? '');
  const field = filterable.find((candidate) => candidate.key === key);
  const ops = field ? opsOf(field) : [];
  const [chosenOp, setOp] = useState<RecordFilterOp>('eq');
  const op = ops.includes(chosenOp) ? chosenOp : (ops[0] ?? 'eq');
  const [value, setValue] = useState('');
  const choices = field && 'options' in field ? field.options : null;
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!field) return;
    let text = op === 'isEmpty' ? value || 'true' : value.trim();
    if (field.type === 'boolean' && op === 'eq') text = value || 'true';
    if (field.type === 'dateTime' && text !== '') text = new Date(text).toISOString();
    if (text === '') return;
    onChange([...filters, { key: field.key, op, value: text }]);
    setValue('');
    setIsAdding(false);
  };
  const valueLabel = `${id}-value`;
  return (
    <section className="flex flex-wrap items-center gap-2 px-5 pt-3" aria-label="Filters">
      {filters.map((filter, index) => {
        const text = describeFilter(fields, filter);
        return (
          <span
            key={`${filter.key}-${filter.op}-${filter.value}`}
            className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-900 ring-1 ring-indigo-200"
          >
            {text}
            <button
              type="button"
              aria-label={`Remove the filter ${text}`}
              className="rounded-full p-0.5 hover:bg-indigo-100 focus-visible:bg-indigo-100"
              onClick={() => onChange(filters.filter((_, at) => at !== index))}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </span>
        );
      })}
      {filters.length > 0 && (
        <Button variant="ghost" size="sm" onClick={() => onChange([])}>
          Clear filters
        </Button>
      )}
      {!isAdding ? (
        filterable.length > 0 && (
          <Button variant="secondary" size="sm" icon={Filter} onClick={() => setIsAdding(true)}>
            Add filter
          </Button>
        )
      ) : (
        <form onSubmit={add} className="flex flex-wrap items-end gap-2" aria-label="New filter">
          <label className="text-sm">
            <span className="block text-neutral-700">Field</span>
            <select
              className={`${inputClasses} w-44`}
              value={key}
              onChange={(event) => {
                setKey(event.target.value);
                setValue('');
              }}
            >
              {filterable.map((candidate) => (
                <option key={candidate.id} value={candidate.key}>
                  {candidate.name || candidate.key}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-neutral-700">Condition</span>
            <select
              className={`${inputClasses} w-40`}
              value={op}
              onChange={(event) => setOp(event.target.value as RecordFilterOp)}
            >
              {ops.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {opLabel(field, candidate)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm" htmlFor={valueLabel}>
            <span className="block text-neutral-700">Value</span>
            {op === 'isEmpty' || field?.type === 'boolean' ? (
              <select
                id={valueLabel}
                className={`${inputClasses} w-32`}
                value={value || 'true'}
                onChange={(event) => setValue(event.target.value)}
              >
                <option value="true">{op === 'isEmpty' ? 'yes' : 'yes (checked)'}</option>
                <option value="false">{op === 'isEmpty' ? 'no' : 'no (unchecked)'}</option>
              </select>
            ) : choices && op !== 'in' ? (
              <select
                id={valueLabel}
                className={`${inputClasses} w-40`}
                value={value}
                onChange={(event) => setValue(event.target.value)}
              >
                <option value="">Choose…</option>
                {choices.map((option) => (
                  <option key={option.id} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={valueLabel}
                className={`${inputClasses} w-44`}
                type={op === 'in' ? 'text' : (field && inputTypes[field.type]) || 'text'}
                step="any"
                placeholder={op === 'in' ? 'a, b, c' : undefined}
                value={value}
                onChange={(event) => setValue(event.target.value)}
              />
            )}
          </label>
          <Button type="submit" variant="primary" size="sm">
            Apply filter
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setIsAdding(false)}>
            Cancel
          </Button>
        </form>
      )}
    </section>
  );
}
