import type { WebSocket } from 'ws';

// Close codes sent to clients. 4xxx are ours (the provider reconnects after any of them; a refused session
// then fails authentication and stays out).
export const closeCodes = {
  shuttingDown: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  sessionRevoked: 4401,
  authenticationTimeout: 4408,
} as const;

/** One accepted WebSocket: what it has proven so far and what it may still send before that. */
export interface CollabSocket {
  ws: WebSocket;
  isAuthenticated: boolean;
  unauthenticatedBytes: number;
  refusals: number;
  sessionIds: Set<string>;
  isClosing: boolean;
}

/** What Hocuspocus carries per document connection (its `context`). */
export interface CollabContext {
  socket: CollabSocket;
  user?: { id: string; name: string };
}

export function createCollabSocket(ws: WebSocket): CollabSocket {
  return {
    ws,
    isAuthenticated: false,
    unauthenticatedBytes: 0,
    refusals: 0,
    sessionIds: new Set(),
    isClosing: false,
  };
}

/** Closes politely, then for sure: a peer that never answers the close handshake is cut after a second. */
export function closeSocket(socket: CollabSocket, code: number, reason: string): void {
  if (socket.isClosing) return;
  socket.isClosing = true;
  socket.ws.close(code, reason);
  setTimeout(() => socket.ws.terminate(), 1_000).unref();
}

/** Every open socket, and which sessions each one authenticated with (to close them on revocation). */
export class SocketRegistry {
  readonly all = new Set<CollabSocket>();
  private readonly bySession = new Map<string, Set<CollabSocket>>();

  add(socket: CollabSocket): void {
    this.all.add(socket);
  }

  remove(socket: CollabSocket): void {
    this.all.delete(socket);
    for (const sessionId of socket.sessionIds) this.forget(socket, sessionId);
  }

  /** Returns false when the socket already had this session. */
  addSession(socket: CollabSocket, sessionId: string): boolean {
    if (socket.sessionIds.has(sessionId)) return false;
    socket.sessionIds.add(sessionId);
    let sockets = this.bySession.get(sessionId);
    if (!sockets) {
      sockets = new Set();
      this.bySession.set(sessionId, sockets);
    }
    sockets.add(socket);
    return true;
  }

  removeSession(socket: CollabSocket, sessionId: string): void {
    socket.sessionIds.delete(sessionId);
    this.forget(socket, sessionId);
  }

  sessionIds(): string[] {
    return [...this.bySession.keys()];
  }

  /** Closes every socket that used this session; returns how many. */
  closeSession(sessionId: string, code: number, reason: string): number {
    const sockets = [...(this.bySession.get(sessionId) ?? [])];
    for (const socket of sockets) closeSocket(socket, code, reason);
    return sockets.length;
  }

  private forget(socket: CollabSocket, sessionId: string): void {
    const sockets = this.bySession.get(sessionId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.bySession.delete(sessionId);
  }
}
