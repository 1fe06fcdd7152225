import {
  createSecretBox,
  type FlowRuntime,
  isDatabaseUnreachable,
  type PrismaClient,
  slaTimerJobs,
} from '@erp/prisma';
import { defaultProviderUrls, type JobName, type JobPayload, jobNames, jobs } from '@erp/shared';
import { createTransport } from 'nodemailer';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { TriggerConfig } from './config';
import { type FlowRunner, startFlowRunner } from './flows/flow-runner';
import { startEventSources } from './integrations/event-sources';
import type { IntegrationServices } from './integrations/provider-client';
import type { JobRegistry } from './jobs/job';
import { jobRegistry } from './jobs/registry';
import { createOutboundClient } from './outbound/outbound-client';
import type { ActionServices } from './triggers/actions/action';
import type { RetryPolicy } from './triggers/backoff';
import { syncTriggerSchedules } from './triggers/schedules';
import { startTriggerRunner, type TriggerRunner } from './triggers/trigger-runner';

export interface EngineDeps {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
  /** The clock assignments and SLA times are counted with (tests move it; pg-boss timers stay real). */
  now?: () => Date;
  /** How often the flow runner looks for pending steps no notification announced. */
  flowPollMs?: number;
  /** Mail, outgoing HTTP and secrets of trigger actions (`loadTriggerConfig`); defaults: outbox, nothing internal. */
  triggerConfig?: Partial<TriggerConfig>;
  /** Retries of failed trigger actions (tests shorten them). */
  triggerRetry?: Partial<RetryPolicy>;
  /** How often the trigger runner looks for work no notification announced. */
  triggerPollMs?: number;
  /** How often connected accounts are polled for their events (Gmail, Sheets, Outlook); default a minute. */
  integrationPollMs?: number;
}

export interface Engine {
  boss: PgBoss;
  flows: FlowRunner;
  runtime: FlowRuntime;
  triggers: TriggerRunner;
  stop(): Promise<void>;
}

/** Starts pg-boss and every worker; the same function runs in `npm start` and in the standalone engine. */
export async function startEngine(deps: EngineDeps): Promise<Engine> {
  const boss = new PgBoss({ connectionString: deps.connectionString, schema: 'pgboss' });
  // Without a listener an error event would crash the process. pg-boss reconnects on its own, so a lost
  // connection (the database restarting, or stopping with the app on Ctrl-C) is a warning, not an error.
  boss.on('error', (error) => {
    if (isDatabaseUnreachable(error))
      deps.logger.warn({ message: error.message }, 'pg-boss lost its database connection');
    else deps.logger.error({ message: error.message }, 'pg-boss error');
  });
  await boss.start();
  for (const name of jobNames) await boss.createQueue(name);

  const now = deps.now ?? (() => new Date());
  for (const name of jobNames) await workOn(boss, name, { ...deps, now });

  // How this engine applies flow steps (the runner's, and its actions' commands): at its clock, with SLA timers
  // sent in the transaction that creates the task — no task without its timers, nor the reverse.
  const runtime: FlowRuntime = {
    now,
    scheduleSla: async (sql, task) => {
      for (const job of slaTimerJobs(task)) {
        await boss.send('flow.sla', jobs['flow.sla'].parse(job.payload), {
          startAfter: job.startAfter,
          retentionSeconds: job.retentionSeconds,
          db: {
            executeSql: async (text: string, values: unknown[] = []) => ({
              rows: await sql.query(text, values),
            }),
          },
        });
      }
    },
  };
  const flows = await startFlowRunner({
    connectionString: deps.connectionString,
    prisma: deps.prisma,
    logger: deps.logger,
    runtime,
    pollMs: deps.flowPollMs,
  });

  const services = actionServicesOf(deps, runtime);
  const triggers = await startTriggerRunner({
    connectionString: deps.connectionString,
    prisma: deps.prisma,
    logger: deps.logger,
    retry: deps.triggerRetry,
    pollMs: deps.triggerPollMs,
    services,
  });
  const eventSources = startEventSources(
    {
      ...services,
      integrations: services.integrations as IntegrationServices,
      prisma: deps.prisma,
      logger: deps.logger,
    },
    deps.integrationPollMs ?? 60_000,
  );
  // Schedules follow what is live now (a publish while no engine ran is caught up here).
  await syncTriggerSchedules(boss, deps.prisma);

  return {
    boss,
    flows,
    runtime,
    triggers,
    // graceful: active jobs finish (or go back to the queue after the timeout) before stop resolves.
    stop: async () => {
      await eventSources.stop();
      await triggers.stop();
      await flows.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

function actionServicesOf(deps: EngineDeps, flows: FlowRuntime) {
  const config = deps.triggerConfig ?? {};
  return {
    mailer: config.SMTP_URL ? createTransport(config.SMTP_URL) : null,
    mailFrom: config.MAIL_FROM ?? 'ERP Builder <no-reply@localhost>',
    outbound: createOutboundClient({ allowedHosts: config.OUTBOUND_ALLOWED_HOSTS ?? [] }),
    secrets: config.SECRETS_KEY ? createSecretBox(config.SECRETS_KEY) : null,
    flows,
    reports: { prisma: deps.prisma, timeoutMs: config.DATASET_TIMEOUT_MS ?? 10_000 },
    integrations: {
      prisma: deps.prisma,
      config: {
        ...config,
        GOOGLE_OAUTH_BASE_URL: config.GOOGLE_OAUTH_BASE_URL ?? defaultProviderUrls.GOOGLE_OAUTH_BASE_URL,
        MICROSOFT_LOGIN_BASE_URL:
          config.MICROSOFT_LOGIN_BASE_URL ?? defaultProviderUrls.MICROSOFT_LOGIN_BASE_URL,
        MICROSOFT_GRAPH_BASE_URL:
          config.MICROSOFT_GRAPH_BASE_URL ?? defaultProviderUrls.MICROSOFT_GRAPH_BASE_URL,
      },
      callsPerSecond: 5,
      maxRetryWaitMs: 10_000,
    },
  } satisfies ActionServices;
}

// Maintenance jobs run on their schedule; flow and trigger jobs are sent by the API and by other jobs.
async function workOn<Name extends JobName>(
  boss: PgBoss,
  name: Name,
  deps: EngineDeps & { now: () => Date },
): Promise<void> {
  const registry: JobRegistry = jobRegistry;
  const definition = registry[name];
  const schema = jobs[name];
  await boss.work(name, async (batch) => {
    for (const job of batch) {
      // The registry pairs each name with its schema; TypeScript cannot follow that through the union.
      const payload = schema.parse(job.data ?? {}) as JobPayload<Name>;
      await definition.handle(payload, {
        prisma: deps.prisma,
        logger: deps.logger,
        jobId: job.id,
        now: deps.now,
        boss,
      });
    }
  });
  if (definition.schedule) await boss.schedule(name, definition.schedule);
}
