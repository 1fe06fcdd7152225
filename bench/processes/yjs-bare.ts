// Baseline for P2 and P3: bare Yjs in a process of its own (started with --expose-gc), fed the very bytes the
// collab server stores for a document.
import * as Y from 'yjs';
import { serveRequests } from '../harness/child';
import { decodeStoredState, type EncodedState } from '../harness/stored-state';

const gc = (globalThis as { gc?: () => void }).gc;

async function collectedHeap(): Promise<number> {
  if (!gc) throw new Error('start this process with --expose-gc');
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

type Stored = ReturnType<typeof decodeStoredState>;

// Bare Yjs: Y.applyUpdateV2 of the snapshot and Y.applyUpdate of each later update, nothing else.
function load(stored: Stored): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

serveRequests({
  /** Time to apply the stored updates to a fresh Y.Doc, per iteration, ms. */
  decode({ state, iterations }: { state: EncodedState; iterations: number }) {
    const bytes = decodeStoredState(state);
    const times: number[] = [];
    for (let iteration = 0; iteration < iterations; iteration++) {
      const started = performance.now();
      const doc = load(bytes);
      times.push(performance.now() - started);
      doc.destroy();
    }
    return { times };
  },
  /** Heap held per loaded Y.Doc (after full collections), over `count` documents, bytes. */
  async memory({ state, count }: { state: EncodedState; count: number }) {
    const bytes = decodeStoredState(state);
    const before = await collectedHeap();
    const docs = Array.from({ length: count }, () => load(bytes));
    const after = await collectedHeap();
    const perDoc = (after - before) / count;
    for (const doc of docs) doc.destroy();
    return { perDocBytes: perDoc };
  },
});
