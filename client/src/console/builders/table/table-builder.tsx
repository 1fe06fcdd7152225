import {
  getTableText,
  readTable,
  type Table,
  type TableField,
  type TableFieldType,
  tableFields,
  tableFieldTypes,
  updateTable,
  validateDocument,
} from '@erp/shared/documents';
import { roles } from '@erp/shared/roles';
import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import * as documentsApi from '../../../api/documents';
import { useApi } from '../../../api/use-api';
import { useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Field, inputClasses, textareaClasses } from '../../../ui/field';
import { BackfillProgress } from '../../tables/backfill-progress';
import { DataGrid } from '../../tables/data-grid';
import { DroppedColumns } from '../../tables/dropped-columns';
import { TableDiagram } from '../../tables/table-diagram';
import type { BuilderProps } from '../builder-props';
import { ChecksCard } from '../checks-card';
import { nextUnusedKey } from '../task-form/field-types';
import { useDocumentJson } from '../use-document-json';
import { TableFieldRow } from './table-field-row';
import { tableFieldDefaults, tableFieldTypeLabels } from './table-field-types';

/** The table designer (fields, display field, who may read and write) and, once published, its data. */
export default function TableBuilder({ session, snapshot }: BuilderProps) {
  const { doc, origin } = session;
  const documentId = session.provider.configuration.name.split(':')[1] ?? '';
  // The data view is in the URL (with its filters), so a reload or a shared link opens it again.
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'data' ? 'data' : 'design';
  const setView = (next: 'design' | 'data') =>
    setParams(next === 'data' ? { view: 'data' } : {}, { replace: true });
  const draft = useDocumentJson(doc, readTable);
  return (
    <div className="space-y-4">
      <BackfillProgress documentId={documentId} />
      <div role="tablist" aria-label="Table views" className="flex gap-2">
        {(['design', 'data'] as const).map((tab) => (
          <Button
            key={tab}
            role="tab"
            aria-selected={view === tab}
            variant={view === tab ? 'primary' : 'ghost'}
            size="sm"
            onClick={() => setView(tab)}
          >
            {tab === 'design' ? 'Design' : 'Data'}
          </Button>
        ))}
      </div>
      {view === 'design' ? (
        <TableDesigner
          session={session}
          snapshot={snapshot}
          draft={draft}
          documentId={documentId}
          origin={origin}
          doc={doc}
        />
      ) : (
        <DataGrid documentId={documentId} />
      )}
    </div>
  );
}

function TableDesigner({
  session,
  snapshot,
  draft,
  documentId,
  origin,
  doc,
}: Pick<BuilderProps, 'session' | 'snapshot'> & {
  draft: ReturnType<typeof readTable>;
  documentId: string;
  origin: object;
  doc: BuilderProps['session']['doc'];
}) {
  const isReadOnly = snapshot.isReadOnly;
  const tableList = useApi('tables', (signal) =>
    documentsApi.listDocuments({ kind: 'table', limit: 200 }, signal),
  );
  const tables = (tableList.data?.items ?? []).map((item) => ({ id: item.id, name: item.name }));
  const [description, setDescription] = useSharedText(getTableText(doc, 'description'), origin);
  const [newType, setNewType] = useState<TableFieldType>('text');
  const issues = useMemo(() => {
    const result = validateDocument('table', draft);
    return result.ok ? [] : result.issues;
  }, [draft]);
  const focusOf = (target: string) => snapshot.peers.find((peer) => peer.focus === target);
  const access = draft.access ?? { read: [], write: [] };
  const addField = () => {
    const key = nextUnusedKey(
      'field',
      draft.fields.map((field) => field.key),
    );
    const others = tables.filter((table) => table.id !== documentId);
    tableFields.add(
      doc,
      { type: newType, key, name: '', ...tableFieldDefaults(newType, others[0]?.id) } as Parameters<
        typeof tableFields.add
      >[1],
      origin,
    );
  };
  const toggleRole = (kind: 'read' | 'write', role: (typeof roles)[number], isOn: boolean) => {
    const next = isOn ? [...new Set([...access[kind], role])] : access[kind].filter((item) => item !== role);
    updateTable(doc, { access: { ...access, [kind]: next } as Table['access'] }, origin);
  };
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <Card>
          <CardHeader
            title="Table"
            description="Each published version is a real PostgreSQL table; publishing shows the migration first."
          />
          <div className="space-y-4 p-5">
            <Field label="Description">
              {(control) => (
                <textarea
                  {...control}
                  rows={2}
                  className={textareaClasses}
                  value={description}
                  readOnly={isReadOnly}
                  onChange={(event) => setDescription(event.target.value)}
                />
              )}
            </Field>
            <Field
              label="Display field"
              help="Names a record in pickers and links; the first field when none is chosen."
            >
              {(control) => (
                <select
                  {...control}
                  className={inputClasses}
                  value={draft.displayFieldId ?? ''}
                  disabled={isReadOnly}
                  onChange={(event) =>
                    updateTable(doc, { displayFieldId: event.target.value || null }, origin)
                  }
                >
                  <option value="">The first field</option>
                  {draft.fields.map((field) => (
                    <option key={field.id} value={field.id}>
                      {field.name || field.key}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <fieldset className="grid gap-2 sm:grid-cols-2 text-sm">
              <legend className="text-xs font-medium text-neutral-600">
                Who may use the records (admins always may)
              </legend>
              {(['read', 'write'] as const).map((kind) => (
                <div key={kind} className="flex flex-wrap gap-3">
                  <span className="font-medium">{kind === 'read' ? 'Read' : 'Write'}:</span>
                  {roles
                    .filter((role) => role !== 'admin')
                    .map((role) => (
                      <label key={role} className="flex items-center gap-1">
                        <input
                          type="checkbox"
                          checked={access[kind].includes(role)}
                          disabled={isReadOnly}
                          onChange={(event) => toggleRole(kind, role, event.target.checked)}
                        />
                        {role}
                      </label>
                    ))}
                </div>
              ))}
            </fieldset>
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Fields"
            description="Keys name the fields in the API; columns are named after stable ids, so renaming is safe."
            actions={
              isReadOnly ? undefined : (
                <div className="flex flex-wrap items-center gap-2">
                  <label className="sr-only" htmlFor="new-table-field-type">
                    Type of the new field
                  </label>
                  <select
                    id="new-table-field-type"
                    className={`${inputClasses} w-48`}
                    value={newType}
                    onChange={(event) => setNewType(event.target.value as TableFieldType)}
                  >
                    {tableFieldTypes.map((type) => (
                      <option key={type} value={type}>
                        {tableFieldTypeLabels[type]}
                      </option>
                    ))}
                  </select>
                  <Button variant="primary" icon={Plus} onClick={addField}>
                    Add field
                  </Button>
                </div>
              )
            }
          />
          {draft.fields.length === 0 ? (
            <EmptyState icon={Plus} title="No fields yet">
              <p>Add the first field: what does each record of this table hold?</p>
            </EmptyState>
          ) : (
            <ol className="divide-y divide-neutral-100" aria-label="Fields">
              {(draft.fields as TableField[]).map((field) => (
                <TableFieldRow
                  key={field.id}
                  session={session}
                  field={field}
                  tables={tables.filter((table) => table.id !== documentId)}
                  isReadOnly={isReadOnly}
                  issues={issues.filter((issue) => issue.path[1] === field.id)}
                  peer={focusOf(field.id)}
                  onRemove={() => tableFields.remove(doc, field.id, origin)}
                />
              ))}
            </ol>
          )}
        </Card>
      </div>
      <div className="min-w-0 space-y-6">
        <ChecksCard issues={issues} subject="table" />
        <TableDiagram documentId={documentId} draft={draft} tables={tables} />
        <DroppedColumns documentId={documentId} />
      </div>
    </div>
  );
}
