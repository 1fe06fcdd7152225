import { nameSchema } from '@erp/shared/api/common';
import { useState } from 'react';
import { z } from 'zod';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { FormDialog } from '../../ui/dialog';
import { TextField } from '../../ui/field';

const nameInputSchema = z.object({ name: nameSchema });

/** Asks for a document's name: creating one, or renaming it. Closes only when `onSave` worked. */
export function NameDialog({
  onClose,
  title,
  description,
  submitLabel,
  initialName = '',
  onSave,
}: {
  onClose: () => void;
  title: string;
  description?: string;
  submitLabel: string;
  initialName?: string;
  onSave: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initialName);
  const save = useAction(async () => onSave(parseForm(nameInputSchema, { name }).name));
  const { fieldErrors, formError } = splitFormError(save.error, ['name']);
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
    </FormDialog>
  );
}
