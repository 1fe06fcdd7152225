import { nameSchema } from '@erp/shared/api/common';
import { useState } from 'react';
import { z } from 'zod';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { Dialog, DialogForm } from '../../ui/dialog';
import { TextField } from '../../ui/field';

const nameInputSchema = z.object({ name: nameSchema });

/** Asks for a document's name: creating one, or renaming it. Closes only when `onSave` worked. */
export function NameDialog({
  isOpen,
  onClose,
  title,
  description,
  submitLabel,
  initialName = '',
  onSave,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  submitLabel: string;
  initialName?: string;
  onSave: (name: string) => Promise<unknown>;
}) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={title} description={description}>
      {/* Mounted per opening so the field starts from initialName each time. */}
      <NameForm onClose={onClose} submitLabel={submitLabel} initialName={initialName} onSave={onSave} />
    </Dialog>
  );
}

function NameForm({
  onClose,
  submitLabel,
  initialName,
  onSave,
}: {
  onClose: () => void;
  submitLabel: string;
  initialName: string;
  onSave: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initialName);
  const save = useAction(async () => onSave(parseForm(nameInputSchema, { name }).name));
  const { fieldErrors, formError } = splitFormError(save.error, ['name']);
  return (
    <DialogForm
      submitLabel={submitLabel}
      isPending={save.isPending}
      error={formError}
      onCancel={onClose}
      onSubmit={async () => {
        if ((await save.run()).ok) onClose();
      }}
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
    </DialogForm>
  );
}
