// P4 publish of a 500-node flow (read, validate, hash, diff against the previous version, insert). Publishing
// does not exist yet, so this measures the baseline the target sits beside: a bare INSERT of the same
// snapshot JSON (the flow the collab scenarios build, as `readFlow` gives it). When publish lands, its
// latency through the API goes beside it as "ours".
import { readFlow } from '@erp/shared/documents';
import * as Y from 'yjs';
import { startCpuWindow } from '../harness/cpu';
import { buildFlow } from '../harness/flow-fixture';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { flow: { nodes: 20, edges: 24, edits: 0 }, warmups: 2, inserts: 10 },
  full: { flow: { nodes: 500, edges: 600, edits: 5000 }, warmups: 20, inserts: 300 },
};

export const publish = defineScenario({
  id: 'P4',
  name: 'publish',
  title: 'publish of a 500-node flow',
  target: 'p50 ≤ 10 ms, p95 ≤ 20 ms',
  sizes,
  async measure({ settings, db, report }) {
    const doc = new Y.Doc();
    buildFlow(doc, settings.flow);
    const snapshot = JSON.stringify(readFlow(doc));
    doc.destroy();
    await db.createDatabase('bench_publish', async (client) => {
      await client.query(`CREATE TABLE versions (
      id bigserial PRIMARY KEY, document_id uuid NOT NULL, number int NOT NULL, snapshot jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (document_id, number))`);
      const documentId = crypto.randomUUID();
      const times: number[] = [];
      const window = startCpuWindow({ 'harness (client)': process.pid, postgres: db.pid });
      for (let number = 1; number <= settings.warmups + settings.inserts; number++) {
        const started = performance.now();
        await client.query('INSERT INTO versions (document_id, number, snapshot) VALUES ($1, $2, $3)', [
          documentId,
          number,
          snapshot,
        ]);
        if (number > settings.warmups) times.push(performance.now() - started);
      }
      report.cpu(`${settings.inserts} bare inserts`, window.stop());
      const bare = report.sample(summarize('baseline: bare INSERT of the snapshot JSON', 'ms', times));
      report.figure({
        key: 'p50',
        label: 'publish p50',
        unit: 'ms',
        ours: null,
        baseline: bare.p50,
        target: '≤ 10 ms',
        meets: (ms) => ms <= 10,
      });
      report.figure({
        key: 'p95',
        label: 'publish p95',
        unit: 'ms',
        ours: null,
        baseline: bare.p95,
        target: '≤ 20 ms',
        meets: (ms) => ms <= 20,
      });
      report.note(
        `snapshot JSON ${(snapshot.length / 1024).toFixed(0)} KB; ours: not yet supported (no publish yet)`,
      );
    });
  },
});
