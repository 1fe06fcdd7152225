import { clsx } from 'clsx';
import { Ellipsis, type LucideIcon } from 'lucide-react';
import {
  type CSSProperties,
  createContext,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { createPortal } from 'react-dom';
import { Link, type LinkProps } from 'react-router';

// A menu button in the WAI-ARIA pattern: arrows, Home/End, typeahead, Escape returns focus to the button.
// The list is portalled to <body> and positioned `fixed` from the button, so that no scrolling table, card or
// containing block (a header with backdrop-filter) can clip or shift it.

const MenuContext = createContext<{ close: (returnFocus: boolean) => void } | null>(null);

type FocusTarget = 'first' | 'last';

export function Menu({
  label,
  trigger,
  triggerClassName,
  align = 'end',
  children,
}: {
  /** The accessible name of the button (e.g. "User menu", "Actions for Invoice approval"). */
  label: string;
  trigger: ReactNode;
  triggerClassName?: string;
  align?: 'start' | 'end';
  children: ReactNode;
}) {
  const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null);
  const [position, setPosition] = useState<CSSProperties>({ visibility: 'hidden' });
  const isOpen = focusTarget !== null;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const buttonId = useId();

  const close = useCallback((returnFocus: boolean) => {
    setFocusTarget(null);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  // Place the list beside its button once it is rendered (hidden) and measurable; focus an item once it is
  // visible, as hidden elements cannot take focus.
  const isPlaced = position.visibility !== 'hidden';
  const place = useCallback(() => {
    if (!buttonRef.current || !listRef.current) return;
    const anchor = buttonRef.current.getBoundingClientRect();
    const list = listRef.current.getBoundingClientRect();
    const gap = 6;
    const fitsBelow = anchor.bottom + gap + list.height <= window.innerHeight;
    const top = fitsBelow ? anchor.bottom + gap : Math.max(gap, anchor.top - gap - list.height);
    const left =
      align === 'end'
        ? Math.max(gap, anchor.right - list.width)
        : Math.min(anchor.left, window.innerWidth - list.width - gap);
    setPosition({ top, left });
  }, [align]);
  useLayoutEffect(() => {
    if (isOpen && !isPlaced) place();
  }, [isOpen, isPlaced, place]);

  useLayoutEffect(() => {
    if (!isOpen || !isPlaced || !listRef.current) return;
    const items = menuItems(listRef.current);
    (focusTarget === 'last' ? items.at(-1) : items[0])?.focus();
  }, [isOpen, isPlaced, focusTarget]);

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!listRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    // The page moving under an open menu (a scroll, a notice appearing above, a resize) moves the menu with its
    // button; closing it then would take it from under a pointer that is about to choose.
    document.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [isOpen, close, place]);

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setPosition({ visibility: 'hidden' });
      setFocusTarget(event.key === 'ArrowUp' ? 'last' : 'first');
    }
  };

  const onListKeyDown = (event: KeyboardEvent) => {
    if (!listRef.current) return;
    const items = menuItems(listRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (next: number) => {
      event.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') close(false);
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const ordered = [...items.slice(index + 1), ...items.slice(0, index + 1)];
      const match = ordered.find((item) => item.textContent?.trim().toLowerCase().startsWith(letter));
      if (match) {
        event.preventDefault();
        match.focus();
      }
    }
  };

  return (
    <MenuContext value={{ close }}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        className={triggerClassName}
        onClick={() => {
          if (isOpen) close(false);
          else {
            setPosition({ visibility: 'hidden' });
            setFocusTarget('first');
          }
        }}
        onKeyDown={onButtonKeyDown}
      >
        {trigger}
      </button>
      {isOpen &&
        createPortal(
          <div
            ref={listRef}
            id={menuId}
            role="menu"
            aria-labelledby={buttonId}
            tabIndex={-1}
            style={position}
            onKeyDown={onListKeyDown}
            className="fixed z-50 min-w-52 rounded-lg border border-neutral-200 bg-white py-1 shadow-lg focus:outline-none"
          >
            {children}
          </div>,
          document.body,
        )}
    </MenuContext>
  );
}

function menuItems(list: HTMLElement): HTMLElement[] {
  return [...list.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')];
}

function useMenu() {
  const menu = useContext(MenuContext);
  if (!menu) throw new Error('Menu items must be inside a <Menu>');
  return menu;
}

const itemClasses =
  'flex w-full items-center gap-2.5 px-3 py-2 text-left text-sm text-neutral-700 hover:bg-neutral-100 focus:bg-neutral-100 focus:text-neutral-900 focus:outline-none';

export function MenuItem({
  onSelect,
  icon: Icon,
  tone = 'default',
  children,
}: {
  onSelect: () => void;
  icon?: LucideIcon;
  tone?: 'default' | 'danger';
  children: ReactNode;
}) {
  const { close } = useMenu();
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className={clsx(
        itemClasses,
        tone === 'danger' && 'text-red-700 hover:bg-red-50 focus:bg-red-50 focus:text-red-800',
      )}
      onClick={() => {
        close(true);
        onSelect();
      }}
    >
      {Icon && (
        <Icon className={clsx('size-4', tone === 'default' && 'text-neutral-400')} aria-hidden="true" />
      )}
      {children}
    </button>
  );
}

export function MenuLink({ icon: Icon, children, ...props }: LinkProps & { icon?: LucideIcon }) {
  const { close } = useMenu();
  return (
    <Link role="menuitem" tabIndex={-1} className={itemClasses} onClick={() => close(false)} {...props}>
      {Icon && <Icon className="size-4 text-neutral-400" aria-hidden="true" />}
      {children}
    </Link>
  );
}

export function MenuSeparator() {
  return <hr className="my-1 border-neutral-200" />;
}

/** Non-interactive text at the top of a menu (who is signed in). */
export function MenuHeader({ children }: { children: ReactNode }) {
  return (
    <div role="presentation" className="px-3 py-2">
      {children}
    </div>
  );
}

/** The "⋯" menu at the end of a table row. */
export function RowMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Menu
      label={label}
      triggerClassName="rounded-md p-1.5 text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800"
      trigger={<Ellipsis className="size-5" aria-hidden="true" />}
    >
      {children}
    </Menu>
  );
}
