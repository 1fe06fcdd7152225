import { syncTriggerSchedules } from '../triggers/schedules';
import type { JobDefinition } from './job';

/**
 * A version went live. Running instances stay on the version they started on, and new ones start on the live
 * version (read with findLiveVersion); a trigger's schedule follows its live version.
 */
export const documentPublishedJob: JobDefinition<'document.published'> = {
  async handle(payload, { logger, jobId, boss, prisma }) {
    logger.info({ job: jobId, ...payload }, 'document version is live');
    if (payload.kind === 'trigger') await syncTriggerSchedules(boss, prisma);
  },
};
