import { useEffect, useRef } from 'react';

// The server's small event stream (GET /api/portal/events, the session cookie authenticates it): a "tasks" event
// whenever a task of mine or of my queues changes, "signedOut" when the session ends. EventSource reconnects on its
// own after a drop.

const burstMs = 150;

/** Calls `onChange` (at most once per short burst) when one of my tasks changes. */
export function useTaskChanges(onChange: () => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/portal/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('tasks', () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), burstMs);
    });
    // The session ended (signed out here or elsewhere, or revoked): no point reconnecting with it.
    source.addEventListener('signedOut', () => source.close());
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
}
