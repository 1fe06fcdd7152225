import type { TaskFormField } from '@erp/shared';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { getLiveTable, getRecord } from '../api/records';
import { useApi } from '../api/use-api';
import { Button } from '../ui/button';
import { LinkPicker, recordLabel } from './link-picker';
import { type FieldControlProps, idsOf } from './published-form';

// A task form's link field as people fill it in: the record(s) chosen, by their table's display field, and a
// picker that searches the table's records the person may read. Someone who may not read the table is told
// so, never shown its rows; the server checks the ids again (live records of that table).

type LinkField = Extract<TaskFormField, { type: 'link' }>;

export function LinkFieldControl({
  field,
  value,
  problem,
  readOnly,
  onChange,
}: FieldControlProps<LinkField>) {
  const label = field.label || field.key;
  const [isPicking, setPicking] = useState(false);
  const [picked, setPicked] = useState(() => new Map<string, string>());
  const ids = idsOf(value);
  // Values the form started with (a saved draft) are named by reading their records once.
  const unnamed = ids.filter((id) => !picked.has(id));
  const { target, labels: named } = useRecordLabels(field.targetTableId, unnamed);
  const labels = new Map([...picked, ...named]);
  const isDenied =
    target.error instanceof ApiError && (target.error.status === 403 || target.error.status === 404);
  const problemId = `link-${field.id}-problem`;
  const helpId = `link-${field.id}-help`;
  return (
    <fieldset aria-describedby={problem ? problemId : field.helpText ? helpId : undefined}>
      <legend className="text-sm font-medium text-neutral-800">
        {label}
        {field.required && ' (required)'}
      </legend>
      <div className="mt-1.5 flex flex-wrap items-center gap-2">
        <p className="min-w-0 flex-1 break-words text-sm text-neutral-900" aria-live="polite">
          {ids.length === 0 ? (
            <span className="text-neutral-500">None chosen</span>
          ) : (
            ids.map((id) => labels.get(id) ?? id).join(', ')
          )}
        </p>
        {!readOnly && !isDenied && (
          <Button
            size="sm"
            aria-label={`Choose ${label}`}
            disabled={!target.data}
            onClick={() => setPicking(true)}
          >
            {ids.length === 0 ? 'Choose…' : 'Change…'}
          </Button>
        )}
      </div>
      {isDenied ? (
        <p className="mt-1.5 text-sm text-amber-800">
          You cannot choose a record here: your role may not read the table this field links to (or it is not
          published yet). Ask an administrator to let your role read it.
        </p>
      ) : target.error !== undefined ? (
        <p className="mt-1.5 text-sm text-red-700">The records to choose from could not be loaded.</p>
      ) : null}
      {field.helpText && !problem && (
        <p id={helpId} className="mt-1.5 text-sm text-neutral-500">
          {field.helpText}
        </p>
      )}
      {problem && (
        <p id={problemId} className="mt-1.5 text-sm text-red-700">
          {problem}
        </p>
      )}
      {isPicking && (
        <LinkPicker
          field={field}
          title={`Choose ${label}`}
          target={target.data}
          value={value}
          labels={labels}
          onClose={() => setPicking(false)}
          onSave={(next, known) => {
            setPicked(known);
            setPicking(false);
            onChange(idsOf(next).length === 0 ? undefined : next);
          }}
        />
      )}
    </fieldset>
  );
}

/**
 * The linked table and the labels (display field) of some of its records, each read once; a record the person
 * may not read (or that is gone) has no label, and callers show its id.
 */
export function useRecordLabels(targetTableId: string, ids: string[]) {
  const target = useApi(`link-target|${targetTableId}`, (signal) => getLiveTable(targetTableId, signal));
  const named = useApi(`link-labels|${targetTableId}|${ids.join(',')}`, (signal) =>
    Promise.all(ids.map((id) => getRecord(targetTableId, id, signal).catch(() => null))),
  );
  const labels = new Map<string, string>();
  for (const record of named.data ?? []) if (record) labels.set(record.id, recordLabel(target.data, record));
  return { target, labels };
}
