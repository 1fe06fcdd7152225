import { X } from 'lucide-react';
import { type ReactNode, useId } from 'react';
import type { Action } from '../api/use-api';
import { ErrorAlert } from './alert';
import { Button } from './button';
import { Form } from './form';
import { closeAttribute, Modal } from './modal';

/** A centred modal dialog with a title, an optional description and a × button (see Modal for focus). */
export function Dialog({
  onClose,
  title,
  description,
  children,
}: {
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Modal
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      <div className="p-6">
        <div className="flex items-start justify-between gap-4">
          <h2 id={titleId} className="min-w-0 text-lg font-semibold break-words">
            {title}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close"
            {...{ [closeAttribute]: '' }}
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
    </Modal>
  );
}

/**
 * A dialog around one form: fields, a form-level error, Cancel and a pending submit button. It runs `action` on
 * submit and hands its result to `onDone`; on failure it stays open with the error.
 */
export function FormDialog<R>({
  title,
  description,
  submitLabel,
  submitVariant = 'primary',
  action,
  formError,
  onClose,
  onDone,
  children,
}: {
  title: string;
  description?: ReactNode;
  submitLabel: string;
  submitVariant?: 'primary' | 'danger';
  action: Action<[], R>;
  /** Shown above the buttons; field errors belong next to their fields (see splitFormError). */
  formError?: unknown;
  onClose: () => void;
  onDone: (result: R) => void;
  children?: ReactNode;
}) {
  return (
    <Dialog onClose={onClose} title={title} description={description}>
      <Form
        onSubmit={async () => {
          const result = await action.run();
          if (result.ok) onDone(result.value);
        }}
      >
        {children}
        {formError !== undefined && formError !== null && (
          <ErrorAlert error={formError} title="That did not work" />
        )}
        <div className="flex justify-end gap-3 pt-1">
          <Button onClick={onClose} disabled={action.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={submitVariant} isPending={action.isPending}>
            {submitLabel}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
