import { Boxes } from 'lucide-react';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../ui/page-header';

/** The frame of the pages before sign-in: brand, one heading, one card. */
export function AuthLayout({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2.5 text-neutral-900">
          <span className="flex size-9 items-center justify-center rounded-lg bg-indigo-600 text-white">
            <Boxes className="size-5" aria-hidden="true" />
          </span>
          <span className="text-lg font-semibold tracking-tight">ERP Builder</span>
        </div>
        <div className="rounded-xl border border-neutral-200 bg-white px-6 py-8 shadow-sm sm:px-8">
          <h1 className="text-xl font-semibold tracking-tight text-neutral-900">{title}</h1>
          <p className="mt-1.5 text-sm text-neutral-600">{description}</p>
          <div className="mt-6">{children}</div>
        </div>
        {footer && <div className="mt-6 text-center text-sm text-neutral-500">{footer}</div>}
      </div>
    </main>
  );
}
