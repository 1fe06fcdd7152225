// P3 memory per open document: the collab server's heap (after full collections) with N 500-node flows open,
// one editor each, against bare Y.Docs of the same stored bytes in a process of their own; then every editor
// leaves and the documents must unload and give their memory back.
import { startChild } from '../harness/child';
import { seedDocument, startCollabFixture, waitForUnload } from '../harness/collab';
import type { FlowSize } from '../harness/flow-fixture';
import { defineScenario } from '../harness/scenario';
import { single } from '../harness/stats';
import { encodeStoredState, readStoredState } from '../harness/stored-state';

const sizes = {
  smoke: { flow: { nodes: 20, edges: 24, edits: 0 } as FlowSize, documents: 3, unloadTimeoutMs: 20_000 },
  full: { flow: { nodes: 500, edges: 600, edits: 0 } as FlowSize, documents: 20, unloadTimeoutMs: 30_000 },
};

const kb = (bytes: number) => bytes / 1024;

export const documentMemory = defineScenario({
  id: 'P3',
  name: 'doc-memory',
  title: 'memory per open document',
  target: '≤ 1.2× a bare Y.Doc; idle docs unloaded; 1,000 docs in 8 GB',
  sizes,
  async measure({ settings, db, log, report }) {
    const fixture = await startCollabFixture(db, { documents: settings.documents });
    const bare = startChild('processes/yjs-bare.ts', { nodeArgs: ['--expose-gc'] });
    try {
      const { collab, load, documentNames } = fixture;
      log(`seeding ${documentNames.length} flows of ${settings.flow.nodes} nodes`);
      for (const name of documentNames) await seedDocument(load, fixture.target(name), settings.flow);
      if ((await waitForUnload(collab, settings.unloadTimeoutMs)) > 0)
        throw new Error('seeded documents stayed loaded');

      const before = await collab.memory();
      const window = fixture.cpuWindow();
      await load.request('open', { targets: documentNames.map((name) => fixture.target(name)) });
      report.cpu(`opening ${documentNames.length} documents`, window.stop());
      const open = await collab.memory();
      // A second editor on every document: what a connection costs, as opposed to the document itself.
      await load.request('open', { targets: documentNames.map((name) => fixture.target(name)) });
      const twice = await collab.memory();
      await load.request('close');
      const stillLoaded = await waitForUnload(collab, settings.unloadTimeoutMs);
      const after = await collab.memory();

      const count = documentNames.length;
      const perDoc = (open.heapUsed - before.heapUsed) / count;
      const perConnection = (twice.heapUsed - open.heapUsed) / count;
      const retained = (after.heapUsed - before.heapUsed) / count;
      const [first] = documentNames;
      const stored = await readStoredState(db, first ?? '');
      const { perDocBytes } = await bare.request<{ perDocBytes: number }>('memory', {
        state: encodeStoredState(stored),
        count,
      });

      report.sample(single('ours: collab server heap per open document (one editor)', 'KB', kb(perDoc)));
      report.sample(single('baseline: heap per bare Y.Doc of the same bytes', 'KB', kb(perDocBytes)));
      report.sample(single('ours: heap per further editor connection', 'KB', kb(perConnection)));
      report.sample(single('ours: heap kept per document after its editors left', 'KB', kb(retained)));
      report.figure({
        key: 'per-doc',
        label: 'heap per open document',
        unit: 'KB',
        ours: kb(perDoc),
        baseline: kb(perDocBytes),
        target: '≤ 1.2× a bare Y.Doc',
        meets: (_value, ratio) => ratio !== null && ratio <= 1.2,
      });
      report.figure({
        key: 'unloaded',
        label: 'documents still loaded after editors left',
        unit: '',
        ours: stillLoaded,
        target: `0 within ${settings.unloadTimeoutMs / 1000} s`,
        meets: (loaded) => loaded === 0,
      });
      const projectedGb = (before.rss + 1000 * perDoc) / 1024 ** 3;
      report.figure({
        key: 'thousand-docs',
        label: '1,000 open documents (projected RSS)',
        unit: 'GB',
        ours: projectedGb,
        target: '≤ 8 GB',
        meets: (gb) => gb <= 8,
      });
      report.note(
        `server heap ${(kb(before.heapUsed) / 1024).toFixed(1)} MB idle, RSS ${(kb(before.rss) / 1024).toFixed(0)} MB; per document ${kb(perDoc).toFixed(0)} KB of which ≈ ${kb(perConnection).toFixed(0)} KB is its editor's connection; after unload ${kb(retained).toFixed(1)} KB per document remain`,
      );
    } finally {
      await bare.stop();
      await fixture.stop();
    }
  },
});
