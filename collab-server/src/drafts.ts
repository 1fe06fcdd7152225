import { type DraftChannel, toDocumentName } from '@erp/shared';
import { replaceDocumentContent } from '@erp/shared/documents';
import type { Hocuspocus } from '@hocuspocus/server';
import type { Persistence } from './extensions/persistence';
import type { CollabContext } from './sockets';

/**
 * The draft channel when the api runs in this process (docs/decisions/0001): a flush writes what this server
 * holds for the document; a replace is one transaction through a Hocuspocus direct connection, so connected
 * clients receive it like any edit and the update log stores it with the acting user as its author.
 */
export function createLocalDraftChannel(
  hocuspocus: Hocuspocus<CollabContext>,
  persistence: Persistence,
): DraftChannel {
  return {
    flush: (documentId) => persistence.flushDocumentId(documentId),
    async replace({ documentId, kind, content, userId }) {
      const name = toDocumentName(kind, documentId);
      // A direct connection has no socket; only the persistence extension reads this context (the author).
      const context = { user: { id: userId, name: '' } } as CollabContext;
      const connection = await hocuspocus.openDirectConnection(name, context);
      let isChanged = false;
      try {
        await connection.transact((doc) => {
          isChanged = replaceDocumentContent(kind, doc, content);
        });
        await persistence.flushDocumentId(documentId);
      } finally {
        await connection.disconnect();
      }
      return isChanged;
    },
  };
}
