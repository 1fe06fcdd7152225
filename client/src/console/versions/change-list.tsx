import type { DocumentChange } from '@erp/shared/documents/diff/changes';
import { clsx } from 'clsx';
import { Badge } from '../../ui/badge';
import { changeOpInfo, changeTarget, describeChange } from './changes';

/**
 * The semantic diff as a list. With `onSelect`, each change is a button that shows its element (the caller
 * scrolls to and highlights it); `authorsOf` names who made each change, where that is known.
 */
export function ChangeList({
  changes,
  label,
  selected,
  onSelect,
  authorsOf,
}: {
  changes: readonly DocumentChange[];
  /** The list's accessible name: "Changes since version 3". */
  label: string;
  selected?: string | null;
  onSelect?: (target: string) => void;
  authorsOf?: (change: DocumentChange) => readonly string[];
}) {
  return (
    <ul aria-label={label} className="divide-y divide-neutral-100 text-sm">
      {changes.map((change) => {
        const { title, detail } = describeChange(change);
        const target = changeTarget(change);
        const authors = authorsOf?.(change) ?? [];
        const content = (
          <>
            <span className="flex items-start gap-2">
              <Badge tone={changeOpInfo[change.op].tone}>{changeOpInfo[change.op].label}</Badge>
              <span className="min-w-0 flex-1 text-neutral-900">{title}</span>
            </span>
            {detail && <span className="mt-1 block break-words text-neutral-600">{detail}</span>}
            {authors.length > 0 && (
              <span className="mt-1 block text-xs text-neutral-500" data-testid="change-authors">
                by {authors.join(', ')}
              </span>
            )}
          </>
        );
        const key = `${change.op}:${change.entityId}:${change.property ?? ''}`;
        return (
          <li key={key}>
            {onSelect ? (
              <button
                type="button"
                aria-pressed={selected === target}
                onClick={() => onSelect(target)}
                className={clsx(
                  'block w-full px-4 py-3 text-left hover:bg-neutral-50',
                  selected === target && 'bg-indigo-50 hover:bg-indigo-50',
                )}
              >
                {content}
              </button>
            ) : (
              <div className="px-4 py-3">{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
