// Shared set-up of the collab scenarios (P1–P3): documents created through the API, the standalone collab
// server (`npm run start:collab`) in one process, the editors in another.
import { toDocumentName } from '@erp/shared/ids';
import { type ChildHandle, startChild } from './child';
import { startCpuWindow } from './cpu';
import type { BenchDatabase } from './database';
import type { FlowSize } from './flow-fixture';
import { type CollabServerProcess, type LogEntry, startCollabServer, startProductServer } from './product';

/** The collab scenarios edit flows (the largest builder documents). */
export const benchKind = 'flow';

export interface Target {
  mode: 'hocuspocus' | 'relay';
  url: string;
  documentName: string;
  token?: string;
  /** Relay mode: the document every client starts from (base64 of a Yjs update). */
  initialState?: string;
}

export interface SeedResult {
  edits: number;
  probeId: string;
  updateBytes: number;
  ms: number;
  /** base64 of the seeding editor's final state. */
  state: string;
}

export interface FanoutResult {
  latencies: number[];
  updates: number;
  receivers: number;
  deliveries: number;
  /** Updates that never reached a receiver (summed over receivers). */
  lost: number;
  /** Receivers whose final state differs from the editor's. */
  notConverged: number;
  /** Messages that carried more than one of the editor's updates (the server coalesced them). */
  merged: number;
  sendingMs: number;
  updateBytes: number;
}

export interface CollabFixture {
  token: string;
  collab: CollabServerProcess;
  load: ChildHandle;
  /** Documents of the bench kind, created through the API; their collab names. */
  documentNames: string[];
  target(documentName: string): Target;
  /** CPU window over the collab server, the load generator and PostgreSQL. */
  cpuWindow(): ReturnType<typeof startCpuWindow>;
  stop(): Promise<void>;
}

/**
 * Creates `documents` documents through the API (then stops the API server: it has no part in editing),
 * starts the collab server and the load generator.
 */
export async function startCollabFixture(
  db: BenchDatabase,
  options: { documents: number; onLog?: (entry: LogEntry) => void; logLevel?: string },
): Promise<CollabFixture> {
  const product = await startProductServer(db.url);
  const documentNames: string[] = [];
  try {
    for (let index = 0; index < options.documents; index++) {
      const created = await product.api<{ id: string }>('POST', '/api/documents', {
        kind: benchKind,
        name: `Bench ${benchKind} ${Date.now()}-${index}`,
      });
      documentNames.push(toDocumentName(benchKind, created.id));
    }
  } finally {
    await product.stop();
  }
  const collab = await startCollabServer(db.url, { onLog: options.onLog, logLevel: options.logLevel });
  const load = startChild('processes/collab-clients.ts');
  return {
    token: product.token,
    collab,
    load,
    documentNames,
    target: (documentName) => ({ mode: 'hocuspocus', url: collab.wsUrl, documentName, token: product.token }),
    cpuWindow: () =>
      startCpuWindow({ 'collab server': collab.pid, 'load generator': load.pid, postgres: db.pid }),
    stop: () => Promise.all([load.stop(), collab.stop()]).then(() => {}),
  };
}

/** Builds the bench flow through the collab server; `sessions` bursts of edits, each stored in its own rows. */
export function seedDocument(
  load: ChildHandle,
  target: Target,
  size: FlowSize,
  sessions = 1,
): Promise<SeedResult> {
  return load.request<SeedResult>('seed', { target, size, sessions }, 600_000);
}

/** Waits until the collab server has unloaded every document (no editor left), or the timeout. */
export async function waitForUnload(collab: CollabServerProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let documents = (await collab.stats()).documents;
  while (documents > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    documents = (await collab.stats()).documents;
  }
  return documents;
}
