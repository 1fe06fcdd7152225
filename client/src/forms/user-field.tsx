import type { TaskFormField } from '@erp/shared';
import { X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../ui/button';
import { PersonField, usePeople } from './person-field';
import { type FieldControlProps, idsOf } from './published-form';

// A task form's person field as people fill it in: the colleagues chosen, by name, and the directory's search
// to choose (or add, when the field takes several). The server checks the ids again.

type UserField = Extract<TaskFormField, { type: 'user' }>;

export function UserFieldControl({
  field,
  value,
  problem,
  readOnly,
  onChange,
}: FieldControlProps<UserField>) {
  const label = field.label || field.key;
  const ids = idsOf(value);
  const people = usePeople(ids);
  // A new search box after each addition, so the next name starts from empty.
  const [searches, setSearches] = useState(0);
  const choose = (id: string | null) => {
    if (!id) return;
    if (!field.multiple) return onChange(id);
    if (!ids.includes(id)) onChange([...ids, id]);
    setSearches((count) => count + 1);
  };
  const remove = (id: string) => {
    const rest = ids.filter((other) => other !== id);
    onChange(field.multiple && rest.length > 0 ? rest : undefined);
  };
  const problemId = `user-${field.id}-problem`;
  return (
    <fieldset aria-describedby={problem ? problemId : undefined}>
      <legend className="text-sm font-medium text-neutral-800">
        {label}
        {field.required && ' (required)'}
      </legend>
      {ids.length === 0 ? (
        <p className="mt-1.5 text-sm text-neutral-500">Nobody chosen</p>
      ) : (
        <ul className="mt-1.5 flex flex-wrap gap-2" aria-label={`Chosen for ${label}`}>
          {ids.map((id) => {
            const name = people.get(id)?.name ?? id;
            return (
              <li
                key={id}
                className="inline-flex items-center gap-1 rounded-full bg-neutral-100 py-0.5 pr-1 pl-2.5 text-sm text-neutral-900"
              >
                {name}
                {!readOnly && (
                  <Button
                    variant="ghost"
                    size="sm"
                    icon={X}
                    aria-label={`Remove ${name}`}
                    onClick={() => remove(id)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!readOnly && (
        <div className="mt-2">
          <PersonField
            key={searches}
            label={field.multiple ? `Add someone to ${label}` : `Choose ${label}`}
            help={field.helpText || undefined}
            onChange={choose}
          />
        </div>
      )}
      {problem && (
        <p id={problemId} className="mt-1.5 text-sm text-red-700">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
