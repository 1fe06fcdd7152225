// A product entry exactly as its npm script runs it (BENCH_SERVER_ENTRY: `scripts/start.ts` for `npm start`,
// `collab-server/src/main.ts` for `npm run start:collab`), plus an IPC channel through which the harness
// reads the process's memory. Everything else comes from the environment, as in production.
import { serveRequests } from '../harness/child';

const entry = process.env.BENCH_SERVER_ENTRY;
if (!entry) throw new Error('BENCH_SERVER_ENTRY names the entry to run, relative to the repository');

const gc = (globalThis as { gc?: () => void }).gc;

serveRequests({
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
