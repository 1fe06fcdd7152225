import { purgeUnattachedFiles } from '@erp/prisma';
import type { JobDefinition } from './job';

// A day is long enough to fill in a form after uploading, and short enough that abandoned uploads do not pile up.
const unattachedFileLifetimeMs = 24 * 60 * 60 * 1000;

export const filesPurgeJob: JobDefinition<'files.purge'> = {
  schedule: '17 * * * *',
  async handle(_payload, { prisma, logger, jobId }) {
    const files = await purgeUnattachedFiles(prisma, new Date(Date.now() - unattachedFileLifetimeMs));
    logger.info({ job: jobId, files }, 'purged unattached uploads');
  },
};
