import type { Person } from '@erp/shared/api/users';
import { useEffect, useId, useState } from 'react';
import { useApi } from '../api/use-api';
import { findPeople, listDirectory } from '../api/users';
import { Field, inputClasses } from '../ui/field';

const personLabel = (person: Person) => `${person.name} <${person.email}>`;

/**
 * A person found by typing part of their name or email (the directory is searched, so it works for any size
 * of company); picking a suggestion sets the person, typing on clears it.
 */
export function PersonField({
  label,
  help = 'Type a name or email, then pick the person.',
  onChange,
}: {
  label: string;
  help?: string;
  onChange: (userId: string | null) => void;
}) {
  const [text, setText] = useState('');
  const listId = useId();
  // A picked suggestion reads "Name <email>": search by the email, which finds exactly that person.
  const q = text.match(/<([^<>]+)>$/)?.[1] ?? text.trim();
  const people = useApi(`directory|${q}`, (signal) =>
    listDirectory({ q: q || undefined, limit: 20 }, signal),
  );
  const match = people.data?.items.find((person) => personLabel(person) === text);
  // biome-ignore lint/correctness/useExhaustiveDependencies: onChange is a new function each render.
  useEffect(() => onChange(match?.id ?? null), [match?.id]);
  return (
    <Field label={label} help={match ? `Picked ${match.name}.` : help}>
      {(control) => (
        <>
          <input
            {...control}
            className={inputClasses}
            list={listId}
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <datalist id={listId}>
            {people.data?.items.map((person) => (
              <option key={person.id} value={personLabel(person)} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

/** The people with these ids (enabled colleagues; anyone else stays unnamed and callers show the id). */
export function usePeople(ids: string[]): Map<string, Person> {
  const key = ids.join(',');
  const people = useApi(`people|${key}`, (signal) => findPeople(ids, signal));
  return new Map((people.data ?? []).map((person) => [person.id, person]));
}
