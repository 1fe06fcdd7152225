import { applyPendingSteps, type FlowRuntime, flowTransaction, type PrismaClient } from '@erp/prisma';
import pg from 'pg';
import type { Logger } from 'pino';

export interface FlowRunnerOptions {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
  runtime: FlowRuntime;
  /** How often pending steps are looked for without a notification (after a crash, a lost connection). */
  pollMs?: number;
  /** Instances advanced at the same time. */
  concurrency?: number;
}

export interface FlowRunner {
  /** Resolves when nothing is pending in this process (tests, benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// The channel the flow_steps trigger notifies (migration flow_step_notify) at commit, with the instance id.
const channel = 'flow_steps';

/**
 * Applies pending flow steps as soon as they commit: woken by LISTEN/NOTIFY, and by a slow poll that finds
 * what no notification announced (steps written while no engine listened, or left by a killed one). Each
 * instance is advanced under its row lock, so several engine processes never apply a step twice.
 */
export async function startFlowRunner(options: FlowRunnerOptions): Promise<FlowRunner> {
  const queued = new Set<string>();
  const running = new Set<string>();
  const idleWaiters: (() => void)[] = [];
  const concurrency = options.concurrency ?? 4;
  let stopped = false;
  let listener: pg.Client | null = null;
  const { runtime } = options;
  const apply = (instanceId: string) =>
    options.prisma.$transaction((db) => applyPendingSteps(db, runtime, instanceId), flowTransaction);

  const pump = () => {
    for (const instanceId of queued) {
      if (running.size >= concurrency) return;
      if (running.has(instanceId)) continue;
      queued.delete(instanceId);
      running.add(instanceId);
      apply(instanceId)
        .catch((error: unknown) => {
          // Left pending: the next notification or poll tries again.
          options.logger.warn({ instanceId, message: String(error) }, 'flow step not applied yet');
        })
        .finally(() => {
          running.delete(instanceId);
          pump();
        });
    }
    if (queued.size === 0 && running.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };
  const enqueue = (instanceId: string) => {
    if (stopped) return;
    queued.add(instanceId);
    pump();
  };

  const poll = async () => {
    const rows = await options.prisma.flowStep.findMany({
      where: { status: 'pending' },
      select: { instanceId: true },
      distinct: ['instanceId'],
      take: 500,
    });
    for (const row of rows) enqueue(row.instanceId);
  };

  const listen = async () => {
    const client = new pg.Client({ connectionString: options.connectionString });
    client.on('notification', (message) => {
      if (message.payload) enqueue(message.payload);
    });
    client.on('error', (error) => {
      options.logger.warn({ message: error.message }, 'flow listener lost its connection');
      client.end().catch(() => {});
      if (listener === client) listener = null;
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    listener = client;
    // Steps committed while we were not listening.
    await poll();
  };

  await listen();
  const timer = setInterval(() => {
    const reconnect = listener ? Promise.resolve() : listen();
    reconnect
      .then(poll)
      .catch((error: unknown) => options.logger.warn({ message: String(error) }, 'flow poll failed'));
  }, options.pollMs ?? 2_000);

  return {
    idle: () =>
      queued.size === 0 && running.size === 0
        ? Promise.resolve()
        : new Promise((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopped = true;
      clearInterval(timer);
      queued.clear();
      if (running.size > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await listener?.end().catch(() => {});
    },
  };
}
