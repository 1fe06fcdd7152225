import { listenForNotifications, type PrismaClient } from '@erp/prisma';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ActionServices } from './actions/action';
import { defaultRetryPolicy, type RetryPolicy } from './backoff';
import { dispatchEvents } from './dispatch';
import { executeDueActions } from './execute';

export interface TriggerRunnerOptions {
  connectionString: string;
  prisma: PrismaClient;
  logger: Logger;
  services: ActionServices;
  retry?: Partial<RetryPolicy>;
  /** Chains of trigger runs (A→B→A…) stop at this depth. */
  maxDepth?: number;
  /** How often work is looked for without a notification (retries that came due, missed notifications). */
  pollMs?: number;
  /** Event batches dispatched, and action batches run, at the same time. */
  concurrency?: number;
}

export interface TriggerRunner {
  /** Resolves when this process has nothing left to dispatch or run right now (tests, benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// The channel of the events and trigger_actions triggers (migration trigger_runs_notify).
const channel = 'erp_events';

/**
 * Events → runs → actions, woken by NOTIFY at the commit of an event or of a pending action (milliseconds),
 * and by a slow poll for what no notification announced. Each loop drains its queue until it is empty; a
 * wake-up during a pass makes one more pass, so nothing committed is left waiting for the poll.
 */
export async function startTriggerRunner(options: TriggerRunnerOptions): Promise<TriggerRunner> {
  const retry = { ...defaultRetryPolicy, ...options.retry };
  // A batch of events costs a few statements whatever its size (bench P5): large batches, each transaction
  // still well under a second.
  const dispatchOptions = { batchSize: 500, maxDepth: options.maxDepth ?? 5 };
  const concurrency = options.concurrency ?? 4;
  // Plain connections beside Prisma's pool: a dispatch batch's transaction each, and one more for the action
  // runners' checks for due work, which then never wait behind a backlog's batches.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: concurrency + 1 });
  pool.on('error', (error) =>
    options.logger.warn({ message: error.message }, 'trigger runner lost an idle plain connection'),
  );
  const executeDeps = {
    prisma: options.prisma,
    pool,
    logger: options.logger,
    services: options.services,
    retry,
    batchSize: 50,
  };
  const dispatchState = { onPrisma: false };
  const dispatchers = drainGroup(
    'dispatch',
    concurrency,
    dispatchOptions.batchSize,
    () => dispatchEvents(executeDeps, dispatchOptions, dispatchState),
    options.logger,
  );
  const runners = drainGroup(
    'actions',
    concurrency,
    executeDeps.batchSize,
    () => executeDueActions(executeDeps),
    options.logger,
  );
  const groups = [dispatchers, runners];
  const wake = () => {
    for (const group of groups) group.wake();
  };
  // The notification names the table that changed: a queued event wakes a dispatcher, an action a runner; events
  // no live trigger listens to (not queued) wake nobody.
  const wakeFor = (table: string | undefined) => {
    if (table === 'events') dispatchers.wake();
    else if (table === 'trigger_actions') runners.wake();
    else if (table !== 'events.unqueued') wake();
  };
  const listener = listenForNotifications({
    connectionString: options.connectionString,
    channel,
    onNotification: wakeFor,
    onListening: wake,
    onError: (error) =>
      options.logger.warn({ message: error.message }, 'trigger listener lost its connection'),
  });
  const timer = setInterval(wake, options.pollMs ?? 1_000);
  wake();
  return {
    idle: async () => {
      await Promise.all(groups.map((group) => group.idle()));
    },
    async stop() {
      clearInterval(timer);
      await listener.close();
      await Promise.all(groups.map((group) => group.stop()));
      // A second stop (a test's own, then its cleanup's) finds the pool ending already.
      if (!pool.ending) await pool.end();
    },
  };
}

interface DrainLoop {
  wake(): void;
  isRunning(): boolean;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Loops sharing one queue (SKIP LOCKED keeps them apart). A wake-up starts one idle loop (or asks a busy one
 * for another pass), so a trickle of work costs one transaction per notification, not one per loop; a pass
 * that took a full batch brings in another loop, so a backlog is drained by all of them at once (each waits
 * on its round trips to PostgreSQL while the others work).
 */
function drainGroup(
  name: string,
  size: number,
  batchSize: number,
  pass: () => Promise<number>,
  logger: Logger,
): DrainLoop {
  const wake = () => {
    const loop = loops.find((candidate) => !candidate.isRunning()) ?? loops[0];
    loop?.wake();
  };
  const loops: DrainLoop[] = Array.from({ length: size }, (_, index) =>
    drainLoop(
      `${name} ${index}`,
      async () => {
        const taken = await pass();
        if (taken >= batchSize) wake();
        // Only a full batch means more may be waiting: what commits after this pass's statement notifies,
        // which wakes a loop again. A pass that found less does not go again to find nothing (a transaction
        // per wake-up saved: under `npm start` that pass ran on the API's thread and pool).
        return taken >= batchSize;
      },
      logger,
    ),
  );
  return {
    wake,
    isRunning: () => loops.some((loop) => loop.isRunning()),
    // A loop may bring in another as it finishes: idle once none runs.
    idle: async () => {
      while (loops.some((loop) => loop.isRunning())) await Promise.all(loops.map((loop) => loop.idle()));
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

function drainLoop(name: string, pass: () => Promise<boolean>, logger: Logger): DrainLoop {
  let running: Promise<void> | null = null;
  let isWoken = false;
  let isStopped = false;
  const run = async () => {
    while (isWoken && !isStopped) {
      isWoken = false;
      try {
        // A full batch means more may be waiting: go again at once.
        while (!isStopped && (await pass())) {}
      } catch (error) {
        // Left in the queue: the next notification or poll tries again (a restarting database, a lost backend).
        logger.warn({ loop: name, message: String(error) }, 'trigger pass failed');
        return;
      }
    }
  };
  return {
    wake() {
      isWoken = true;
      if (running || isStopped) return;
      running = run().finally(() => {
        running = null;
      });
    },
    isRunning: () => running !== null,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      isStopped = true;
      await running;
    },
  };
}
