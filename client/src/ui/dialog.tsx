import { X } from 'lucide-react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { ErrorAlert } from './alert';
import { Button } from './button';

// The native <dialog> in modal mode gives us the focus trap, Escape, an inert page behind and the top layer.

export function Dialog({
  isOpen,
  onClose,
  title,
  description,
  children,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-full max-w-lg rounded-xl bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      {isOpen && (
        <div className="p-6">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="-m-1 rounded-md p-1 text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800"
            >
              <X className="size-5" aria-hidden="true" />
            </button>
          </div>
          {description && (
            <div id={descriptionId} className="mt-2 text-sm text-neutral-600">
              {description}
            </div>
          )}
          <div className="mt-5">{children}</div>
        </div>
      )}
    </dialog>
  );
}

/** The body of a form dialog: fields, a form-level error, Cancel and a pending submit button. */
export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  isPending,
  error,
  submitVariant = 'primary',
  children,
}: {
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  isPending: boolean;
  /** Shown above the buttons; field errors belong next to their fields instead. */
  error?: unknown;
  submitVariant?: 'primary' | 'danger';
  children?: ReactNode;
}) {
  return (
    <form
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
      className="space-y-5"
    >
      {children}
      {error !== undefined && error !== null && <ErrorAlert error={error} title="That did not work" />}
      <div className="flex justify-end gap-3 pt-1">
        <Button onClick={onCancel} disabled={isPending}>
          Cancel
        </Button>
        <Button type="submit" variant={submitVariant} isPending={isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
