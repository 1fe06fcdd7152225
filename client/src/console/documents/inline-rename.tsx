import { nameSchema } from '@erp/shared/api/common';
import { Check, Pencil, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { parseForm, splitFormError } from '../../api/client';
import * as documentsApi from '../../api/documents';
import { useAction } from '../../api/use-api';
import { Button } from '../../ui/button';
import { inputClasses } from '../../ui/field';

const renameSchema = z.object({ name: nameSchema });

/**
 * The document's name with a Rename button; renaming happens in place (Enter saves, Escape cancels) and gives
 * focus back to the button.
 */
export function InlineRename({ id, name, onRenamed }: { id: string; name: string; onRenamed: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const isEditing = draft !== null;
  const save = useAction(async () => {
    const parsed = parseForm(renameSchema, { name: draft });
    if (parsed.name !== name) await documentsApi.updateDocument(id, parsed);
  });
  const { fieldErrors, formError } = splitFormError(save.error, ['name']);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (isEditing) inputRef.current?.select();
    else if (wasEditing.current) buttonRef.current?.focus();
    wasEditing.current = isEditing;
  }, [isEditing]);

  if (!isEditing) {
    return (
      <Button ref={buttonRef} variant="ghost" size="sm" icon={Pencil} onClick={() => setDraft(name)}>
        Rename
      </Button>
    );
  }
  const error = fieldErrors.name ?? (formError ? 'The name was not saved. Try again.' : undefined);
  return (
    <form
      noValidate
      className="flex flex-wrap items-start gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await save.run();
        if (result.ok) {
          setDraft(null);
          onRenamed();
        }
      }}
    >
      <div>
        <input
          ref={inputRef}
          aria-label="Document name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `rename-${id}-error` : undefined}
          className={`${inputClasses} w-72 max-w-full`}
          value={draft}
          maxLength={200}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(null);
          }}
        />
        {error && (
          <p id={`rename-${id}-error`} className="mt-1 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="primary" size="md" icon={Check} isPending={save.isPending}>
        Save
      </Button>
      <Button size="md" icon={X} onClick={() => setDraft(null)}>
        Cancel
      </Button>
    </form>
  );
}
