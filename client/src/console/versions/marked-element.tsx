import type { ChangeOp } from '@erp/shared/documents/diff/changes';
import { clsx } from 'clsx';
import { type ElementType, type ReactNode, useEffect, useRef } from 'react';
import { Badge } from '../../ui/badge';
import { changeOpInfo } from './changes';

/** How an element of a read-only view is marked: its change (if any) and whether it is the selected one. */
export interface Marks {
  marks: ReadonlyMap<string, ChangeOp>;
  selected: string | null;
}

export const noMarks: Marks = { marks: new Map(), selected: null };

const markClasses = {
  added: 'border-l-green-500 bg-green-50/60',
  removed: 'border-l-red-500 bg-red-50/60',
  changed: 'border-l-amber-500 bg-amber-50/60',
  moved: 'border-l-indigo-400',
} satisfies Record<ChangeOp, string>;

/**
 * One element (field, step, connection…) of a read-only view, with its change marked by colour and word; the
 * selected element is ringed and scrolled into view.
 */
export function MarkedElement({
  entityId,
  marks,
  as: Tag = 'div',
  className,
  children,
}: {
  entityId: string;
  marks: Marks;
  as?: ElementType;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const op = marks.marks.get(entityId);
  const isSelected = marks.selected === entityId;
  useEffect(() => {
    if (isSelected) ref.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [isSelected]);
  return (
    <Tag
      ref={ref}
      data-entity-id={entityId}
      data-change={op}
      data-selected={isSelected || undefined}
      className={clsx(
        'relative border-l-4 transition-shadow',
        op ? markClasses[op] : 'border-l-transparent',
        isSelected && 'z-10 ring-2 ring-indigo-500 ring-offset-1',
        className,
      )}
    >
      {op && (
        <span className="float-right ml-2">
          <Badge tone={changeOpInfo[op].tone}>{changeOpInfo[op].label}</Badge>
        </span>
      )}
      {children}
    </Tag>
  );
}
