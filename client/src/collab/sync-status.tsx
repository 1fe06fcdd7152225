import { CloudOff, Loader2, Lock, RefreshCw, Trash2, Wifi } from 'lucide-react';
import type { CollabSnapshot } from './collab-session';

const labels = {
  connecting: 'Connecting…',
  offline: 'Offline — edits are kept on this device',
  syncing: 'Syncing…',
  synced: 'All changes saved',
  denied: 'No access',
  removed: 'Not saved — the document was removed',
} as const;

/** The document's connection state in words, always visible in a builder's toolbar. */
export function SyncStatus({ snapshot }: { snapshot: CollabSnapshot }) {
  const { state, pendingChanges, isReadOnly } = snapshot;
  const Icon = {
    connecting: Loader2,
    offline: CloudOff,
    syncing: RefreshCw,
    synced: Wifi,
    denied: Lock,
    removed: Trash2,
  }[state];
  const tone =
    state === 'synced'
      ? 'text-emerald-700 bg-emerald-50'
      : state === 'removed'
        ? 'text-red-800 bg-red-50'
        : state === 'offline' || state === 'denied'
          ? 'text-amber-800 bg-amber-50'
          : 'text-neutral-600 bg-neutral-100';
  return (
    <output
      aria-live="polite"
      data-sync-state={state}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ${tone}`}
    >
      <Icon
        aria-hidden
        className={`size-3.5 ${state === 'connecting' || state === 'syncing' ? 'animate-spin' : ''}`}
      />
      {labels[state]}
      {state === 'offline' && pendingChanges > 0 ? ` (${pendingChanges} to send)` : ''}
      {isReadOnly && state !== 'denied' && state !== 'removed' ? ' · read-only' : ''}
    </output>
  );
}
