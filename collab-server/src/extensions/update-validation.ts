import type { beforeSyncPayload, Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { closeCodes } from '../sockets';

// y-protocols sync message types that carry a document update.
const syncStep2 = 1;
const syncUpdate = 2;

/**
 * Refuses an update that does not decode, before it reaches the document: the Yjs decoder would otherwise
 * throw halfway through a transaction. Throwing here makes Hocuspocus close only the sender's connection to
 * this document; the document and every other client are untouched. Read-only connections are skipped:
 * Hocuspocus drops their updates unread.
 */
export function createUpdateValidation(logger: Logger): Extension {
  return {
    extensionName: 'erp-update-validation',
    async beforeSync({ type, payload, connection, documentName }: beforeSyncPayload) {
      if ((type !== syncStep2 && type !== syncUpdate) || connection.readOnly) return;
      try {
        Y.decodeUpdate(payload);
      } catch (error) {
        logger.warn(
          { documentName, bytes: payload.byteLength, err: error },
          'collab refused a malformed update',
        );
        throw Object.assign(new Error('malformed update'), {
          code: closeCodes.unsupportedData,
          reason: 'malformed-update',
        });
      }
    },
  };
}
