import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type PrismaClient, sessionPolicyOf } from '@erp/prisma';
import { isAllowedHost, isSameSiteRequest } from '@erp/shared';
import { type Extension, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { watchCollabEvents } from './collab-events';
import type { CollabConfig } from './config';
import { createAuthentication } from './extensions/authentication';
import { Persistence } from './extensions/persistence';
import { createPresence } from './extensions/presence';
import { RedisFanOut } from './extensions/redis-fan-out';
import { refuseMessage } from './message-gate';
import { type InitDocument, initDocument, initialStateFrom } from './seed-document';
import { watchSessionRevocations } from './session-revocation';
import {
  type CollabContext,
  type CollabSocket,
  closeCodes,
  closeSocket,
  createCollabSocket,
  SocketRegistry,
} from './sockets';
import { refuseUpgrade, toFetchRequest } from './upgrade';

const collabPath = '/collab';

export interface CollabServerDeps {
  prisma: PrismaClient;
  config: CollabConfig;
  logger: Logger;
}

/** Tuning that is not configuration: tests shorten these; the defaults are the product's. */
export interface CollabServerOptions {
  /** A socket must authenticate a document within this time after connecting. */
  authTimeoutMs?: number;
  /** Bytes a socket may send before it has authenticated a document. */
  maxUnauthenticatedBytes?: number;
  /** Refused documents after which a socket is closed. */
  maxRefusals?: number;
  /** Compact the update log into a snapshot after this many rows. */
  compactEvery?: number;
  /** Minimum interval between two `documents.updated_at` writes per document. */
  touchEveryMs?: number;
  /** Re-check of open sockets' sessions. */
  sessionRecheckMs?: number;
  /** Lays out a new document (the seam to the shared document model). */
  initDocument?: InitDocument;
}

export interface CollabServer {
  readonly hocuspocus: Hocuspocus<CollabContext>;
  /** For `http.Server`'s 'upgrade' event: accepts `/collab`, answers anything else with 404. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores every captured update now. */
  flush(): Promise<void>;
  stats(): { sockets: number; documents: number };
  /** Closes every socket, stores what is pending, stops listening; the caller closes its HTTP server and Prisma. */
  close(): Promise<void>;
}

type ClientConnection = ReturnType<Hocuspocus<CollabContext>['handleConnection']>;

export function createCollabServer(deps: CollabServerDeps, options: CollabServerOptions = {}): CollabServer {
  const { prisma, config } = deps;
  const logger = deps.logger.child({ component: 'collab' });
  const authTimeoutMs = options.authTimeoutMs ?? 10_000;
  const maxUnauthenticatedBytes = options.maxUnauthenticatedBytes ?? 1024 * 1024;
  const sockets = new SocketRegistry();
  const clientConnections = new Map<CollabSocket, ClientConnection>();
  let isClosing = false;

  const persistence = new Persistence({
    prisma,
    logger,
    buildInitialState: initialStateFrom(options.initDocument ?? initDocument),
    delayMs: config.COLLAB_PERSIST_DELAY_MS,
    compactEvery: options.compactEvery ?? 100,
    touchEveryMs: options.touchEveryMs ?? 10_000,
    storesPeerStateOnUnload: config.REDIS_URL !== undefined,
  });
  const extensions: Extension[] = [
    createAuthentication({
      prisma,
      sockets,
      logger,
      sessionPolicy: sessionPolicyOf(config),
      maxRefusals: options.maxRefusals ?? 20,
    }),
    createPresence(),
    persistence,
  ];
  if (config.REDIS_URL) {
    extensions.push(new RedisFanOut(config.REDIS_URL, 'erp-collab'));
  }

  const hocuspocus = new Hocuspocus<CollabContext>({
    name: 'erp-collab',
    extensions,
    maxUnauthenticatedQueueSize: maxUnauthenticatedBytes,
    maxPendingDocuments: 20,
  });
  const webSockets = new WebSocketServer({
    noServer: true,
    maxPayload: config.COLLAB_MAX_MESSAGE_BYTES,
    clientTracking: false,
  });
  const sessionWatch = watchSessionRevocations({
    databaseUrl: config.DATABASE_URL,
    prisma,
    sockets,
    logger,
    recheckMs: options.sessionRecheckMs ?? 60_000,
  });

  const collabEvents = watchCollabEvents({ databaseUrl: config.DATABASE_URL, prisma, hocuspocus, logger });

  const accept = (ws: WebSocket, request: IncomingMessage) => {
    const socket = createCollabSocket(ws);
    sockets.add(socket);
    const connection = hocuspocus.handleConnection(ws, toFetchRequest(request), { socket });
    clientConnections.set(socket, connection);
    const authTimer = setTimeout(() => {
      if (!socket.isAuthenticated)
        closeSocket(socket, closeCodes.authenticationTimeout, 'authentication-timeout');
    }, authTimeoutMs);
    authTimer.unref();

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (socket.isClosing) return;
      if (!isBinary) {
        closeSocket(socket, closeCodes.unsupportedData, 'binary-only');
        return;
      }
      const bytes = toBytes(data);
      if (!socket.isAuthenticated) {
        socket.unauthenticatedBytes += bytes.byteLength;
        if (socket.unauthenticatedBytes > maxUnauthenticatedBytes) {
          logger.warn(
            { bytes: socket.unauthenticatedBytes },
            'collab socket sent too much before authenticating',
          );
          closeSocket(socket, closeCodes.policyViolation, 'unauthenticated-limit');
          return;
        }
      }
      const refusal = refuseMessage(bytes);
      if (refusal) {
        logger.warn({ reason: refusal, bytes: bytes.byteLength }, 'collab refused a message');
        closeSocket(socket, closeCodes.invalidPayload, refusal);
        return;
      }
      connection.handleMessage(bytes);
    });
    // ws answers an oversized frame itself (close 1009) and reports it here.
    ws.on('error', (error) => logger.debug({ err: error }, 'collab socket error'));
    ws.on('close', (code, reason) => {
      clearTimeout(authTimer);
      sockets.remove(socket);
      clientConnections.delete(socket);
      connection.handleClose({ code, reason: reason.toString() });
    });
  };

  return {
    hocuspocus,

    handleUpgrade(request, socket, head) {
      socket.on('error', (error) => logger.debug({ err: error }, 'collab upgrade socket error'));
      if (isClosing) return refuseUpgrade(socket, 503, 'Service Unavailable');
      if (pathnameOf(request) !== collabPath) return refuseUpgrade(socket, 404, 'Not Found');
      // The API's Host rule (DNS rebinding): PUBLIC_URL's host or a loopback name.
      if (!isAllowedHost(request.headers.host, config.PUBLIC_URL)) {
        logger.warn({ host: request.headers.host }, 'collab refused a WebSocket for a foreign host');
        return refuseUpgrade(socket, 403, 'Forbidden');
      }
      if (!isSameSiteRequest(request.headers, config.PUBLIC_URL)) {
        logger.warn({ origin: request.headers.origin }, 'collab refused a cross-site WebSocket');
        return refuseUpgrade(socket, 403, 'Forbidden');
      }
      webSockets.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
    },

    flush: () => persistence.flushAll(),

    stats: () => ({ sockets: sockets.all.size, documents: hocuspocus.getDocumentsCount() }),

    async close() {
      if (isClosing) return;
      isClosing = true;
      for (const [socket, connection] of clientConnections) {
        closeSocket(socket, closeCodes.shuttingDown, 'server-shutdown');
        // Detach from the documents now rather than when the close handshake ends.
        connection.handleClose({ code: closeCodes.shuttingDown, reason: 'server-shutdown' });
      }
      clientConnections.clear();
      await persistence.close();
      await Promise.all([sessionWatch.close(), collabEvents.close()]);
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
      webSockets.close();
    },
  };
}

function pathnameOf(request: IncomingMessage): string | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
