import {
  type DocumentIssue,
  getTaskFormText,
  readTaskForm,
  type TaskFormField,
  type TaskFormFieldType,
  taskFormFields,
  taskFormFieldTypes,
  validateDocument,
  valueFieldKeys,
} from '@erp/shared/documents';
import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { shortName } from '@erp/shared/issue-text';
import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { type UndoStep, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Field, inputClasses, textareaClasses } from '../../../ui/field';
import { Toast } from '../../../ui/toast';
import type { BuilderProps } from '../builder-props';
import { focusIssue, pathAttribute } from '../issue-focus';
import { PeerHere } from '../peer-here';
import { useDocumentJson } from '../use-document-json';
import { FieldRow, ProblemList } from './field-row';
import { defaultSettings, fieldTypeLabels, nextUnusedKey } from './field-types';

/** The task form designer: the form's title and description, and its fields, edited together live. */
export function TaskFormBuilder({ session, snapshot, problems }: BuilderProps) {
  const { doc, origin } = session;
  const isReadOnly = snapshot.isReadOnly;
  const draft = useDocumentJson(doc, readTaskForm);
  const issues = useMemo(() => {
    const result = validateDocument('taskForm', draft);
    return result.ok ? [] : result.issues;
  }, [draft]);
  const [title, setTitle] = useSharedText(getTaskFormText(doc, 'title'), origin);
  const [description, setDescription] = useSharedText(getTaskFormText(doc, 'description'), origin);
  const [newType, setNewType] = useState<TaskFormFieldType>('text');
  const [newFieldId, setNewFieldId] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ name: string; step: UndoStep } | null>(null);

  const addField = () => {
    const keys = valueFieldKeys(draft.fields);
    const id = taskFormFields.add(
      doc,
      {
        type: newType,
        key: nextUnusedKey('field', keys),
        label: '',
        ...defaultSettings(newType),
      } as Parameters<typeof taskFormFields.add>[1],
      origin,
    );
    setNewFieldId(id);
  };
  const removeField = (field: TaskFormField) => {
    const step = session.editAsStep(() => taskFormFields.remove(doc, field.id, origin));
    setRemoved({ name: field.label ? `“${shortName(field.label)}”` : 'the field', step });
  };
  // Which colleague is working where (their focus: 'title', 'description' or a field id).
  const focusOf = (target: string) => snapshot.peers.find((peer) => peer.focus === target);
  const issuesOf = (fieldId: string) => issues.filter((issue) => issue.path[1] === fieldId);

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <Card>
          <CardHeader
            title="Form"
            description="What the person completing the task sees at the top. The document’s name (above) is how developers find it here; people doing the task see this title."
          />
          <div className="space-y-4 p-5">
            <ProblemList problems={problems.byEntity.get(rootEntityId)} />
            <Field label="Form title" aside={<PeerHere peer={focusOf('title')} />}>
              {(control) => (
                <input
                  {...control}
                  {...pathAttribute('title')}
                  className={inputClasses}
                  value={title}
                  readOnly={isReadOnly}
                  onChange={(event) => setTitle(event.target.value)}
                  onFocus={() => session.setFocus('title')}
                  onBlur={() => session.setFocus(null)}
                />
              )}
            </Field>
            <Field
              label="Instructions"
              aside={<PeerHere peer={focusOf('description')} />}
              help="Shown above the fields."
            >
              {(control) => (
                <textarea
                  {...control}
                  {...pathAttribute('description')}
                  rows={3}
                  className={textareaClasses}
                  value={description}
                  readOnly={isReadOnly}
                  onChange={(event) => setDescription(event.target.value)}
                  onFocus={() => session.setFocus('description')}
                  onBlur={() => session.setFocus(null)}
                />
              )}
            </Field>
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Fields"
            description="In the order people fill them in."
            actions={
              isReadOnly ? undefined : (
                <div className="flex flex-wrap items-center gap-2">
                  <label className="sr-only" htmlFor="new-field-type">
                    Type of the new field
                  </label>
                  <select
                    id="new-field-type"
                    className={`${inputClasses} w-44`}
                    value={newType}
                    onChange={(event) => setNewType(event.target.value as TaskFormFieldType)}
                  >
                    {taskFormFieldTypes.map((type) => (
                      <option key={type} value={type}>
                        {fieldTypeLabels[type]}
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
              <p>Add the first field: what should the person completing this task fill in?</p>
            </EmptyState>
          ) : (
            <ol className="divide-y divide-neutral-100" aria-label="Fields">
              {draft.fields.map((field, index) => (
                <FieldRow
                  key={field.id}
                  session={session}
                  field={field}
                  position={{ index, count: draft.fields.length }}
                  isReadOnly={isReadOnly}
                  isNew={field.id === newFieldId}
                  issues={issuesOf(field.id)}
                  problems={problems.byEntity.get(field.id)}
                  peer={focusOf(field.id)}
                  onRemove={() => removeField(field)}
                />
              ))}
            </ol>
          )}
        </Card>
      </div>
      <Checks issues={issues} />
      {removed?.step.isLatest() && (
        <Toast
          onDismiss={() => setRemoved(null)}
          action={
            <Button
              size="sm"
              variant="ghost"
              className="text-indigo-200 hover:bg-neutral-800 hover:text-white"
              onClick={() => {
                removed.step.undo();
                setRemoved(null);
              }}
            >
              Undo
            </Button>
          }
        >
          Removed {removed.name}.
        </Toast>
      )}
    </div>
  );
}

/** What publishing will refuse; each problem takes you to the field it is about. */
function Checks({ issues }: { issues: DocumentIssue[] }) {
  return (
    <Card className="min-w-0 self-start">
      <CardHeader title="Checks" description="Publishing needs these to be fixed." />
      {issues.length === 0 ? (
        <p className="px-5 py-4 text-sm text-emerald-700">The form is valid.</p>
      ) : (
        <ul className="divide-y divide-neutral-100 text-sm" aria-label="Problems">
          {issues.map((issue) => (
            <li key={`${issue.path.join('.')}:${issue.message}`}>
              <button
                type="button"
                className="block w-full px-5 py-3 text-left hover:bg-neutral-50 focus-visible:bg-neutral-50"
                onClick={() => focusIssue(issue.path)}
              >
                {issue.where && <span className="block font-medium text-neutral-900">{issue.where}</span>}
                <span className="block text-neutral-700">{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
