import { Redo2, Undo2 } from 'lucide-react';
import { type ReactNode, useEffect } from 'react';
import { type CollabSession, type CollabSnapshot, PresenceAvatars, SyncStatus } from '../../collab';
import { Button } from '../../ui/button';

/**
 * Sync state, who else is here, and per-user undo/redo (Ctrl/⌘+Z, Ctrl/⌘+Shift+Z or Ctrl+Y): undo only ever
 * reverts this user's own edits, never a colleague's.
 */
export function BuilderToolbar({
  session,
  snapshot,
  actions,
}: {
  session: CollabSession;
  snapshot: CollabSnapshot;
  /** The document's own actions (export), before undo/redo. */
  actions?: ReactNode;
}) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const isRedo = (key === 'z' && event.shiftKey) || key === 'y';
      if (key !== 'z' && !isRedo) return;
      // The document's own undo replaces the inputs' native undo, which would not know about colleagues.
      event.preventDefault();
      if (isRedo) session.redo();
      else session.undo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session]);

  return (
    // Sticky under the app's header, opaque, so the sync state and undo stay in reach on a long form.
    <div className="sticky top-16 z-20 -mx-4 flex flex-wrap items-center gap-3 border-b border-neutral-200 bg-neutral-50 px-4 py-2 sm:-mx-6 sm:px-6 lg:-mx-10 lg:px-10">
      <SyncStatus snapshot={snapshot} />
      <PresenceAvatars peers={snapshot.peers} />
      <div className="ml-auto flex items-center gap-1">{actions}</div>
      <fieldset className="flex gap-1">
        <legend className="sr-only">History</legend>
        <Button
          variant="ghost"
          size="sm"
          icon={Undo2}
          onClick={session.undo}
          disabled={!snapshot.canUndo}
          title="Undo your last edit (Ctrl+Z)"
        >
          Undo
        </Button>
        <Button
          variant="ghost"
          size="sm"
          icon={Redo2}
          onClick={session.redo}
          disabled={!snapshot.canRedo}
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </Button>
      </fieldset>
    </div>
  );
}
