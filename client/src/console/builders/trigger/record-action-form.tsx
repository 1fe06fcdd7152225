import type { TableField, TriggerAction, ValueSource } from '@erp/shared/documents';
import { useId } from 'react';
import { getLiveTable } from '../../../api/records';
import { useApi } from '../../../api/use-api';
import type { ConditionField } from '../../../conditions/condition-model';
import { ErrorAlert } from '../../../ui/alert';
import { Field, inputClasses } from '../../../ui/field';

type RecordAction = Extract<TriggerAction, { type: 'createRecord' | 'updateRecord' }>;

/**
 * Create or update a record of a published table: which table, which record (an update needs an id from the
 * event), and each field's value from the event or a fixed value. Fields left unset keep their default (create)
 * or their current value (update).
 */
export function RecordActionForm({
  action,
  tables,
  eventFields,
  isReadOnly,
  update,
}: {
  action: RecordAction;
  /** Tables with a live version: only those have records. */
  tables: { id: string; name: string }[] | undefined;
  eventFields: ConditionField[];
  isReadOnly: boolean;
  update: (patch: Record<string, unknown>) => void;
}) {
  const listId = useId();
  return (
    <div className="space-y-4">
      <datalist id={listId}>
        {eventFields.map((field) => (
          <option key={field.key} value={field.key}>
            {field.label}
          </option>
        ))}
      </datalist>
      <Field label="Table" help="Its live version; records are checked against it when the action runs.">
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={action.tableId}
            disabled={isReadOnly}
            onChange={(event) => update({ tableId: event.target.value, values: {} })}
          >
            <option value="">Choose a table…</option>
            {tables?.map((table) => (
              <option key={table.id} value={table.id}>
                {table.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {action.type === 'updateRecord' && (
        <SourceRow
          label="Record to update"
          listId={listId}
          source={action.recordId}
          isReadOnly={isReadOnly}
          allowUnset={false}
          onChange={(recordId) => update({ recordId: recordId ?? { type: 'path', path: 'record.id' } })}
        />
      )}
      {action.tableId && (
        <TableMapping action={action} listId={listId} isReadOnly={isReadOnly} update={update} />
      )}
    </div>
  );
}

function TableMapping({
  action,
  listId,
  isReadOnly,
  update,
}: {
  action: RecordAction;
  listId: string;
  isReadOnly: boolean;
  update: (patch: Record<string, unknown>) => void;
}) {
  const live = useApi(`live-table:${action.tableId}`, (signal) => getLiveTable(action.tableId, signal));
  if (live.error !== undefined) {
    return (
      <ErrorAlert error={live.error} title="The table’s fields could not be loaded" onRetry={live.reload} />
    );
  }
  if (!live.data) return <p className="text-sm text-neutral-500">Loading the table’s fields…</p>;
  const fields = live.data.table.fields.filter((field) => field.type !== 'file');
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-neutral-800">Values</legend>
      {fields.map((field) => (
        <SourceRow
          key={field.id}
          label={field.name || field.key}
          listId={listId}
          field={field}
          source={action.values[field.key]}
          isReadOnly={isReadOnly}
          allowUnset
          onChange={(source) => {
            const { [field.key]: _previous, ...rest } = action.values;
            update({ values: source ? { ...rest, [field.key]: source } : rest });
          }}
        />
      ))}
    </fieldset>
  );
}

type SourceKind = 'unset' | ValueSource['type'];

/** Where one value comes from: not set, a field of the event (by path), or a fixed value typed in. */
function SourceRow({
  label,
  listId,
  field,
  source,
  isReadOnly,
  allowUnset,
  onChange,
}: {
  label: string;
  listId: string;
  field?: TableField;
  source: ValueSource | undefined;
  isReadOnly: boolean;
  allowUnset: boolean;
  onChange: (source: ValueSource | undefined) => void;
}) {
  const id = useId();
  const kind: SourceKind = source?.type ?? 'unset';
  const setKind = (next: SourceKind) =>
    onChange(
      next === 'unset'
        ? undefined
        : next === 'path'
          ? { type: 'path', path: 'record.id' }
          : { type: 'value', value: field?.type === 'boolean' ? false : '' },
    );
  return (
    <div className="grid items-end gap-2 sm:grid-cols-[minmax(0,12rem)_10rem_minmax(0,1fr)]">
      <label htmlFor={`${id}-kind`} className="pb-2 text-sm text-neutral-800">
        {label}
      </label>
      <div>
        <select
          id={`${id}-kind`}
          className={inputClasses}
          value={kind}
          disabled={isReadOnly}
          onChange={(event) => setKind(event.target.value as SourceKind)}
        >
          {allowUnset && <option value="unset">Not set</option>}
          <option value="path">From the event</option>
          <option value="value">Fixed value</option>
        </select>
      </div>
      {source?.type === 'path' && (
        <input
          aria-label={`${label}: field of the event`}
          className={`${inputClasses} font-mono`}
          list={listId}
          value={source.path}
          readOnly={isReadOnly}
          onChange={(event) => onChange({ type: 'path', path: event.target.value })}
        />
      )}
      {source?.type === 'value' &&
        (field?.type === 'boolean' ? (
          <label className="flex h-10 items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={source.value === true}
              disabled={isReadOnly}
              onChange={(event) => onChange({ type: 'value', value: event.target.checked })}
            />
            Yes
          </label>
        ) : (
          <input
            aria-label={`${label}: fixed value`}
            className={inputClasses}
            inputMode={isNumeric(field) ? 'decimal' : undefined}
            value={source.value === null || source.value === undefined ? '' : String(source.value)}
            readOnly={isReadOnly}
            onChange={(event) => onChange({ type: 'value', value: typedValue(field, event.target.value) })}
          />
        ))}
    </div>
  );
}

const isNumeric = (field: TableField | undefined) => field?.type === 'number' || field?.type === 'decimal';

// A number field stores a number once what is typed is one; anything else stays text for the run to refuse.
function typedValue(field: TableField | undefined, text: string): number | string {
  return isNumeric(field) && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}
