import type { ReactNode } from 'react';
import { useAction } from '../api/use-api';
import { Dialog, DialogForm } from './dialog';

/** "Are you sure?" for work that cannot be undone; stays open with the error if the work fails. */
export function ConfirmDialog({
  isOpen,
  onClose,
  title,
  children,
  confirmLabel,
  tone = 'danger',
  onConfirm,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  onConfirm: () => Promise<unknown>;
}) {
  const confirm = useAction(onConfirm);
  const close = () => {
    confirm.reset();
    onClose();
  };
  return (
    <Dialog isOpen={isOpen} onClose={close} title={title} description={children}>
      <DialogForm
        submitLabel={confirmLabel}
        submitVariant={tone}
        isPending={confirm.isPending}
        error={confirm.error}
        onCancel={close}
        onSubmit={async () => {
          if ((await confirm.run()).ok) onClose();
        }}
      />
    </Dialog>
  );
}
