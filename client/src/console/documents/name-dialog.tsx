import { nameSchema } from '@erp/shared/api/common';
import { useState } from 'react';
import { z } from 'zod';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { FormDialog } from '../../ui/dialog';
import { TextField } from '../../ui/field';
import { JsonFileField, readJsonFile } from './json-file';

const nameInputSchema = z.object({ name: nameSchema });

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
        required
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={fieldErrors.name}
      />
      {importHelp && (
        <JsonFileField
          label="Start from a file (optional)"
          help={importHelp}
          error={fieldErrors.content}
          onChange={setFile}
        />
      )}
    </FormDialog>
  );
}
