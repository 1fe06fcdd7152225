import { clsx } from 'clsx';
import { Boxes } from 'lucide-react';
import { Link, NavLink } from 'react-router';
import { homePath } from '../access';
import { visibleNavigation } from '../navigation';
import { useUser } from '../session';

export function Brand() {
  const user = useUser();
  return (
    <Link to={homePath(user.roles)} className="flex items-center gap-2.5 rounded-md text-neutral-900">
      <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">
        <Boxes className="size-[18px]" aria-hidden="true" />
      </span>
      <span className="font-semibold tracking-tight">ERP Builder</span>
    </Link>
  );
}

/** The sections the user's roles allow, each a labelled list of links. */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const user = useUser();
  return (
    <nav aria-label="Main" className="flex flex-col gap-7">
      {visibleNavigation(user.roles).map((section) => (
        <div key={section.label}>
          <h2 className="px-3 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
            {section.label}
          </h2>
          <ul className="mt-2 space-y-0.5">
            {section.items.map(({ to, label, icon: Icon, isEnd }) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end={isEnd}
                  onClick={onNavigate}
                  className={({ isActive }) =>
                    clsx(
                      'group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium',
                      isActive
                        ? 'bg-indigo-50 text-indigo-700'
                        : 'text-neutral-700 hover:bg-neutral-100 hover:text-neutral-900',
                    )
                  }
                >
                  {({ isActive }) => (
                    <>
                      <Icon
                        className={clsx(
                          'size-[18px] shrink-0',
                          isActive ? 'text-indigo-600' : 'text-neutral-400 group-hover:text-neutral-600',
                        )}
                        aria-hidden="true"
                      />
                      {label}
                    </>
                  )}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
