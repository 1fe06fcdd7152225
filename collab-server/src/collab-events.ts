import { listenForNotifications, type PrismaClient } from '@erp/prisma';
import {
  type CollabEvent,
  type CollabNotice,
  collabEventChannel,
  collabEventSchema,
  documentAccessFor,
  parseDocumentName,
} from '@erp/shared';
import type { Connection, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { CollabContext } from './sockets';

export interface CollabEventOptions {
  databaseUrl: string;
  prisma: PrismaClient;
  hocuspocus: Hocuspocus<CollabContext>;
  logger: Logger;
}

/**
 * Applies the API's changes to open connections at once, in every collab process (NOTIFY reaches them all):
 * an archived or deleted document closes its connections, a user whose roles changed gets the access the new
 * roles give (read-only, closed, or writable again). Each client is told why first (`CollabNotice`).
 */
export function watchCollabEvents(options: CollabEventOptions): { close(): Promise<void> } {
  const { hocuspocus, logger } = options;

  const connectionsWhere = (
    matches: (documentName: string, connection: Connection<CollabContext>) => boolean,
  ) =>
    [...hocuspocus.documents].flatMap(([name, document]) =>
      document
        .getConnections()
        .filter((connection) => matches(name, connection as Connection<CollabContext>)),
    ) as Connection<CollabContext>[];

  const tell = (connection: Connection<CollabContext>, notice: CollabNotice) =>
    connection.sendStateless(JSON.stringify(notice));

  const removeDocument = (event: Extract<CollabEvent, { type: 'documentRemoved' }>) => {
    const connections = connectionsWhere((name) => parseDocumentName(name)?.id === event.documentId);
    for (const connection of connections) {
      tell(connection, { type: 'documentRemoved', reason: event.reason, by: event.by });
      connection.close({ code: 4404, reason: `document-${event.reason}` });
    }
    if (connections.length > 0) {
      logger.info(
        { documentId: event.documentId, connections: connections.length },
        'collab document removed',
      );
    }
  };

  const changeAccess = async (userId: string) => {
    const connections = connectionsWhere((_, connection) => connection.context.user?.id === userId);
    if (connections.length === 0) return;
    // Fail closed: when the new access cannot be read, the user's connections go.
    const user = await options.prisma.user
      .findUnique({ where: { id: userId }, select: { roles: true, disabledAt: true } })
      .catch((error: unknown) => {
        logger.error({ err: error, userId }, 'collab could not read changed access; closing');
        return null;
      });
    const access = user && !user.disabledAt ? documentAccessFor(user.roles) : null;
    for (const connection of connections) {
      if (access === null) {
        tell(connection, { type: 'accessChanged', access: 'none' });
        connection.close({ code: 4403, reason: 'access-revoked' });
      } else if ((access === 'read') !== connection.readOnly) {
        // Hocuspocus checks readOnly on every message, so this takes effect with the next update.
        connection.readOnly = access === 'read';
        tell(connection, { type: 'accessChanged', access });
      }
    }
    logger.info({ userId, access, connections: connections.length }, 'collab access changed');
  };

  const handle = async (payload: string | undefined) => {
    const parsed = collabEventSchema.safeParse(parseJson(payload));
    if (!parsed.success) return logger.warn({ payload }, 'collab ignored a malformed event');
    if (parsed.data.type === 'documentRemoved') removeDocument(parsed.data);
    else await changeAccess(parsed.data.userId);
  };

  const listener = listenForNotifications({
    connectionString: options.databaseUrl,
    channel: collabEventChannel,
    onNotification: (payload) => void handle(payload),
    onError: (error) => logger.warn({ err: error }, 'collab event listener lost; reconnecting'),
  });
  return { close: () => listener.close() };
}

function parseJson(payload: string | undefined): unknown {
  try {
    return JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
}
