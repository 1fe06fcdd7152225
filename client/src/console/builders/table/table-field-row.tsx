import {
  type DocumentIssue,
  type TableField,
  type TableFieldType,
  tableFields,
  tableFieldTypes,
} from '@erp/shared/documents';
import { Trash2 } from 'lucide-react';
import { type CollabSession, type Peer, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { inputClasses } from '../../../ui/field';
import { FieldSettingsEditor, LinkTargetSettings, problemAtOf } from '../field-settings-editor';
import { pathAttribute } from '../issue-focus';
import { PeerHere } from '../peer-here';
import { OptionList } from '../task-form/option-list';
import { tableFieldDefaults, tableFieldTypeLabels } from './table-field-types';

/** One field of a table: its name, key, type and the settings of that type, edited live with colleagues. */
export function TableFieldRow({
  session,
  field,
  tables,
  isReadOnly,
  issues,
  peer,
  onRemove,
}: {
  session: CollabSession;
  field: TableField;
  /** Other tables a link can point at. */
  tables: { id: string; name: string }[];
  isReadOnly: boolean;
  issues: DocumentIssue[];
  peer: Peer | undefined;
  onRemove: () => void;
}) {
  const { doc, origin } = session;
  const [name, setName] = useSharedText(tableFields.getText(doc, field.id, 'name'), origin);
  const id = (part: string) => `table-field-${field.id}-${part}`;
  const label = field.name || field.key;
  const settings = (patch: Record<string, unknown>) =>
    tableFields.updateSettings(doc, field.id, field.type, patch as never, origin);
  return (
    <li
      {...pathAttribute('fields', field.id)}
      data-field-row={field.id}
      className="space-y-3 border-l-4 px-5 py-4"
      style={{ borderLeftColor: peer?.color ?? (issues.length > 0 ? '#dc2626' : 'transparent') }}
      onFocus={() => session.setFocus(field.id)}
      onBlur={() => session.setFocus(null)}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <div className="flex items-baseline gap-2">
            <label htmlFor={id('name')} className="block text-xs font-medium text-neutral-600">
              Name
            </label>
            <PeerHere peer={peer} />
          </div>
          <input
            id={id('name')}
            className={inputClasses}
            value={name}
            readOnly={isReadOnly}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={id('key')} className="block text-xs font-medium text-neutral-600">
            Key (in the API)
          </label>
          <input
            id={id('key')}
            className={inputClasses}
            value={field.key}
            readOnly={isReadOnly}
            onChange={(event) => tableFields.update(doc, field.id, { key: event.target.value }, origin)}
          />
        </div>
        <div>
          <label htmlFor={id('type')} className="block text-xs font-medium text-neutral-600">
            Type
          </label>
          <select
            id={id('type')}
            className={inputClasses}
            value={field.type}
            disabled={isReadOnly}
            onChange={(event) => {
              const type = event.target.value as TableFieldType;
              tableFields.setType(
                doc,
                field.id,
                type,
                tableFieldDefaults(type, tables[0]?.id) as never,
                origin,
              );
            }}
          >
            {tableFieldTypes.map((type) => (
              <option key={type} value={type}>
                {tableFieldTypeLabels[type]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={field.required}
            disabled={isReadOnly}
            onChange={(event) =>
              tableFields.update(doc, field.id, { required: event.target.checked }, origin)
            }
          />
          Required
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={field.unique}
            disabled={isReadOnly}
            onChange={(event) => tableFields.update(doc, field.id, { unique: event.target.checked }, origin)}
          />
          Unique
        </label>
        {field.type === 'link' && (
          <LinkTargetSettings
            fieldId={field.id}
            targetTableId={field.targetTableId}
            cardinality={field.cardinality}
            tables={tables}
            isReadOnly={isReadOnly}
            onChange={settings}
          />
        )}
        {!isReadOnly && (
          <Button variant="ghost" size="sm" icon={Trash2} className="ml-auto" onClick={onRemove}>
            Remove {label}
          </Button>
        )}
      </div>
      {field.type !== 'link' && (
        <details className="group rounded-md border border-neutral-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-neutral-700">
            Default and rules of {label}
          </summary>
          <div className="border-t border-neutral-200 p-3">
            <FieldSettingsEditor
              field={field}
              isReadOnly={isReadOnly}
              problemAt={problemAtOf(issues)}
              onChange={settings}
            />
          </div>
        </details>
      )}
      {(field.type === 'select' || field.type === 'multiSelect') && (
        <OptionList
          session={session}
          fieldId={field.id}
          fieldName={label}
          options={field.options}
          issues={issues}
          isReadOnly={isReadOnly}
        />
      )}
      {issues.length > 0 && (
        <ul className="text-sm text-red-700">
          {issues.map((issue) => (
            <li key={`${issue.path.join('.')}:${issue.message}`}>{issue.message}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
