import { clsx } from 'clsx';
import { CircleCheck, CircleExclamationPoint } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../api/client';
import { Button } from './button';

/** An error a person can act on: what happened, and a way to try again when there is one. */
export function ErrorAlert({
  error,
  title = 'Something went wrong',
  onRetry,
  children,
  className,
}: {
  error?: unknown;
  title?: string;
  onRetry?: () => void;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div role="alert" className={clsx('rounded-lg border border-red-200 bg-red-50 p-4', className)}>
      <div className="flex gap-3">
        <CircleExclamationPoint className="mt-0.5 size-5 shrink-0 text-red-600" aria-hidden="true" />
        <div className="min-w-0 flex-1 text-sm">
          <p className="font-medium text-red-800">{title}</p>
          {error !== undefined && <p className="mt-1 text-red-700">{errorMessage(error)}</p>}
          {children && <div className="mt-1 text-red-700">{children}</div>}
          {onRetry && (
            <Button size="sm" className="mt-3" onClick={onRetry}>
              Try again
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

/** A quiet confirmation of something that just happened, announced to screen readers. */
export function Notice({ children, onDismiss }: { children: ReactNode; onDismiss?: () => void }) {
  return (
    <div
      role="status"
      className="flex items-center gap-3 rounded-lg border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800"
    >
      <CircleCheck className="size-5 shrink-0 text-green-600" aria-hidden="true" />
      <div className="flex-1">{children}</div>
      {onDismiss && (
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      )}
    </div>
  );
}

export interface Feedback {
  notice: string | null;
  error: unknown;
  succeed: (message: string) => void;
  /** Runs a change made in place (a row action) and reports how it went. */
  attempt: (work: () => Promise<string>) => Promise<void>;
  dismiss: () => void;
}

/** What a list page says after a change: one confirmation or one error, replacing the previous one. */
export function useFeedback(): Feedback {
  const [state, setState] = useState<{ notice: string | null; error: unknown }>({
    notice: null,
    error: null,
  });
  const succeed = (message: string) => setState({ notice: message, error: null });
  return {
    ...state,
    succeed,
    attempt: async (work) => {
      setState({ notice: null, error: null });
      try {
        succeed(await work());
      } catch (error) {
        setState({ notice: null, error });
      }
    },
    dismiss: () => setState({ notice: null, error: null }),
  };
}

export function FeedbackArea({ feedback }: { feedback: Feedback }) {
  return (
    <div className="mb-4 space-y-3 empty:hidden">
      {feedback.notice && <Notice onDismiss={feedback.dismiss}>{feedback.notice}</Notice>}
      {feedback.error !== null && <ErrorAlert error={feedback.error} title="That change was not saved" />}
    </div>
  );
}
