import { CloudOff } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { useSession } from '../session';

const subscribe = (onChange: () => void) => {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
};

/** Whether the browser has a network; offline the console runs on what this browser kept. */
export function useIsOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/** Says so when the console works without the server, and what that means for the person's work. */
export function OfflineNotice() {
  const isOnline = useIsOnline();
  const { state } = useSession();
  const isOffline = !isOnline || (state.status === 'signedIn' && state.offline === true);
  if (!isOffline) return null;
  return (
    <div
      role="status"
      className="flex items-start gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:px-6 lg:px-8"
    >
      <CloudOff className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p>
        <span className="font-medium">You are offline.</span> Lists and documents you opened before on this
        browser are shown as it last saw them. Your edits are kept here and sync when you are back online.
      </p>
    </div>
  );
}
