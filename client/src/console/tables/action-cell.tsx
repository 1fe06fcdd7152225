import type { ReactNode } from 'react';

/** A grid cell whose value opens an editor of its own (a picker, a dialog): one button named after the value. */
export function ActionCell({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <td className="flex min-w-0">
      <button
        type="button"
        aria-label={label}
        className="w-full truncate px-2 text-left text-indigo-700 hover:bg-indigo-50 focus-visible:bg-indigo-50"
        onClick={onClick}
      >
        {children}
      </button>
    </td>
  );
}
