import { clsx } from 'clsx';

export function Spinner({ className }: { className?: string }) {
  return (
    <svg
      className={clsx('size-4 animate-spin', className)}
      viewBox="0 0 24 24"
      fill="none"
      aria-hidden="true"
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/** A region that says what is loading, for screen readers as well as eyes. */
export function LoadingState({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div
      role="status"
      className={clsx('flex items-center justify-center gap-3 py-16 text-sm text-neutral-500', className)}
    >
      <Spinner className="size-5 text-indigo-600" />
      <span>{label}</span>
    </div>
  );
}
