import type { JobPayload } from '@erp/shared';
import type { Logger } from 'pino';

/**
 * A version went live. For now the engine only records it in its log; the flows and triggers issues make it
 * (re)load what the version defines. Running instances stay on the version they started on.
 */
export function recordPublishedVersion(logger: Logger, payload: JobPayload<'document.published'>): void {
  logger.info(payload, 'document version is live');
}
