import type { ConnectionView } from '@erp/shared/api/connections';
import {
  type TriggerAction,
  type TriggerEvent,
  triggerActions,
  type ValueSource,
} from '@erp/shared/documents';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CollabSession } from '../../../collab';
import type { ConditionField } from '../../../conditions/condition-model';
import { Button } from '../../../ui/button';
import { Field, inputClasses } from '../../../ui/field';

// The parts of events and actions that go through a connected account: which account, the Gmail query and
// reply, a sheet, its columns mapped from the event, an Outlook folder.

type SheetAction = Extract<TriggerAction, { type: 'sheetsAppendRow' | 'sheetsUpdateRows' }>;

export function ConnectionSelect({
  provider,
  value,
  connections,
  isReadOnly,
  onChange,
}: {
  provider: 'google' | 'microsoft';
  value: string;
  connections: ConnectionView[] | undefined;
  isReadOnly: boolean;
  onChange: (connectionId: string) => void;
}) {
  const usable = (connections ?? []).filter((connection) => connection.provider === provider);
  const name = provider === 'google' ? 'Google' : 'Microsoft';
  return (
    <Field
      label={`${name} account`}
      help={
        usable.length === 0 ? (
          <>
            No {name} account is connected yet: <Link to="/console/integrations">connect one</Link>.
          </>
        ) : (
          'The action acts as this account.'
        )
      }
    >
      {(control) => (
        <select
          {...control}
          className={inputClasses}
          value={value}
          disabled={isReadOnly}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">Choose an account…</option>
          {usable.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.account ?? connection.id}
              {connection.status === 'connected' ? '' : ` (${connection.status})`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ReplyToField({
  value,
  isReadOnly,
  onChange,
}: {
  value: string;
  isReadOnly: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Field
      label="Reply to (Message-ID)"
      help="Optional: a Message-ID from the event, e.g. {{messageId}}, keeps the mail in that thread."
    >
      {(control) => (
        <input
          {...control}
          className={inputClasses}
          value={value}
          readOnly={isReadOnly}
          placeholder="{{messageId}}"
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function SheetForm({
  session,
  action,
  connections,
  fields,
  isReadOnly,
  update,
}: {
  session: CollabSession;
  action: SheetAction;
  connections: ConnectionView[] | undefined;
  fields: ConditionField[];
  isReadOnly: boolean;
  update: (patch: Record<string, unknown>) => void;
}) {
  return (
    <div className="space-y-4">
      <ConnectionSelect
        provider="google"
        value={action.connectionId ?? ''}
        connections={connections}
        isReadOnly={isReadOnly}
        onChange={(connectionId) => update({ connectionId })}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Spreadsheet id" help="From the sheet's address: …/spreadsheets/d/<id>/edit.">
          {(control) => (
            <input
              {...control}
              className={inputClasses}
              value={action.spreadsheetId ?? ''}
              readOnly={isReadOnly}
              onChange={(event) => update({ spreadsheetId: event.target.value.trim() })}
            />
          )}
        </Field>
        <Field label="Sheet" help="The tab's name; row 1 holds the column headers.">
          {(control) => (
            <input
              {...control}
              className={inputClasses}
              value={action.sheet ?? ''}
              readOnly={isReadOnly}
              placeholder="Sheet1"
              onChange={(event) => update({ sheet: event.target.value })}
            />
          )}
        </Field>
      </div>
      {action.type === 'sheetsUpdateRows' && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Rows where column"
            help="Only rows whose cell in this column equals the value change."
          >
            {(control) => (
              <input
                {...control}
                className={inputClasses}
                value={action.matchColumn ?? ''}
                readOnly={isReadOnly}
                onChange={(event) => update({ matchColumn: event.target.value })}
              />
            )}
          </Field>
          <SourceSelect
            label="equals"
            source={action.matchValue}
            fields={fields}
            isReadOnly={isReadOnly}
            onChange={(matchValue) => update({ matchValue })}
          />
        </div>
      )}
      <ColumnMapping session={session} action={action} fields={fields} isReadOnly={isReadOnly} />
    </div>
  );
}

function ColumnMapping({
  session,
  action,
  fields,
  isReadOnly,
}: {
  session: CollabSession;
  action: SheetAction;
  fields: ConditionField[];
  isReadOnly: boolean;
}) {
  const [column, setColumn] = useState('');
  const entries = Object.entries(action.values ?? {});
  const set = (key: string, source: ValueSource | undefined) =>
    triggerActions.setMapping(session.doc, action.id, key, source, session.origin);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Columns</legend>
      {entries.length === 0 && (
        <p className="text-sm text-neutral-500">No column yet: add a header of row 1 and what goes in it.</p>
      )}
      <ul className="space-y-2" aria-label="Columns">
        {entries.map(([key, source]) => (
          <li key={key} className="grid items-end gap-2 sm:grid-cols-[10rem_1fr_auto]">
            <span className="pb-2 text-sm font-medium text-neutral-900">{key}</span>
            <SourceSelect
              label={`Value of ${key}`}
              source={source}
              fields={fields}
              isReadOnly={isReadOnly}
              onChange={(next) => set(key, next)}
            />
            {!isReadOnly && (
              <Button
                size="sm"
                variant="ghost"
                icon={Trash2}
                aria-label={`Remove column ${key}`}
                onClick={() => set(key, undefined)}
              />
            )}
          </li>
        ))}
      </ul>
      {!isReadOnly && (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`column-${action.id}`}>
            Column header
          </label>
          <input
            id={`column-${action.id}`}
            className={`${inputClasses} w-56`}
            placeholder="Column header, e.g. Amount"
            value={column}
            onChange={(event) => setColumn(event.target.value)}
          />
          <Button
            size="sm"
            icon={Plus}
            disabled={!column.trim()}
            onClick={() => {
              set(column.trim(), { type: 'path', path: fields[0]?.key ?? 'instanceId' });
              setColumn('');
            }}
          >
            Add column
          </Button>
        </div>
      )}
    </fieldset>
  );
}

const fixedOption = '__fixed__';

/** A value from the event (one of its fields) or fixed text. */
function SourceSelect({
  label,
  source,
  fields,
  isReadOnly,
  onChange,
}: {
  label: string;
  source: ValueSource | undefined;
  fields: ConditionField[];
  isReadOnly: boolean;
  onChange: (source: ValueSource) => void;
}) {
  const isFixed = source?.type === 'value';
  return (
    <div className="flex gap-2">
      <Field label={label}>
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={isFixed ? fixedOption : source?.type === 'path' ? source.path : ''}
            disabled={isReadOnly}
            onChange={(event) =>
              onChange(
                event.target.value === fixedOption
                  ? { type: 'value', value: '' }
                  : { type: 'path', path: event.target.value },
              )
            }
          >
            <option value="">Choose a field…</option>
            {fields.map((field) => (
              <option key={field.key} value={field.key}>
                {field.label}
              </option>
            ))}
            <option value={fixedOption}>Fixed text…</option>
          </select>
        )}
      </Field>
      {isFixed && (
        <Field label="Text">
          {(control) => (
            <input
              {...control}
              className={inputClasses}
              value={String(source.value ?? '')}
              readOnly={isReadOnly}
              onChange={(event) => onChange({ type: 'value', value: event.target.value })}
            />
          )}
        </Field>
      )}
    </div>
  );
}

type ConnectedEvent = Extract<
  TriggerEvent,
  { type: 'gmail.message_received' | 'sheets.row_added' | 'outlook.message_received' }
>;

// What a newly chosen event of a connected account starts with.
export const connectedEventDefaults: {
  [Type in ConnectedEvent['type']]: Extract<ConnectedEvent, { type: Type }>;
} = {
  'gmail.message_received': { type: 'gmail.message_received', connectionId: '', query: '' },
  'sheets.row_added': { type: 'sheets.row_added', connectionId: '', spreadsheetId: '', sheet: 'Sheet1' },
  'outlook.message_received': { type: 'outlook.message_received', connectionId: '', folder: 'inbox' },
};

/** The settings of an event polled from a connected account (nothing for other events). */
export function ConnectedEventFields({
  event,
  connections,
  isReadOnly,
  onChange,
}: {
  event: TriggerEvent;
  connections: ConnectionView[] | undefined;
  isReadOnly: boolean;
  onChange: (next: TriggerEvent) => void;
}) {
  if (!(event.type in connectedEventDefaults)) return null;
  const connected = event as ConnectedEvent;
  const text = (label: string, key: string, help: string, placeholder = '') => (
    <Field label={label} help={help}>
      {(control) => (
        <input
          {...control}
          className={inputClasses}
          value={String((connected as Record<string, unknown>)[key] ?? '')}
          readOnly={isReadOnly}
          placeholder={placeholder}
          onChange={(change) => onChange({ ...connected, [key]: change.target.value } as TriggerEvent)}
        />
      )}
    </Field>
  );
  return (
    <>
      <ConnectionSelect
        provider={connected.type === 'outlook.message_received' ? 'microsoft' : 'google'}
        value={connected.connectionId}
        connections={connections}
        isReadOnly={isReadOnly}
        onChange={(connectionId) => onChange({ ...connected, connectionId })}
      />
      {connected.type === 'gmail.message_received' &&
        text(
          'Matching',
          'query',
          "Gmail's search, e.g. from:billing@example.com subject:invoice; empty: every message.",
        )}
      {connected.type === 'sheets.row_added' && (
        <>
          {text('Spreadsheet id', 'spreadsheetId', "From the sheet's address: …/spreadsheets/d/<id>/edit.")}
          {text('Sheet', 'sheet', 'The tab; row 1 holds the column headers.', 'Sheet1')}
        </>
      )}
      {connected.type === 'outlook.message_received' &&
        text('Folder', 'folder', 'inbox, archive, or a folder id.', 'inbox')}
      <p className="text-sm text-neutral-500 sm:col-span-2">
        Checked every minute; what was already there when the trigger went live does not count.
      </p>
    </>
  );
}
