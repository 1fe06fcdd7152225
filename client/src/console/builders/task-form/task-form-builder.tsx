import type { TaskForm } from '@erp/shared/documents';
import {
  type Draft,
  getTaskFormText,
  readTaskForm,
  type TaskFormFieldType,
  taskFormFields,
  taskFormFieldTypes,
  validateDocument,
} from '@erp/shared/documents';
import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Field, inputClasses, textareaClasses } from '../../../ui/field';
import type { BuilderProps } from '../builder-props';
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

  const addField = () => {
    const keys = draft.fields.map((field) => field.key);
    taskFormFields.add(
      doc,
      {
        type: newType,
        key: nextUnusedKey('field', keys),
        label: '',
        ...defaultSettings(newType),
      } as Parameters<typeof taskFormFields.add>[1],
      origin,
    );
  };
  // Which colleague is working where (their focus: 'title', 'description' or a field id).
  const focusOf = (target: string) => snapshot.peers.find((peer) => peer.focus === target);

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <CardHeader title="Form" description="What the person completing the task sees at the top." />
          <div className="space-y-4 p-5">
            <ProblemList problems={problems.byEntity.get(rootEntityId)} />
            <Field
              label={
                <>
                  Form title
                  <PeerHere peer={focusOf('title')} />
                </>
              }
            >
              {(control) => (
                <input
                  {...control}
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
              label={
                <>
                  Instructions
                  <PeerHere peer={focusOf('description')} />
                </>
              }
              help="Shown above the fields."
            >
              {(control) => (
                <textarea
                  {...control}
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
                <div className="flex items-center gap-2">
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
                  peer={focusOf(field.id)}
                  problems={problems.byEntity.get(field.id)}
                />
              ))}
            </ol>
          )}
        </Card>
      </div>
      <Card className="self-start">
        <CardHeader title="Checks" description="Publishing needs these to be fixed." />
        {issues.length === 0 ? (
          <p className="px-5 py-4 text-sm text-emerald-700">The form is valid.</p>
        ) : (
          <ul className="divide-y divide-neutral-100 text-sm" aria-label="Problems">
            {issues.map((issue) => (
              <li key={`${issue.path.join('.')}:${issue.message}`} className="px-5 py-3">
                <p className="text-neutral-900">{issue.message}</p>
                <p className="mt-0.5 font-mono text-xs text-neutral-500">{describePath(issue.path, draft)}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

/** Issue paths name fields by id; people know them by label. */
function describePath(path: readonly string[], draft: Draft<TaskForm>): string {
  if (path[0] !== 'fields' || path[1] === undefined) return path.join(' › ');
  const field = draft.fields.find((candidate) => candidate.id === path[1]);
  const name = field ? field.label || field.key : path[1];
  return ['Field', `“${name}”`, ...path.slice(2)].join(' › ');
}
