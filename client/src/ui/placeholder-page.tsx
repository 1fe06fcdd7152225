import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Card } from './card';
import { EmptyState } from './empty-state';
import { PageHeader } from './page-header';

/** A page whose feature is not built yet: it says so plainly, and what it will do. */
export function PlaceholderPage({
  title,
  summary,
  icon,
  status,
  children,
}: {
  title: string;
  summary: string;
  icon: LucideIcon;
  /** The empty state's heading, e.g. "The hierarchy is not available yet". */
  status: string;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={summary} />
      <Card>
        <EmptyState icon={icon} title={status}>
          {children}
        </EmptyState>
      </Card>
    </>
  );
}
