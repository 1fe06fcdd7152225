import { type ReactNode, useEffect } from 'react';

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · ERP Builder`;
  }, [title]);
}

/** Every page has one: its h1, what it is for, and its main actions. */
export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Small line above the title, e.g. a link back to the list. */
  eyebrow?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        {eyebrow && <div className="mb-2 text-sm text-neutral-500">{eyebrow}</div>}
        <h1 className="truncate text-2xl font-semibold tracking-tight text-neutral-900">{title}</h1>
        {description && <p className="mt-1.5 max-w-3xl text-sm text-neutral-600">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-3">{actions}</div>}
    </header>
  );
}
