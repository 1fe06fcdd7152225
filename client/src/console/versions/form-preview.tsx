import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { fieldTypeLabels } from '../builders/task-form/field-types';
import { MarkedElement, type Marks } from './marked-element';
import { type Entity, readEntities, readText, type Snapshot } from './snapshot-content';

/**
 * A task form as the person completing it would see it, read-only: title, instructions, then each field with
 * its label, kind of input, options and help. Changed fields are marked (see MarkedElement).
 */
export function FormPreview({ snapshot, marks }: { snapshot: Snapshot; marks: Marks }) {
  const fields = readEntities(snapshot, 'fields');
  const title = readText(snapshot, 'title');
  const description = readText(snapshot, 'description');
  return (
    <div className="space-y-1">
      <MarkedElement entityId={rootEntityId} marks={marks} className="rounded-r-md px-4 py-3">
        <p className="text-base font-semibold text-neutral-900">
          {title || <span className="text-neutral-400 italic">No title</span>}
        </p>
        {description && <p className="mt-1 text-sm whitespace-pre-line text-neutral-600">{description}</p>}
      </MarkedElement>
      {fields.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-neutral-500">This form has no fields.</p>
      ) : (
        <ol aria-label="Fields" className="space-y-1">
          {fields.map((field) => (
            <MarkedElement
              key={field.id}
              as="li"
              entityId={field.id}
              marks={marks}
              className="rounded-r-md px-4 py-3"
            >
              <FieldPreview field={field} />
            </MarkedElement>
          ))}
        </ol>
      )}
    </div>
  );
}

function FieldPreview({ field }: { field: Entity }) {
  const type = readText(field, 'type');
  const label = readText(field, 'label') || readText(field, 'key') || 'Untitled field';
  const helpText = readText(field, 'helpText');
  if (type === 'section') {
    return (
      <div>
        <p className="text-sm font-semibold tracking-wide text-neutral-800 uppercase">{label}</p>
        {helpText && <p className="mt-0.5 text-sm text-neutral-500">{helpText}</p>}
      </div>
    );
  }
  const options = readEntities(field, 'options');
  const typeLabel = fieldTypeLabels[type as keyof typeof fieldTypeLabels] ?? type;
  return (
    <div className="text-sm">
      <p className="font-medium text-neutral-800">
        {label}
        {field.required === true && (
          <span className="ml-0.5 text-red-600" title="Required">
            *
          </span>
        )}
        <span className="ml-2 font-mono text-xs font-normal text-neutral-400">{readText(field, 'key')}</span>
      </p>
      {options.length > 0 ? (
        <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label={`Options of ${label}`}>
          {options.map((option) => (
            <li
              key={option.id}
              className="rounded-md bg-white px-2 py-0.5 text-xs text-neutral-700 ring-1 ring-neutral-300 ring-inset"
            >
              {readText(option, 'label') || readText(option, 'value')}
            </li>
          ))}
        </ul>
      ) : (
        <div className="mt-1.5 flex h-9 items-center rounded-md bg-white px-3 text-neutral-400 ring-1 ring-neutral-200 ring-inset">
          {typeLabel}
        </div>
      )}
      {helpText && <p className="mt-1 text-neutral-500">{helpText}</p>}
    </div>
  );
}
