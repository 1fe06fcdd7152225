import type { PrismaClient } from '@erp/prisma';
import type { JobName, JobPayload } from '@erp/shared';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

/** What every job handler gets besides its payload. */
export interface JobContext {
  prisma: PrismaClient;
  logger: Logger;
  jobId: string;
  /** The engine's clock (tests move it; pg-boss's timers stay real). */
  now: () => Date;
  /** The queue itself, for jobs that schedule others. */
  boss: PgBoss;
}

/**
 * One job of the engine: its handler (called once per job, with the payload already parsed by the job's shared
 * schema) and, for maintenance jobs, a cron schedule (UTC). Handlers must be idempotent: pg-boss delivers at
 * least once.
 */
export interface JobDefinition<Name extends JobName> {
  handle(payload: JobPayload<Name>, context: JobContext): Promise<void>;
  schedule?: string;
}

/** The engine's registry: exactly one definition per job name declared in `shared/src/jobs.ts`. */
export type JobRegistry = { [Name in JobName]: JobDefinition<Name> };
