import type { DocumentIssue, Option } from '@erp/shared/documents';
import { fieldOptions } from '@erp/shared/documents';
import { Plus, Trash2 } from 'lucide-react';
import { type CollabSession, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { inputClasses } from '../../../ui/field';
import { pathAttribute } from '../issue-focus';
import { nextUnusedKey } from './field-types';

/** The choices of a dropdown or multiple-choice field: what people see (label) and what is stored (value). */
export function OptionList({
  session,
  fieldId,
  fieldName,
  options,
  issues,
  isReadOnly,
}: {
  session: CollabSession;
  fieldId: string;
  fieldName: string;
  options: Option[];
  /** The field's problems; those about an option mark its inputs. */
  issues: DocumentIssue[];
  isReadOnly: boolean;
}) {
  const { doc, origin } = session;
  const addOption = () => {
    const values = options.map((option) => option.value);
    fieldOptions.add(doc, fieldId, { label: '', value: nextUnusedKey('option', values) }, origin);
  };
  return (
    <fieldset
      className="min-w-0 rounded-md border border-neutral-200 p-3"
      {...pathAttribute('fields', fieldId, 'options')}
    >
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
            invalid={issues.flatMap((issue) =>
              issue.path[3] === option.id && issue.path[4] ? [issue.path[4]] : [],
            )}
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
  invalid,
  isReadOnly,
}: {
  session: CollabSession;
  fieldId: string;
  option: Option;
  number: number;
  /** Its props the checks found wrong ('label', 'value'). */
  invalid: string[];
  isReadOnly: boolean;
}) {
  const { doc, origin } = session;
  const [label, setLabel] = useSharedText(fieldOptions.getLabel(doc, fieldId, option.id), origin);
  return (
    <li className="flex items-center gap-2">
      <input
        aria-label={`Option ${number} label`}
        {...pathAttribute('fields', fieldId, 'options', option.id, 'label')}
        aria-invalid={invalid.includes('label') || undefined}
        className={`${inputClasses} min-w-0`}
        value={label}
        placeholder="What people see"
        readOnly={isReadOnly}
        onChange={(event) => setLabel(event.target.value)}
      />
      <input
        aria-label={`Option ${number} value`}
        {...pathAttribute('fields', fieldId, 'options', option.id, 'value')}
        aria-invalid={invalid.includes('value') || undefined}
        className={`${inputClasses} w-28 shrink-0 font-mono sm:w-40`}
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
