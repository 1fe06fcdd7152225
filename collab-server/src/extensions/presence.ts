import type { beforeHandleAwarenessPayload, Extension } from '@hocuspocus/server';
import type { CollabContext } from '../sockets';

/**
 * Presence is whatever the client puts in its awareness state (README: `user: { name, color }`), except who
 * it is: the server writes the authenticated account's id and name over `user`, so nobody appears as a
 * colleague.
 */
export function createPresence(): Extension<CollabContext> {
  return {
    extensionName: 'erp-presence',
    async beforeHandleAwareness({ states, connection }: beforeHandleAwarenessPayload<CollabContext>) {
      const user = connection?.context.user;
      if (!user) return;
      for (const state of states.values()) {
        const claimed = isRecord(state.user) ? state.user : {};
        state.user = { ...claimed, id: user.id, name: user.name };
      }
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
