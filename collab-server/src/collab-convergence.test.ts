import 'fake-indexeddb/auto';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { readFlow, validateDocument } from '@erp/shared/documents';
import { editFlowRandomly, pinnedFlow, Random } from '@erp/shared/testing';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import {
  createCollabTestKit,
  pollOptions,
  type RunningServer,
  type TestUser,
  waitForAcknowledged,
} from './testing/collab-test-kit';

// QUALITY.md "Convergence", end to end: four developers edit one flow through the real collab server, each
// with a Y.Doc kept in IndexedDB, going offline, reloading the page from IndexedDB alone and reconnecting in
// random order, while the server restarts gracefully and is killed with SIGKILL. At the end every replica and
// the stored document are equal, hold every change anyone ever made, and validate.
// The seed fixes the schedule (who edits, goes offline, reloads or reconnects when; when the server restarts);
// what an edit does depends on what its replica has received by then, which the network decides.
// Replay other seeds with COLLAB_CONVERGENCE_SEEDS=7,8,9.

const kit = await createCollabTestKit();

const seeds = process.env.COLLAB_CONVERGENCE_SEEDS?.split(',').map(Number) ?? [1, 2, 3];
const editsPerSeed = 1_100;
// Where the server goes down (fraction of the edits) and what comes up on the same port afterwards: the
// in-process server closes gracefully; the child process is killed with SIGKILL.
const serverPlan = [
  { at: 0.2, next: 'child' },
  { at: 0.45, next: 'inProcess' },
  { at: 0.7, next: 'inProcess' },
] as const;

// Snapshots often, so that loads after a restart read snapshot + tail, and compaction runs beside edits.
const inProcessOptions = { compactEvery: 5 };

type Running = { kind: 'inProcess'; server: RunningServer } | { kind: 'child'; child: ChildProcess };

interface Editor {
  user: TestUser;
  storeName: string;
  // Tells this editor's transactions apart from the provider's and IndexedDB's.
  origin: object;
  // The edits' own stream, so that the schedule's stream does not depend on what a replica saw.
  random: Random;
  doc: Y.Doc;
  local: IndexeddbPersistence;
  provider: HocuspocusProvider | null;
  isOnline: boolean;
}

const replayHint = (seed: number) => `seed ${seed} (replay with COLLAB_CONVERGENCE_SEEDS=${seed})`;
const stateVectorOf = (doc: Y.Doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));

async function runConvergence(seed: number) {
  const schedule = new Random(seed);
  const users = await Promise.all([0, 1, 2, 3].map((index) => kit.createUser(['developer'], `Dev ${index}`)));
  const document = await kit.createDocument('flow', users[0] as TestUser, { initialContent: pinnedFlow() });
  const first = await kit.startServer({ options: inProcessOptions });
  const url = first.url;
  let running: Running = { kind: 'inProcess', server: first };
  // Every client id and clock any replica ever held: the end state must hold all of them.
  const everSeen = new Map<string, number>();
  const stats = {
    edits: 0,
    changes: 0,
    offline: 0,
    reloads: 0,
    reconnects: 0,
    restarts: 0,
    unstoredAtKill: 0,
  };

  const remember = (doc: Y.Doc) => {
    for (const [client, clock] of Object.entries(stateVectorOf(doc))) {
      everSeen.set(client, Math.max(clock, everSeen.get(client) ?? 0));
    }
  };

  // A page load: the Y.Doc comes from IndexedDB alone; the provider is created when the editor goes online.
  const load = async (editor: Omit<Editor, 'doc' | 'local'>): Promise<Editor> => {
    const doc = new Y.Doc();
    doc.clientID = schedule.int(2 ** 31);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === editor.origin) stats.changes += 1;
    });
    const local = new IndexeddbPersistence(editor.storeName, doc);
    await local.whenSynced;
    return { ...editor, doc, local };
  };
  // Counted when made, not when seen, so that the schedule depends on the seed alone.
  const edit = (editor: Editor) => {
    editFlowRandomly(editor.doc, editor.random, editor.origin);
    stats.edits += 1;
  };
  const goOnline = (editor: Editor) => {
    editor.isOnline = true;
    if (editor.provider) {
      // connect() returns at once while the socket that disconnect() is closing still says 'connected', and
      // that socket then stays down for good (@hocuspocus/provider 4.8). Wanting the connection first lets its
      // close handler reconnect. client/src/collab/collab-session.ts's goOnline has the same gap.
      const socket = editor.provider.configuration.websocketProvider;
      socket.shouldConnect = true;
      void socket.connect();
    } else {
      editor.provider = kit.connect(url, document.name, editor.user.token, { document: editor.doc });
    }
  };
  const goOffline = (editor: Editor) => {
    editor.isOnline = false;
    editor.provider?.disconnect();
    stats.offline += 1;
  };
  const reload = async (editor: Editor): Promise<Editor> => {
    remember(editor.doc);
    editor.provider?.destroy();
    await editor.local.destroy();
    editor.doc.destroy();
    stats.reloads += 1;
    return load({ ...editor, provider: null });
  };

  const editors = await Promise.all(
    users.map((user, index) =>
      load({
        user,
        storeName: `convergence-${seed}-${document.id}-${index}`,
        origin: { editor: index },
        random: new Random(seed * 1_000 + index),
        provider: null,
        isOnline: false,
      }),
    ),
  );
  for (const editor of editors) goOnline(editor);
  await expect.poll(() => editors.every((editor) => editor.provider?.isSynced), pollOptions).toBe(true);

  // kill -9 right after a burst the child acknowledged: the burst lives in its memory and the editors only.
  const killAfterBurst = async (child: ChildProcess) => {
    if (!editors.some((editor) => editor.isOnline)) goOnline(schedule.pick(editors));
    const online = editors.filter((editor) => editor.isOnline);
    const providers = online.map((editor) => editor.provider as HocuspocusProvider);
    await waitForAcknowledged(...providers);
    for (const editor of online) {
      for (let burst = 1 + schedule.int(5); burst > 0; burst -= 1) edit(editor);
    }
    await waitForAcknowledged(...providers);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    const stored = stateVectorOf(await kit.storedDoc(document.id));
    for (const editor of online) remember(editor.doc);
    stats.unstoredAtKill = [...everSeen].filter(([client, clock]) => (stored[client] ?? 0) < clock).length;
  };
  const restart = async (next: 'child' | 'inProcess') => {
    if (running.kind === 'inProcess') {
      await running.server.close();
    } else {
      await killAfterBurst(running.child);
    }
    running =
      next === 'child'
        ? // Writes wait a minute: at the kill, everything this process received is in memory only.
          {
            kind: 'child',
            child: (
              await kit.startChildServer({ PORT: String(first.port), COLLAB_PERSIST_DELAY_MS: '60000' })
            ).child,
          }
        : {
            kind: 'inProcess',
            server: await kit.startServer({ port: first.port, options: inProcessOptions }),
          };
    stats.restarts += 1;
  };

  const pending = [...serverPlan];
  while (stats.edits < editsPerSeed) {
    const step = schedule.next();
    const offline = editors.filter((editor) => !editor.isOnline);
    const online = editors.filter((editor) => editor.isOnline);
    if (step < 0.7 || (step >= 0.8 && offline.length === 0)) {
      const editor = schedule.pick(editors);
      for (let burst = 1 + schedule.int(6); burst > 0; burst -= 1) edit(editor);
    } else if (step < 0.8) {
      if (online.length > 0) goOffline(schedule.pick(online));
    } else if (step < 0.92) {
      // Several editors come back, in random order, with a little network time between them.
      for (const editor of schedule.take(offline, 1 + schedule.int(offline.length))) {
        goOnline(editor);
        stats.reconnects += 1;
        await nextTurn();
      }
    } else {
      const index = editors.indexOf(schedule.pick(offline));
      editors[index] = await reload(editors[index] as Editor);
    }
    // Let the network run for a few turns, so replicas receive some of each other's edits and miss others.
    for (let turns = schedule.int(4); turns > 0; turns -= 1) await nextTurn();
    if (pending[0] && stats.edits >= pending[0].at * editsPerSeed) {
      await restart((pending.shift() as (typeof serverPlan)[number]).next);
    }
  }

  // Everyone comes back, in random order.
  for (const editor of schedule.take(
    editors.filter((candidate) => !candidate.isOnline),
    editors.length,
  )) {
    goOnline(editor);
    await nextTurn();
  }
  const outstanding = () =>
    editors.flatMap((editor, index) =>
      editor.provider?.isSynced && !editor.provider.hasUnsyncedChanges ? [] : [index],
    );
  // Key order inside a JSON object follows each replica's own history, so flows are compared as values.
  const differing = () => {
    const [reference, ...others] = editors.map((editor) => readFlow(editor.doc));
    return others.flatMap((flow, index) => (isDeepStrictEqual(flow, reference) ? [] : [index + 1]));
  };
  await expect
    .poll(() => ({ outstanding: outstanding(), differing: differing() }), {
      ...pollOptions,
      message: replayHint(seed),
    })
    .toEqual({ outstanding: [], differing: [] });
  for (const editor of editors) remember(editor.doc);
  return { editors, running, document, everSeen, stats };
}

describe('convergence through the collab server', () => {
  it.each(seeds)(
    `${editsPerSeed} random edits by four offline-capable editors across server restarts and a kill -9 end equal and valid (seed %i)`,
    async (seed) => {
      const started = performance.now();
      const { editors, running, document, everSeen, stats } = await runConvergence(seed);
      const because = replayHint(seed);
      expect(running.kind, because).toBe('inProcess');
      if (running.kind !== 'inProcess') return;

      const [flow, ...others] = editors.map((editor) => readFlow(editor.doc));
      for (const other of others) expect(other, because).toEqual(flow);
      const snapshot = Y.snapshot((editors[0] as Editor).doc);
      for (const editor of editors) {
        expect(stateVectorOf(editor.doc), because).toEqual(Object.fromEntries(everSeen));
        expect(Y.equalSnapshots(Y.snapshot(editor.doc), snapshot), because).toBe(true);
      }

      await running.server.collab.flush();
      const stored = await kit.storedDoc(document.id);
      expect(readFlow(stored), because).toEqual(flow);
      expect(stateVectorOf(stored), because).toEqual(Object.fromEntries(everSeen));
      expect(Y.equalSnapshots(Y.snapshot(stored), snapshot), because).toBe(true);
      // Every stored row decodes, and replaying the whole log gives the same document as snapshot + tail.
      const rows = await kit.prisma.documentUpdate.findMany({
        where: { documentId: document.id },
        orderBy: { id: 'asc' },
      });
      const snapshots = await kit.prisma.documentSnapshot.findMany({ where: { documentId: document.id } });
      for (const row of rows) expect(() => Y.decodeUpdate(row.update), because).not.toThrow();
      // Snapshots are stored in Yjs's v2 encoding.
      for (const row of snapshots) expect(() => Y.decodeUpdateV2(row.state), because).not.toThrow();
      expect(snapshots.length, because).toBeGreaterThan(0);
      const replayed = new Y.Doc();
      for (const row of rows) Y.applyUpdate(replayed, row.update);
      expect(readFlow(replayed), because).toEqual(flow);

      const result = validateDocument('flow', flow);
      expect(result.ok ? [] : result.issues, because).toEqual([]);
      // The schedule did what it is for.
      expect(stats.edits).toBeGreaterThanOrEqual(editsPerSeed);
      expect(stats.changes, because).toBe(stats.edits);
      expect(stats.restarts).toBe(serverPlan.length);
      expect(Math.min(stats.offline, stats.reloads, stats.reconnects), because).toBeGreaterThan(0);
      // The killed process held acknowledged changes that nothing had stored: the editors brought them back.
      expect(stats.unstoredAtKill, because).toBeGreaterThan(0);
      if (process.env.COLLAB_CONVERGENCE_VERBOSE) {
        const ms = Math.round(performance.now() - started);
        console.info({ seed, ms, ...stats, nodes: flow?.nodes.length, rows: rows.length });
      }

      for (const editor of editors) {
        editor.provider?.destroy();
        await editor.local.destroy();
        editor.doc.destroy();
      }
      await running.server.close();
    },
    // A child process start, a kill -9 and 1,100 edits: bounded, but generous for a busy 2-core machine (the
    // test asserts convergence, not speed).
    120_000,
  );
});
