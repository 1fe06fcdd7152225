import type { Option } from '@erp/shared/documents';
import { fieldOptions } from '@erp/shared/documents';
import { Plus, Trash2 } from 'lucide-react';
import { type CollabSession, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { inputClasses } from '../../../ui/field';
import { nextUnusedKey } from './field-types';

/** The choices of a dropdown or multiple-choice field: what people see (label) and what is stored (value). */
export function OptionList({
  session,
  fieldId,
  fieldName,
  options,
  isReadOnly,
}: {
  session: CollabSession;
  fieldId: string;
  fieldName: string;
  options: Option[];
  isReadOnly: boolean;
}) {
  const { doc, origin } = session;
  const addOption = () => {
    const values = options.map((option) => option.value);
    fieldOptions.add(doc, fieldId, { label: '', value: nextUnusedKey('option', values) }, origin);
  };
  return (
    <fieldset className="rounded-md border border-neutral-200 p-3">
      <legend className="px-1 text-xs font-medium text-neutral-600">Options of {fieldName}</legend>
      {options.length === 0 && (
        <p className="text-sm text-neutral-500">No options yet: people will have nothing to choose from.</p>
      )}
      <ul className="space-y-2">
        {options.map((option, index) => (
          <OptionRow
            key={option.id}
            session={session}
            fieldId={fieldId}
            option={option}
            number={index + 1}
            isReadOnly={isReadOnly}
          />
        ))}
      </ul>
      {!isReadOnly && (
        <Button className="mt-2" variant="ghost" size="sm" icon={Plus} onClick={addOption}>
          Add option
        </Button>
      )}
    </fieldset>
  );
}

function OptionRow({
  session,
  fieldId,
  option,
  number,
  isReadOnly,
}: {
  session: CollabSession;
  fieldId: string;
  option: Option;
  number: number;
  isReadOnly: boolean;
}) {
  const { doc, origin } = session;
  const [label, setLabel] = useSharedText(fieldOptions.getLabel(doc, fieldId, option.id), origin);
  return (
    <li className="flex items-center gap-2">
      <input
        aria-label={`Option ${number} label`}
        className={inputClasses}
        value={label}
        placeholder="What people see"
        readOnly={isReadOnly}
        onChange={(event) => setLabel(event.target.value)}
      />
      <input
        aria-label={`Option ${number} value`}
        className={`${inputClasses} w-40 shrink-0 font-mono`}
        value={option.value}
        readOnly={isReadOnly}
        onChange={(event) =>
          fieldOptions.update(doc, fieldId, option.id, { value: event.target.value }, origin)
        }
      />
      {!isReadOnly && (
        <Button
          variant="ghost"
          size="sm"
          icon={Trash2}
          aria-label={`Remove option ${number}`}
          onClick={() => fieldOptions.remove(doc, fieldId, option.id, origin)}
        />
      )}
    </li>
  );
}
