// Load generator for the collab scenarios (P1–P3), in a process of its own: many editors, each with its own
// Y.Doc and WebSocket, either Hocuspocus providers against the product's collab server or plain sockets
// against the baseline relay. The parent drives it through requests (see the handlers at the bottom).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { serveRequests } from '../harness/child';
import type { Target } from '../harness/collab';
import { dragProbe, type FlowSize, flowEdits, readProbe } from '../harness/flow-fixture';
import { frameForRoom, readPayload } from './relay-frame';

interface BenchClient {
  doc: Y.Doc;
  arrival: Arrival;
  /**
   * Resolves when the client holds the server's state (Hocuspocus) or has joined the room (relay), with the
   * time the message that completed the sync reached the socket.
   */
  synced: Promise<number>;
  /** Resolves when every local change has been acknowledged by the server (Hocuspocus only). */
  settled(): Promise<void>;
  close(): void;
}

const remote = Symbol('remote');

interface Arrival {
  /** When the message being applied right now reached this client's socket (performance.now()). */
  at: number;
  /** When the server's state (the first sync step 2) reached the socket. */
  stateAt: number | null;
}

// In a real deployment every editor is its own machine; here they share one thread, and the 200th socket's
// message would wait for 199 others to be decoded first. So arrival is stamped when a message's frame is
// read from its socket, and decoding is deferred (setImmediate keeps each socket's order). While `hold` is
// on, decoding waits altogether (a cold open: 50 editors decoding the state would hold up the sockets).
type MessageListener = (event: unknown) => void;

const hold = { isOn: false, queue: [] as (() => void)[] };

function readVarUint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let offset = start;
  for (let shift = 0; offset < bytes.length; shift += 7) {
    const byte = bytes[offset++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return [value, offset];
}

/** A Hocuspocus message `[document name][type 0 = sync][sync type 1 = step 2]…`, read without decoding it. */
function isSyncStep2(data: unknown): boolean {
  if (!(data instanceof ArrayBuffer)) return false;
  const bytes = new Uint8Array(data);
  const [nameLength, afterLength] = readVarUint(bytes, 0);
  const [type, afterType] = readVarUint(bytes, afterLength + nameLength);
  return type === 0 && readVarUint(bytes, afterType)[0] === 1;
}

function stampingWebSocket(arrival: Arrival) {
  const wrapped = new Map<MessageListener, MessageListener>();
  return class StampingWebSocket extends WebSocket {
    override addEventListener(type: string, listener: MessageListener, options?: object): void {
      if (type !== 'message') {
        super.addEventListener(type as 'open', listener, options);
        return;
      }
      const deferred = (event: unknown) => {
        const at = performance.now();
        if (arrival.stateAt === null && isSyncStep2((event as { data?: unknown }).data)) arrival.stateAt = at;
        const dispatch = () => {
          arrival.at = at;
          listener(event);
        };
        if (hold.isOn) hold.queue.push(dispatch);
        else setImmediate(dispatch);
      };
      wrapped.set(listener, deferred);
      super.addEventListener('message', deferred, options);
    }
    override removeEventListener(type: string, listener: MessageListener): void {
      const deferred = type === 'message' ? wrapped.get(listener) : undefined;
      wrapped.delete(listener);
      super.removeEventListener(type as 'open', deferred ?? listener);
    }
  };
}

function openHocuspocusClient(target: Target): BenchClient {
  const doc = new Y.Doc();
  const arrival: Arrival = { at: 0, stateAt: null };
  const socket = new HocuspocusProviderWebsocket({
    url: target.url,
    WebSocketPolyfill: stampingWebSocket(arrival),
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: target.documentName,
    token: target.token ?? null,
    document: doc,
  });
  provider.attach();
  const synced = new Promise<number>((resolve, reject) => {
    provider.on('synced', () => resolve(arrival.at || performance.now()));
    provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
      reject(new Error(`collab refused ${target.documentName}: ${reason}`)),
    );
  });
  return {
    doc,
    arrival,
    synced,
    settled: () =>
      new Promise<void>((resolve) => {
        if (!provider.hasUnsyncedChanges) return resolve();
        const check = () => {
          if (provider.hasUnsyncedChanges) return;
          provider.off('unsyncedChanges', check);
          resolve();
        };
        provider.on('unsyncedChanges', check);
      }),
    close() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

function openRelayClient(target: Target): BenchClient {
  const doc = new Y.Doc();
  if (target.initialState) Y.applyUpdate(doc, Buffer.from(target.initialState, 'base64'), remote);
  const socket = new WebSocket(target.url);
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== remote && socket.readyState === socket.OPEN) {
      socket.send(frameForRoom(target.documentName, update));
    }
  });
  const arrival: Arrival = { at: 0, stateAt: null };
  let joined: (at: number) => void = () => {};
  socket.on('message', (data: Buffer) => {
    const at = performance.now();
    const payload = readPayload(data);
    if (payload.byteLength === 0) return joined(at);
    setImmediate(() => {
      arrival.at = at;
      Y.applyUpdate(doc, payload, remote);
    });
  });
  const synced = new Promise<number>((resolve, reject) => {
    joined = resolve;
    // An empty message joins the room; the relay answers it once this socket receives the room's messages.
    socket.once('open', () => socket.send(frameForRoom(target.documentName, new Uint8Array())));
    socket.once('error', reject);
  });
  return {
    doc,
    arrival,
    synced,
    settled: async () => {},
    close() {
      socket.close();
      doc.destroy();
    },
  };
}

const openClient = (target: Target) =>
  target.mode === 'hocuspocus' ? openHocuspocusClient(target) : openRelayClient(target);

let clients: BenchClient[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Opens one client per target, all at once. Per client, ms from the start: `syncMs` until the server's
 * state reached its socket (the server's part), `appliedMs` until it had applied it too (here all clients
 * decode one after another; real editors decode in parallel, each on its own machine). With
 * `holdDecoding`, no client decodes anything until every one has received the state.
 */
async function open({ targets, holdDecoding = false }: { targets: Target[]; holdDecoding?: boolean }) {
  const started = performance.now();
  hold.isOn = holdDecoding;
  const opened = targets.map(openClient);
  clients.push(...opened);
  if (holdDecoding) {
    const deadline = started + 60_000;
    while (opened.some((client) => client.arrival.stateAt === null) && performance.now() < deadline)
      await sleep(1);
    hold.isOn = false;
    for (const dispatch of hold.queue.splice(0)) setImmediate(dispatch);
  }
  const times = await Promise.all(
    opened.map((client) =>
      client.synced.then((arrivedAt) => ({
        sync: (client.arrival.stateAt ?? arrivedAt) - started,
        applied: performance.now() - started,
      })),
    ),
  );
  return {
    syncMs: times.map((time) => time.sync),
    appliedMs: times.map((time) => time.applied),
    totalMs: performance.now() - started,
  };
}

function closeAll() {
  for (const client of clients) client.close();
  clients = [];
}

/**
 * One editor builds a flow through the server, one edit per transaction (one update each, as a person's
 * edits arrive), in `sessions` bursts with a pause between them longer than the server's write delay (so
 * the history is stored in many rows, as days of work are), then waits until the server has acknowledged
 * every edit.
 */
async function seed({ target, size, sessions = 1 }: { target: Target; size: FlowSize; sessions?: number }) {
  const client = openClient(target);
  try {
    await client.synced;
    let updateBytes = 0;
    client.doc.on('update', (update: Uint8Array) => {
      updateBytes += update.byteLength;
    });
    const started = performance.now();
    const steps = flowEdits(client.doc, size);
    const perSession = Math.ceil(size.edits / sessions);
    let step = steps.next();
    for (let count = 1; !step.done; count++) {
      if (count % perSession === 0) await sleep(250);
      step = steps.next();
    }
    const built = step.value;
    await client.settled();
    return {
      ...built,
      updateBytes,
      ms: performance.now() - started,
      state: Buffer.from(Y.encodeStateAsUpdate(client.doc)).toString('base64'),
    };
  } finally {
    client.close();
  }
}

/**
 * The first client drags the probe node at `rateHz`; every other client records, per update, the time from
 * the edit to its arrival. An update counts as arrived when the receiver's state vector covers the editor's
 * clock after that edit, so updates a server merges into one message are measured too (each from its own
 * edit). Updates sent during the warm-up are not measured.
 */
async function fanout(options: {
  probeId: string;
  rateHz: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}) {
  const [editor, ...receivers] = clients;
  if (!editor || receivers.length === 0)
    throw new Error('fanout needs an editor and receivers: open clients first');
  const editorId = editor.doc.clientID;
  const firstMeasured = Math.round((options.warmupMs * options.rateHz) / 1000) + 1;
  const total = firstMeasured - 1 + Math.round((options.durationMs * options.rateHz) / 1000);
  // Index = seq (1-based): when the edit was made and the editor's clock right after it.
  const sentAt: number[] = [0];
  const clockAfter: number[] = [0];
  const latencies: number[] = [];
  const delivered = receivers.map(() => 0);
  let merged = 0;
  const handlers = receivers.map((client, index) => {
    const handler = () => {
      const arrived = client.arrival.at;
      const clock = Y.getState(client.doc.store, editorId);
      let next = (delivered[index] ?? 0) + 1;
      const first = next;
      while (next < clockAfter.length && (clockAfter[next] ?? Number.POSITIVE_INFINITY) <= clock) {
        if (next >= firstMeasured) latencies.push(arrived - (sentAt[next] ?? arrived));
        next++;
      }
      if (next - first > 1) merged++;
      delivered[index] = next - 1;
    };
    client.doc.on('update', handler);
    return handler;
  });
  let updateBytes = 0;
  const measureSize = (update: Uint8Array) => {
    updateBytes = update.byteLength;
  };
  editor.doc.on('update', measureSize);

  const interval = 1000 / options.rateHz;
  const started = performance.now();
  let measuredFrom = started;
  for (let seq = 1; seq <= total; seq++) {
    await sleep(started + seq * interval - performance.now());
    if (seq === firstMeasured) measuredFrom = performance.now();
    sentAt.push(performance.now());
    dragProbe(editor.doc, options.probeId, seq);
    clockAfter.push(Y.getState(editor.doc.store, editorId));
  }
  const sendingMs = performance.now() - measuredFrom;
  const drainDeadline = performance.now() + options.drainMs;
  while (performance.now() < drainDeadline && delivered.some((seq) => seq < total)) await sleep(10);

  editor.doc.off('update', measureSize);
  receivers.forEach((client, index) => {
    const handler = handlers[index];
    if (handler) client.doc.off('update', handler);
  });
  const measured = total - firstMeasured + 1;
  const lost = delivered.reduce((sum, seq) => sum + (total - seq), 0);
  const notConverged = receivers.filter((client) => readProbe(client.doc, options.probeId) !== total).length;
  return {
    latencies,
    updates: measured,
    receivers: receivers.length,
    deliveries: measured * receivers.length,
    lost,
    notConverged,
    merged,
    sendingMs,
    updateBytes,
  };
}

serveRequests({
  open,
  seed,
  fanout,
  close: () => closeAll(),
});
