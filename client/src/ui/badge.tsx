import { clsx } from 'clsx';
import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'indigo' | 'green' | 'amber' | 'red';

const toneClasses = {
  neutral: 'bg-neutral-100 text-neutral-700 ring-neutral-500/10',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-700/10',
  green: 'bg-green-50 text-green-700 ring-green-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/10',
} satisfies Record<BadgeTone, string>;

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={clsx(
        'inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        toneClasses[tone],
      )}
    >
      {children}
    </span>
  );
}
