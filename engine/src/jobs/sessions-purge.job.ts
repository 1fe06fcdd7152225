import type { PrismaClient } from '@erp/prisma';
import type { JobDefinition } from './job';

/** Deletes expired sessions (their delete trigger tells the collab server) and stale rate-limit counters. */
export async function purgeExpiredSessions(prisma: PrismaClient): Promise<{ sessions: number }> {
  const now = new Date();
  const { count } = await prisma.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] },
  });
  await prisma.rateLimit.deleteMany({ where: { expire: { lte: BigInt(now.getTime()) } } });
  return { sessions: count };
}

export const sessionsPurgeJob: JobDefinition<'sessions.purge'> = {
  schedule: '*/15 * * * *',
  async handle(_payload, { prisma, logger, jobId }) {
    const purged = await purgeExpiredSessions(prisma);
    logger.info({ job: jobId, ...purged }, 'purged expired sessions');
  },
};
