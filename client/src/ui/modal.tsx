import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';

// The native <dialog> in modal mode gives us Escape, an inert page behind and the top layer. On top of it: the
// first field (not the close button) takes focus, Tab cycles inside instead of leaving for the browser's own
// controls, and focus goes back to whatever opened the modal when it closes (Escape, Cancel, × or navigation).
// Modals are open while mounted: callers render them conditionally, so each opening starts fresh.

const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const fieldSelector =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** Marks a modal's × button, which should not be the first thing focused. */
export const closeAttribute = 'data-modal-close';

function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (element) => element.getClientRects().length > 0,
  );
}

export function Modal({
  onClose,
  className,
  children,
  ...aria
}: {
  onClose: () => void;
  className: string;
  children: ReactNode;
  'aria-labelledby'?: string;
  'aria-describedby'?: string;
  'aria-label'?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Read during the first render, before anything inside can take focus.
  const [opener] = useState(() =>
    typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null),
  );

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>(fieldSelector) ??
      focusables(dialog).find((element) => !element.hasAttribute(closeAttribute));
    first?.focus();
    return () => {
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    const wrapTo = event.shiftKey
      ? document.activeElement === first && last
      : document.activeElement === last && first;
    if (wrapTo) {
      event.preventDefault();
      wrapTo.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      {...aria}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={className}
    >
      {children}
    </dialog>
  );
}
