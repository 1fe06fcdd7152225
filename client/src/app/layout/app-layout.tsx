import { Menu as MenuIcon, X } from 'lucide-react';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { closeAttribute, Modal } from '../../ui/modal';
import { LoadingState } from '../../ui/spinner';
import { OfflineNotice } from '../offline/offline-notice';
import { Brand, SidebarNav } from './sidebar';
import { UserMenu } from './user-menu';

/** The signed-in frame: sidebar with the sections the roles allow, top bar with the user menu, the page. */
export function AppLayout() {
  const [isNavOpen, setIsNavOpen] = useState(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation closes the small-screen drawer.
  useEffect(() => setIsNavOpen(false), [pathname]);

  return (
    <div className="min-h-screen lg:pl-64">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>

      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-neutral-200 bg-white lg:flex">
        <div className="flex h-16 items-center px-6">
          <Brand />
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-4">
          <SidebarNav />
        </div>
      </aside>

      {isNavOpen && (
        <Modal
          onClose={() => setIsNavOpen(false)}
          aria-label="Navigation"
          className="m-0 h-full max-h-none w-72 max-w-[85vw] bg-white p-0 shadow-xl backdrop:bg-neutral-900/30 lg:hidden"
        >
          <div id="mobile-nav" className="flex h-full flex-col">
            <div className="flex h-16 items-center justify-between px-6">
              <Brand />
              <button
                type="button"
                aria-label="Close navigation"
                {...{ [closeAttribute]: '' }}
                className="rounded-md p-1.5 text-neutral-500 hover:bg-neutral-100"
                onClick={() => setIsNavOpen(false)}
              >
                <X className="size-5" aria-hidden="true" />
              </button>
            </div>
            <div className="flex-1 overflow-y-auto px-3 py-4">
              <SidebarNav onNavigate={() => setIsNavOpen(false)} />
            </div>
          </div>
        </Modal>
      )}

      <header className="sticky top-0 z-30 flex h-16 items-center gap-4 border-b border-neutral-200 bg-white px-4 sm:px-6 lg:px-8">
        <button
          type="button"
          aria-label="Open navigation"
          aria-expanded={isNavOpen}
          aria-haspopup="dialog"
          aria-controls={isNavOpen ? 'mobile-nav' : undefined}
          className="rounded-md p-1.5 text-neutral-600 hover:bg-neutral-100 lg:hidden"
          onClick={() => setIsNavOpen(true)}
        >
          <MenuIcon className="size-5" aria-hidden="true" />
        </button>
        <div className="lg:hidden">
          <Brand />
        </div>
        <div className="ml-auto">
          <UserMenu />
        </div>
      </header>

      <OfflineNotice />

      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-10 lg:py-10">
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
