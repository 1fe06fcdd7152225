import { clsx } from 'clsx';
import {
  type HTMLAttributes,
  type TdHTMLAttributes,
  type ThHTMLAttributes,
  useEffect,
  useRef,
  useState,
} from 'react';

// Plain table parts with the house look; the caller keeps the semantics (<caption>, scope, headers).

/**
 * A table in a box that scrolls sideways when it is wider than the screen. While it scrolls, the box is a named,
 * focusable region, so keyboard users can scroll it too; `relative` keeps sr-only parts (an absolutely placed
 * "Actions" header) inside it.
 */
export function Table({
  className,
  label = 'Table',
  ...props
}: HTMLAttributes<HTMLTableElement> & { label?: string }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [isScrollable, setIsScrollable] = useState(false);
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => setIsScrollable(box.scrollWidth > box.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={boxRef}
      className="relative overflow-x-auto"
      {...(isScrollable ? { tabIndex: 0, role: 'region', 'aria-label': `${label}, scrolls sideways` } : {})}
    >
      <table className={clsx('min-w-full divide-y divide-neutral-200 text-sm', className)} {...props} />
    </div>
  );
}
export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={clsx(
        'px-5 py-3 text-left text-xs font-medium tracking-wide text-neutral-500 uppercase',
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={clsx('px-5 py-3.5 align-middle text-neutral-700', className)} {...props} />;
}
