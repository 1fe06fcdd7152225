// P2 cold open: a 500-node flow with ≥ 5,000 edits of history, built through the real collab server (so it is
// stored exactly as editing stores it), then opened cold — no editor, not in the server's memory — by 50
// editors at once. The server's own load time comes from its log ('collab document loaded', ms); the
// baseline applies the very same stored bytes to a bare Y.Doc in a process of its own.

import { applyStoredState } from '@erp/collab-server';
import * as Y from 'yjs';
import { startChild } from '../harness/child';
import { seedDocument, startCollabFixture, waitForUnload } from '../harness/collab';
import type { FlowSize } from '../harness/flow-fixture';
import type { LogEntry } from '../harness/product';
import { describeProfile, type ProfileSummary } from '../harness/profile';
import { defineScenario } from '../harness/scenario';
import { single, summarize } from '../harness/stats';
import { encodeStoredState, readStoredState, uuidBytesIn } from '../harness/stored-state';

const sizes = {
  smoke: {
    flow: { nodes: 20, edges: 24, edits: 200 } as FlowSize,
    sessions: 12,
    editors: 5,
    warmups: 1,
    opens: 2,
    decodes: 5,
  },
  // 120 sessions: more rows than the server's compaction interval (100), as a document edited for weeks has.
  full: {
    flow: { nodes: 500, edges: 600, edits: 5000 } as FlowSize,
    sessions: 120,
    editors: 50,
    warmups: 1,
    opens: 5,
    decodes: 30,
  },
};

export const coldOpen = defineScenario({
  id: 'P2',
  name: 'cold-open',
  title: 'cold open of a 500-node flow',
  target: 'decode ≤ 35 ms, stored ≤ 200 KB, 50 editors synced ≤ 1.5 s',
  sizes,
  async measure({ settings, db, log, size, report }) {
    const loads: number[] = [];
    const onLog = (entry: LogEntry) => {
      if (entry.msg === 'collab document loaded' && typeof entry.ms === 'number') loads.push(entry.ms);
    };
    const fixture = await startCollabFixture(db, { documents: 1, logLevel: 'debug', onLog });
    const bare = startChild('processes/yjs-bare.ts', { nodeArgs: ['--expose-gc'] });
    try {
      const [documentName] = fixture.documentNames;
      if (!documentName) throw new Error('no document created');
      const target = fixture.target(documentName);
      log(
        `seeding ${settings.flow.nodes} nodes, ≥ ${settings.flow.edits} edits in ${settings.sessions} sessions through the collab server`,
      );
      const seeded = await seedDocument(fixture.load, target, settings.flow, settings.sessions);
      report.sample(
        summarize('seeding: edits through the collab server', 'ms', [seeded.ms], {
          operations: seeded.edits,
          durationMs: seeded.ms,
        }),
      );
      if ((await waitForUnload(fixture.collab, 30_000)) > 0)
        throw new Error('the seeded document never unloaded');

      const stored = await readStoredState(db, documentName);
      const loaded = new Y.Doc();
      applyStoredState(loaded, stored);
      const minimalState = Y.encodeStateAsUpdate(loaded);
      const minimal = minimalState.byteLength;
      const uuidKb = uuidBytesIn(minimalState) / 1024;
      report.note(
        `size drivers: ${uuidKb.toFixed(0)} KB of the ${(minimal / 1024).toFixed(0)} KB state are ids spelled as UUID strings (map keys, edge ends, references); Yjs's v2 encoding of the same state is ${(Y.encodeStateAsUpdateV2(loaded).byteLength / 1024).toFixed(0)} KB`,
      );
      loaded.destroy();
      report.note(
        `stored: snapshot ${(stored.snapshotBytes / 1024).toFixed(1)} KB + ${stored.tailRows} later updates; history log ${stored.historyRows} rows, ${(stored.historyBytes / 1024).toFixed(0)} KB (kept, not read on open); ${seeded.edits} edits, ${(seeded.updateBytes / 1024).toFixed(0)} KB sent`,
      );

      // Cold opens: by one editor (the server's load and decode alone), then by 50 at once (their sign-ins
      // and syncs compete with the load).
      const coldOpens = async (editors: number) => {
        const result = {
          serverLoads: [] as number[],
          lastSynced: [] as number[],
          lastApplied: [] as number[],
        };
        for (let round = 0; round < settings.warmups + settings.opens; round++) {
          const loadsBefore = loads.length;
          const opened = await fixture.load.request<{ syncMs: number[]; appliedMs: number[] }>('open', {
            targets: Array.from({ length: editors }, () => target),
            holdDecoding: true,
          });
          await fixture.load.request('close');
          if ((await waitForUnload(fixture.collab, 30_000)) > 0)
            throw new Error('the document never unloaded');
          if (round < settings.warmups) continue;
          result.serverLoads.push(...loads.slice(loadsBefore));
          result.lastSynced.push(Math.max(...opened.syncMs));
          result.lastApplied.push(Math.max(...opened.appliedMs));
        }
        return result;
      };
      log('cold opens by one editor');
      let window = fixture.cpuWindow();
      const alone = await coldOpens(1);
      report.cpu(`${settings.opens} cold opens by one editor`, window.stop());
      log(`cold opens by ${settings.editors} editors at once`);
      window = fixture.cpuWindow();
      const crowd = await coldOpens(settings.editors);
      report.cpu(`${settings.opens} cold opens by ${settings.editors} editors`, window.stop());

      const { times } = await bare.request<{ times: number[] }>('decode', {
        state: encodeStoredState(stored),
        iterations: settings.decodes,
      });
      // The first decodes warm the JIT, as the server's first open did.
      const bareTimes = times.slice(Math.min(3, times.length - 1));

      const serverLoad = report.sample(
        summarize('ours: server load of the stored state, one editor', 'ms', alone.serverLoads),
      );
      const crowdLoad = report.sample(
        summarize(
          `ours: server load of the stored state, ${settings.editors} editors`,
          'ms',
          crowd.serverLoads,
        ),
      );
      const bareDecode = report.sample(
        summarize('baseline: bare Y.applyUpdate of the same bytes', 'ms', bareTimes),
      );
      report.sample(summarize('ours: one editor synced', 'ms', alone.lastSynced));
      const synced = report.sample(
        summarize(`ours: ${settings.editors} editors synced (state at every socket)`, 'ms', crowd.lastSynced),
      );
      report.sample(
        summarize(
          `ours: ${settings.editors} editors synced and decoded (one load process)`,
          'ms',
          crowd.lastApplied,
        ),
      );
      report.sample(single('ours: stored bytes read on open', 'KB', stored.loadedBytes / 1024));
      report.sample(single('baseline: Y.encodeStateAsUpdate of the same state', 'KB', minimal / 1024));

      report.figure({
        key: 'decode',
        label: 'server load + decode p50 (one editor)',
        unit: 'ms',
        ours: serverLoad.p50,
        baseline: bareDecode.p50,
        target: '≤ 35 ms',
        meets: (ms) => ms <= 35,
      });
      report.figure({
        key: 'decode-crowd',
        label: `server load + decode p50 (${settings.editors} editors at once)`,
        unit: 'ms',
        ours: crowdLoad.p50,
        baseline: bareDecode.p50,
        target: '—',
      });
      report.figure({
        key: 'stored',
        label: 'stored state read on open',
        unit: 'KB',
        ours: stored.loadedBytes / 1024,
        baseline: minimal / 1024,
        target: '≤ 200 KB',
        meets: (kb) => kb <= 200,
      });
      report.figure({
        key: 'synced',
        label: `${settings.editors} editors synced p50`,
        unit: 'ms',
        ours: synced.p50,
        target: size === 'full' ? '≤ 1,500 ms' : '—',
        meets: size === 'full' ? (ms) => ms <= 1500 : undefined,
      });
      if (alone.serverLoads.length === 0)
        report.note("the server logged no 'collab document loaded' (LOG_LEVEL=debug)");

      log('one more cold open under the CPU profiler');
      await fixture.collab.child.request('profileStart');
      await fixture.load.request('open', {
        targets: Array.from({ length: settings.editors }, () => target),
        holdDecoding: true,
      });
      const profile = await fixture.collab.child.request<ProfileSummary>('profileStop');
      await fixture.load.request('close');
      report.note(`collab server profile of a cold open (not a measured run): ${describeProfile(profile)}`);
    } finally {
      await bare.stop();
      await fixture.stop();
    }
  },
});
