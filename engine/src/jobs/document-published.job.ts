import type { JobDefinition } from './job';

/**
 * A version went live. For now the engine only records it in its log; running instances stay on the version they
 * started on, and new ones start on the live version (read with findLiveVersion).
 */
export const documentPublishedJob: JobDefinition<'document.published'> = {
  async handle(payload, { logger, jobId }) {
    logger.info({ job: jobId, ...payload }, 'document version is live');
  },
};
