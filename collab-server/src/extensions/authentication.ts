import {
  hashSessionToken,
  type PrismaClient,
  readSessionCookie,
  type SessionPolicy,
  type ValidSession,
  validateSessionToken,
} from '@erp/prisma';
import { parseDocumentName } from '@erp/shared';
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Logger } from 'pino';
import { findDocumentAccess } from '../document-access';
import { type CollabContext, closeCodes, closeSocket, type SocketRegistry } from '../sockets';

/**
 * Refuses a document to a client (Hocuspocus answers "permission denied" with the reason). The message stays
 * empty on purpose: Hocuspocus logs every hook error that has one, and a refusal is not a server error.
 */
export class CollabRefusal extends Error {
  constructor(readonly reason: string) {
    super();
    this.name = 'CollabRefusal';
  }
}

export interface AuthenticationOptions {
  prisma: PrismaClient;
  sessionPolicy: SessionPolicy;
  sockets: SocketRegistry;
  logger: Logger;
  /** Refused documents after which the whole socket is closed (it is probing, not working). */
  maxRefusals: number;
}

/**
 * Runs before Hocuspocus loads anything: the name must be `<kind>:<uuid>` of an existing, unarchived document
 * of that kind; the session (the provider's token, else the session cookie) must be live; the user must have
 * access. Reviewers get a read-only connection. Unknown and forbidden documents get the same answer.
 */
export function createAuthentication(options: AuthenticationOptions): Extension<CollabContext> {
  const { prisma, sessionPolicy, sockets, logger } = options;

  return {
    extensionName: 'erp-authentication',
    async onAuthenticate(payload: onAuthenticatePayload<CollabContext>) {
      const { context, connectionConfig } = payload;
      const socket = context.socket;
      const refuse = (reason: string, details: Record<string, unknown> = {}): never => {
        socket.refusals += 1;
        logger.debug({ reason, refusals: socket.refusals, ...details }, 'collab document refused');
        if (socket.refusals >= options.maxRefusals) {
          closeSocket(socket, closeCodes.policyViolation, 'too-many-refusals');
        }
        throw new CollabRefusal(reason);
      };

      const name = parseDocumentName(payload.documentName);
      if (!name) return refuse('invalid-document-name');

      const token = payload.token || readSessionCookie(payload.requestHeaders.get('cookie'));
      if (!token) return refuse('unauthenticated');
      // Registered before the lookup so that a revocation arriving meanwhile still closes this socket.
      const sessionId = hashSessionToken(token);
      const isNewSession = sockets.addSession(socket, sessionId);
      let session: ValidSession | null = null;
      try {
        session = await validateSessionToken(prisma, token, sessionPolicy);
      } finally {
        if (!session && isNewSession) sockets.removeSession(socket, sessionId);
      }
      if (!session) return refuse('unauthenticated');

      const access = await findDocumentAccess(prisma, session.user.roles, name);
      if (!access) return refuse('not-found', { userId: session.user.id, documentId: name.id });

      connectionConfig.readOnly = access === 'read';
      socket.isAuthenticated = true;
      return { user: { id: session.user.id, name: session.user.name } } satisfies Partial<CollabContext>;
    },
  };
}
