// A product entry exactly as its npm script runs it (BENCH_SERVER_ENTRY: `scripts/start.ts` for `npm start`,
// `collab-server/src/main.ts` for `npm run start:collab`), plus an IPC channel through which the harness
// reads the process's memory. Everything else comes from the environment, as in production.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serveRequests } from '../harness/child';

const entry = process.env.BENCH_SERVER_ENTRY;
if (!entry) throw new Error('BENCH_SERVER_ENTRY names the entry to run, relative to the repository');

const gc = (globalThis as { gc?: () => void }).gc;

// The event loop's delay over a window: how long a ready callback (a request's next step, a query's answer)
// waited behind other work on the one thread (the engine's batches share it under `npm start`).
let loopDelay: ReturnType<typeof monitorEventLoopDelay> | null = null;

serveRequests({
  loopDelayStart: () => {
    loopDelay?.disable();
    loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
  },
  // Milliseconds; null when no window was started.
  loopDelayStop: () => {
    const window = loopDelay;
    loopDelay = null;
    if (!window) return null;
    window.disable();
    const ms = (ns: number) => Math.round(ns / 10_000) / 100;
    return { p50: ms(window.percentile(50)), p99: ms(window.percentile(99)), max: ms(window.max) };
  },
  // Heap after full collections (needs --expose-gc), so deltas between two calls are live objects only.
  memory: async () => {
    for (let round = 0; round < 3 && gc; round++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage();
  },
});

await import(new URL(`../../${entry}`, import.meta.url).href);
