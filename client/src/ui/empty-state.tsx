import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

// The title is not a heading on purpose: each page has one h1, and tests and screen readers find the page by it.
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon?: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      {Icon && (
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <Icon className="size-6" aria-hidden="true" />
        </div>
      )}
      <p className="text-base font-semibold text-neutral-900">{title}</p>
      {children && <div className="mt-2 max-w-md text-sm text-neutral-600">{children}</div>}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
