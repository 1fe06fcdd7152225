import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from './button';

/** A short message at the bottom of the screen about what just happened, with a way to take it back. */
export function Toast({
  children,
  action,
  onDismiss,
}: {
  children: ReactNode;
  action?: ReactNode;
  onDismiss: () => void;
}) {
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <div
        role="status"
        className="pointer-events-auto flex max-w-full items-center gap-3 rounded-lg bg-neutral-900 py-2 pr-2 pl-4 text-sm text-white shadow-lg"
      >
        <p className="min-w-0 truncate">{children}</p>
        {action}
        <Button
          variant="ghost"
          size="sm"
          icon={X}
          aria-label="Dismiss"
          className="text-neutral-300 hover:bg-neutral-800 hover:text-white"
          onClick={onDismiss}
        />
      </div>
    </div>
  );
}
