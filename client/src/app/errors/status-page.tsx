import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../ui/page-header';

/** The body of 403/404/crash pages: big code, a heading, what to do next. */
export function StatusPage({
  code,
  icon: Icon,
  title,
  children,
  actions,
}: {
  code: string;
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-6 py-20 text-center">
      <div className="mb-5 flex size-14 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
        <Icon className="size-7" aria-hidden="true" />
      </div>
      <p className="text-sm font-semibold text-indigo-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-neutral-900">{title}</h1>
      <div className="mt-3 text-sm text-neutral-600">{children}</div>
      <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
    </div>
  );
}
