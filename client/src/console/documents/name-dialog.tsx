import { nameSchema } from '@erp/shared/api/common';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { FormDialog } from '../../ui/dialog';
import { Field, TextField } from '../../ui/field';

const nameInputSchema = z.object({ name: nameSchema });
const maxImportBytes = 1024 * 1024;

/** A JSON file's content, or a field error on `content` a person can act on. */
async function readJsonFile(file: File): Promise<unknown> {
  const refuse = (message: string) =>
    new ApiError(400, 'invalid_input', message, { issues: [{ path: ['content'], message }] });
  if (file.size > maxImportBytes) throw refuse('This file is larger than 1 MB.');
  try {
    return JSON.parse(await file.text());
  } catch {
    throw refuse('This file is not JSON. Choose a file exported from a builder.');
  }
}

/** Asks for a document's name: creating one, or renaming it. Closes only when `onSave` worked. */
export function NameDialog({
  onClose,
  title,
  description,
  submitLabel,
  initialName = '',
  importHelp,
  onSave,
}: {
  onClose: () => void;
  title: string;
  description?: string;
  submitLabel: string;
  initialName?: string;
  /** Offers to start from an exported JSON file, explained by this help text. */
  importHelp?: string;
  onSave: (name: string, content?: unknown) => Promise<unknown>;
}) {
  const [name, setName] = useState(initialName);
  const [file, setFile] = useState<File | null>(null);
  const save = useAction(async () => {
    const parsed = parseForm(nameInputSchema, { name });
    return onSave(parsed.name, file ? await readJsonFile(file) : undefined);
  });
  const { fieldErrors, formError } = splitFormError(save.error, ['name', 'content']);
  return (
    <FormDialog
      title={title}
      description={description}
      submitLabel={submitLabel}
      action={save}
      formError={formError}
      onClose={onClose}
      onDone={onClose}
    >
      <TextField
        label="Name"
        autoFocus
        required
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={fieldErrors.name}
      />
      {importHelp && (
        <Field label="Start from a file (optional)" help={importHelp} error={fieldErrors.content}>
          {(control) => (
            <input
              {...control}
              type="file"
              accept="application/json,.json"
              className="block w-full text-sm text-neutral-700 file:mr-3 file:rounded-md file:border-0 file:bg-neutral-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-neutral-200"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
          )}
        </Field>
      )}
    </FormDialog>
  );
}
