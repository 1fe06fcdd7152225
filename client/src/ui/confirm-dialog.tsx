import type { ReactNode } from 'react';
import { useAction } from '../api/use-api';
import { FormDialog } from './dialog';

/** "Are you sure?" for work that cannot be undone; stays open with the error if the work fails. */
export function ConfirmDialog({
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
}: {
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
}) {
  const confirm = useAction(onConfirm);
  return (
    <FormDialog
      title={title}
      description={children}
      submitLabel={confirmLabel}
      submitVariant="danger"
      action={confirm}
      formError={confirm.error}
      onClose={onClose}
      onDone={onClose}
    />
  );
}
