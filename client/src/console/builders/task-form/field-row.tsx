import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  type DocumentIssue,
  type TaskFormField,
  type TaskFormFieldType,
  taskFormFields,
  taskFormFieldTypes,
} from '@erp/shared/documents';
import { clsx } from 'clsx';
import { CircleExclamationPoint, Copy, GripVertical, Trash2 } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { type CollabSession, type Peer, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { inputClasses } from '../../../ui/field';
import { pathAttribute } from '../issue-focus';
import { PeerHere } from '../peer-here';
import { defaultSettings, fieldTypeLabels, paletteIdPrefix } from './field-types';
import { OptionList } from './option-list';

/**
 * One field of the form, dragged by its handle (pointer or keyboard) to another place; a colleague working on
 * it is shown by their colour and name, and what the checks found wrong with it in red. Focusing anything in
 * it selects it, so the properties pane shows the rest of it.
 */
export function FieldRow({
  session,
  field,
  isReadOnly,
  isSelected,
  isNew,
  issues,
  peer,
  problems,
  onSelect,
  onDuplicate,
  onRemove,
}: {
  session: CollabSession;
  field: TaskFormField;
  isReadOnly: boolean;
  isSelected: boolean;
  /** Just added here: its label takes focus. */
  isNew: boolean;
  issues: DocumentIssue[];
  peer: Peer | undefined;
  /** What a refused publish found in this field. */
  problems?: readonly string[];
  onSelect: () => void;
  onDuplicate: () => void;
  onRemove: () => void;
}) {
  const { doc, origin } = session;
  const sortable = useSortable({ id: field.id, disabled: isReadOnly });
  // A new field dragged from the palette lands before the row it is over.
  const isDropTarget = sortable.isOver && String(sortable.active?.id).startsWith(paletteIdPrefix);
  const [label, setLabel] = useSharedText(taskFormFields.getText(doc, field.id, 'label'), origin);
  const labelRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (isNew) labelRef.current?.focus();
  }, [isNew]);
  const labelId = `field-${field.id}-label`;
  const checksId = `field-${field.id}-checks`;
  const name = field.label || 'untitled field';
  const isInvalid = (prop: string) => issues.some((issue) => issue.path[2] === prop) || undefined;
  const describedBy = issues.length > 0 ? checksId : undefined;
  return (
    <li
      ref={sortable.setNodeRef}
      data-field-row={field.id}
      {...pathAttribute('fields', field.id)}
      data-invalid={problems ? true : undefined}
      aria-current={isSelected || undefined}
      className={clsx(
        'relative space-y-3 border-l-4 bg-white py-4 pr-5 pl-3',
        problems && 'bg-red-50/60',
        isSelected && 'bg-indigo-50/50 ring-1 ring-indigo-200 ring-inset',
        sortable.isDragging && 'z-10 opacity-80 shadow-lg',
        isDropTarget && 'shadow-[inset_0_3px_0_0_var(--color-indigo-500)]',
      )}
      style={{
        borderLeftColor: peer?.color ?? (issues.length > 0 ? '#dc2626' : 'transparent'),
        transform: CSS.Translate.toString(sortable.transform),
        transition: sortable.transition,
      }}
      onFocus={() => {
        session.setFocus(field.id);
        onSelect();
      }}
      onPointerDown={onSelect}
      onBlur={() => session.setFocus(null)}
    >
      <ProblemList problems={problems} />
      <div className="flex gap-2">
        {!isReadOnly && (
          <button
            type="button"
            className="mt-6 flex h-9 w-6 shrink-0 cursor-grab items-center justify-center rounded text-neutral-400 hover:bg-neutral-100 hover:text-neutral-700 focus-visible:outline-2 focus-visible:outline-indigo-500"
            aria-label={`Drag ${name}`}
            {...sortable.attributes}
            {...sortable.listeners}
          >
            <GripVertical className="size-4" aria-hidden="true" />
          </button>
        )}
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <label htmlFor={labelId} className="block text-xs font-medium text-neutral-600">
                Label
              </label>
              <PeerHere peer={peer} />
            </div>
            <input
              ref={labelRef}
              id={labelId}
              name="label"
              {...pathAttribute('fields', field.id, 'label')}
              aria-invalid={isInvalid('label')}
              aria-describedby={describedBy}
              className={`${inputClasses} mt-1`}
              value={label}
              placeholder="What should people fill in?"
              readOnly={isReadOnly}
              onChange={(event) => setLabel(event.target.value)}
            />
          </div>
          <div className="flex flex-wrap items-end gap-3">
            {field.type !== 'section' && (
              <div className="w-40">
                <label
                  htmlFor={`field-${field.id}-key`}
                  className="block text-xs font-medium text-neutral-600"
                >
                  Key
                </label>
                <input
                  id={`field-${field.id}-key`}
                  {...pathAttribute('fields', field.id, 'key')}
                  aria-invalid={isInvalid('key')}
                  aria-describedby={describedBy}
                  className={`${inputClasses} mt-1 font-mono`}
                  value={field.key}
                  readOnly={isReadOnly}
                  onChange={(event) =>
                    taskFormFields.update(doc, field.id, { key: event.target.value }, origin)
                  }
                />
              </div>
            )}
            <div className="w-48">
              <label
                htmlFor={`field-${field.id}-type`}
                className="block text-xs font-medium text-neutral-600"
              >
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
                  icon={Copy}
                  aria-label={`Duplicate ${name}`}
                  onClick={onDuplicate}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  icon={Trash2}
                  aria-label={`Remove ${name}`}
                  onClick={onRemove}
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
              issues={issues}
              isReadOnly={isReadOnly}
            />
          )}
          {issues.length > 0 && (
            <ul id={checksId} className="space-y-0.5 text-sm text-red-700">
              {issues.map((issue) => (
                <li key={`${issue.path.join('.')}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </li>
  );
}

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
