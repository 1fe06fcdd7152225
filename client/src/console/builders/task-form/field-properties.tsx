import { type DocumentIssue, type TaskFormField, taskFormFields } from '@erp/shared/documents';
import { SlidersHorizontal } from 'lucide-react';
import * as documentsApi from '../../../api/documents';
import { useApi } from '../../../api/use-api';
import { type CollabSession, useSharedText } from '../../../collab';
import { ConditionEditor } from '../../../conditions/condition-editor';
import { conditionFieldsOf } from '../../../conditions/condition-model';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Field, inputClasses, textareaClasses } from '../../../ui/field';
import { FieldSettingsEditor, problemAtOf } from '../field-settings-editor';
import { pathAttribute } from '../issue-focus';
import { fieldTypeLabels } from './field-types';

// Field types people type a value into: they show a placeholder while empty.
const placeholderTypes = new Set(['text', 'longText', 'number', 'decimal', 'email', 'phone']);

/** The properties pane: everything about the selected field beyond what its row on the form shows. */
export function FieldProperties({
  session,
  field,
  fields,
  issues,
  isReadOnly,
}: {
  session: CollabSession;
  field: TaskFormField | undefined;
  /** Every field of the form: those before and after this one may decide whether it shows. */
  fields: readonly TaskFormField[];
  issues: DocumentIssue[];
  isReadOnly: boolean;
}) {
  if (!field) {
    return (
      <Card role="region" aria-label="Field properties">
        <CardHeader title="Properties" />
        <EmptyState icon={SlidersHorizontal} title="No field selected">
          <p>Select a field on the form to set its help text, default, rules and when it shows.</p>
        </EmptyState>
      </Card>
    );
  }
  return (
    <SelectedField
      key={field.id}
      session={session}
      field={field}
      fields={fields}
      issues={issues}
      isReadOnly={isReadOnly}
    />
  );
}

function SelectedField({
  session,
  field,
  fields,
  issues,
  isReadOnly,
}: Parameters<typeof FieldProperties>[0] & { field: TaskFormField }) {
  const { doc, origin } = session;
  const [helpText, setHelpText] = useSharedText(taskFormFields.getText(doc, field.id, 'helpText'), origin);
  const name = field.label || 'untitled field';
  const problemAt = problemAtOf(issues);
  const others = fields.filter((other) => other.id !== field.id);
  // A link field chooses among the tables (published or not yet: publishing the form checks they are live).
  const tableList = useApi(`form-link-tables|${field.type === 'link'}`, (signal) =>
    field.type === 'link'
      ? documentsApi.listDocuments({ kind: 'table', limit: 200 }, signal)
      : Promise.resolve(null),
  );
  const tables = (tableList.data?.items ?? []).map((item) => ({ id: item.id, name: item.name }));
  return (
    <Card role="region" aria-label="Field properties">
      <CardHeader title={`Properties of ${name}`} description={fieldTypeLabels[field.type]} />
      <div className="space-y-5 p-5">
        <Field label="Help text" help="Shown under the field.">
          {(control) => (
            <textarea
              {...control}
              {...pathAttribute('fields', field.id, 'helpText')}
              rows={2}
              className={textareaClasses}
              value={helpText}
              readOnly={isReadOnly}
              onChange={(event) => setHelpText(event.target.value)}
            />
          )}
        </Field>
        {placeholderTypes.has(field.type) && (
          <Field label="Placeholder" help="A hint inside the empty field; never a value.">
            {(control) => (
              <input
                {...control}
                className={inputClasses}
                value={field.placeholder ?? ''}
                readOnly={isReadOnly}
                onChange={(event) =>
                  taskFormFields.update(
                    doc,
                    field.id,
                    { placeholder: event.target.value || undefined },
                    origin,
                  )
                }
              />
            )}
          </Field>
        )}
        {field.type !== 'section' && (
          <section aria-label="Default and rules" className="space-y-3">
            <h3 className="text-sm font-semibold text-neutral-900">Default and rules</h3>
            <FieldSettingsEditor
              field={field}
              tables={tables}
              isReadOnly={isReadOnly}
              problemAt={problemAt}
              onChange={(patch) =>
                taskFormFields.updateSettings(doc, field.id, field.type, patch as never, origin)
              }
            />
          </section>
        )}
        <section
          aria-label="Shown when"
          className="space-y-3"
          {...pathAttribute('fields', field.id, 'visibleWhen')}
        >
          <h3 className="text-sm font-semibold text-neutral-900">Shown when</h3>
          <ConditionEditor
            value={field.visibleWhen}
            fields={conditionFieldsOf(others)}
            isReadOnly={isReadOnly}
            emptyText={
              field.type === 'section'
                ? 'Always shown, with the fields after it.'
                : 'Always shown. Add a condition to show it only for some answers.'
            }
            onChange={(visibleWhen) => taskFormFields.update(doc, field.id, { visibleWhen }, origin)}
          />
          {problemAt(['visibleWhen']) && <p className="text-sm text-red-700">{problemAt(['visibleWhen'])}</p>}
        </section>
      </div>
    </Card>
  );
}
