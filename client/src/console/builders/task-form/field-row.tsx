import {
  type TaskFormField,
  type TaskFormFieldType,
  taskFormFields,
  taskFormFieldTypes,
} from '@erp/shared/documents';
import { clsx } from 'clsx';
import { ArrowDown, ArrowUp, CircleExclamationPoint, Trash2 } from 'lucide-react';
import { type CollabSession, type Peer, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { inputClasses } from '../../../ui/field';
import { PeerHere } from '../peer-here';
import { defaultSettings, fieldTypeLabels } from './field-types';
import { OptionList } from './option-list';

/** One field of the form; a colleague working on it is shown by their colour and name. */
export function FieldRow({
  session,
  field,
  position,
  isReadOnly,
  peer,
  problems,
}: {
  session: CollabSession;
  field: TaskFormField;
  position: { index: number; count: number };
  isReadOnly: boolean;
  peer: Peer | undefined;
  /** What a refused publish found in this field. */
  problems?: readonly string[];
}) {
  const { doc, origin } = session;
  const [label, setLabel] = useSharedText(taskFormFields.getText(doc, field.id, 'label'), origin);
  const labelId = `field-${field.id}-label`;
  const name = field.label || 'untitled field';
  return (
    <li
      data-field-row={field.id}
      data-invalid={problems ? true : undefined}
      className={clsx('space-y-3 border-l-4 px-5 py-4', problems && 'bg-red-50/60')}
      style={{ borderLeftColor: peer?.color ?? 'transparent' }}
      onFocus={() => session.setFocus(field.id)}
      onBlur={() => session.setFocus(null)}
    >
      <ProblemList problems={problems} />
      <div>
        <label htmlFor={labelId} className="block text-xs font-medium text-neutral-600">
          Label
          <PeerHere peer={peer} />
        </label>
        <input
          id={labelId}
          name="label"
          className={`${inputClasses} mt-1`}
          value={label}
          placeholder="What should people fill in?"
          readOnly={isReadOnly}
          onChange={(event) => setLabel(event.target.value)}
        />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-40">
          <label htmlFor={`field-${field.id}-key`} className="block text-xs font-medium text-neutral-600">
            Key
          </label>
          <input
            id={`field-${field.id}-key`}
            className={`${inputClasses} mt-1 font-mono`}
            value={field.key}
            readOnly={isReadOnly}
            onChange={(event) => taskFormFields.update(doc, field.id, { key: event.target.value }, origin)}
          />
        </div>
        <div className="w-48">
          <label htmlFor={`field-${field.id}-type`} className="block text-xs font-medium text-neutral-600">
            Type
          </label>
          <select
            id={`field-${field.id}-type`}
            className={`${inputClasses} mt-1`}
            value={field.type}
            disabled={isReadOnly}
            onChange={(event) => {
              const type = event.target.value as TaskFormFieldType;
              taskFormFields.setType(doc, field.id, type, defaultSettings(type), origin);
            }}
          >
            {taskFormFieldTypes.map((type) => (
              <option key={type} value={type}>
                {fieldTypeLabels[type]}
              </option>
            ))}
          </select>
        </div>
        {field.type !== 'section' && (
          <label className="flex h-10 items-center gap-2 text-sm text-neutral-700">
            <input
              type="checkbox"
              className="size-4 rounded border-neutral-300"
              checked={field.required}
              disabled={isReadOnly}
              onChange={(event) =>
                taskFormFields.update(doc, field.id, { required: event.target.checked }, origin)
              }
            />
            Required
          </label>
        )}
        {!isReadOnly && (
          <div className="ml-auto flex gap-1">
            <Button
              variant="ghost"
              size="sm"
              icon={ArrowUp}
              aria-label={`Move ${name} up`}
              disabled={position.index === 0}
              onClick={() => taskFormFields.move(doc, field.id, position.index - 1, origin)}
            />
            <Button
              variant="ghost"
              size="sm"
              icon={ArrowDown}
              aria-label={`Move ${name} down`}
              disabled={position.index === position.count - 1}
              onClick={() => taskFormFields.move(doc, field.id, position.index + 1, origin)}
            />
            <Button
              variant="ghost"
              size="sm"
              icon={Trash2}
              aria-label={`Remove ${name}`}
              onClick={() => taskFormFields.remove(doc, field.id, origin)}
            />
          </div>
        )}
      </div>
      {'options' in field && (
        <OptionList
          session={session}
          fieldId={field.id}
          fieldName={name}
          options={field.options}
          isReadOnly={isReadOnly}
        />
      )}
    </li>
  );
}

/** What a refused publish found here, in words, where it is. */
export function ProblemList({ problems }: { problems: readonly string[] | undefined }) {
  if (!problems?.length) return null;
  return (
    <ul className="space-y-1 text-sm text-red-700">
      {problems.map((problem) => (
        <li key={problem} className="flex gap-1.5">
          <CircleExclamationPoint className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          {problem}
        </li>
      ))}
    </ul>
  );
}
