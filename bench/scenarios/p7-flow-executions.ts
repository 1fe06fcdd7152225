// P7 flow executions: instances of a 2-level automatic flow (start → 2 decisions → end) started through
// `POST /api/flows/:id/instances` of `npm start`'s API — each start runs the whole flow in its own transaction —
// at 20 concurrent connections, beside the same writes by hand (`processes/raw-flow-starts.ts`). Then the
// latency of one start, one at a time, of a 1-level and a 10-level automatic flow. Ours starts from the API:
// incoming webhooks (the triggers issue) start flows through the same command.
import { createPrismaClient } from '@erp/prisma';
import { createFactories } from '@erp/prisma/testing';
import { startChild } from '../harness/child';
import { startCpuWindow } from '../harness/cpu';
import type { BenchDatabase } from '../harness/database';
import { startProductServer } from '../harness/product';
import { describeProfile, type ProfileSummary } from '../harness/profile';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';
import type { HttpLoadResult } from '../processes/http-load';

const sizes = {
  smoke: { connections: 4, warmupSeconds: 1, durationSeconds: 1, sequential: 10 },
  full: { connections: 20, warmupSeconds: 2, durationSeconds: 10, sequential: 200 },
};

/** start → `levels` decisions in a row → end: a flow that runs to its end as it starts. */
function automaticFlow(levels: number) {
  const at = (index: number) => ({ description: '', position: { x: 0, y: index * 100 } });
  const ids = ['start', ...Array.from({ length: levels }, (_, index) => `d${index + 1}`), 'end'];
  return {
    kind: 'flow',
    schemaVersion: 1,
    description: '',
    nodes: ids.map((id, index) => ({
      id,
      name: id,
      type: id === 'start' ? 'start' : id === 'end' ? 'end' : 'decision',
      ...at(index),
    })),
    edges: ids.slice(1).map((target, index) => ({
      id: `e${index}`,
      source: ids[index],
      target,
      label: '',
      priority: 0,
      isDefault: false,
    })),
    triggers: [{ id: 'manual', type: 'manual' }],
  };
}

// Live flows of 1, 2 and 10 levels, written as publishing leaves them; the requester whose rows the baseline writes.
async function seedFlows(db: BenchDatabase) {
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    const make = createFactories(prisma);
    const { user } = await make.user(['employee']);
    const live = async (levels: number) => {
      const document = await make.document('flow', user);
      const version = await prisma.documentVersion.create({
        data: {
          documentId: document.id,
          number: 1,
          status: 'live',
          content: automaticFlow(levels),
          contentHash: `bench-${levels}`,
          stateVector: new Uint8Array(),
          authorId: user.id,
        },
      });
      return { documentId: document.id, versionId: version.id };
    };
    return { requesterId: user.id, one: await live(1), two: await live(2), ten: await live(10) };
  } finally {
    await prisma.$disconnect();
  }
}

export const flowExecutions = defineScenario({
  id: 'P7',
  name: 'flow-executions',
  title: 'flow executions',
  target: '≥ 440 automatic 2-level flow executions/s; 10-level p95 ≤ 10× 1-level',
  sizes,
  async measure({ settings, db, log, report }) {
    // The server first: on an empty database it creates the bench's account (seeding adds people of its own).
    const product = await startProductServer(db.url);
    const load = startChild('processes/http-load.ts');
    const raw = startChild('processes/raw-flow-starts.ts');
    try {
      const flows = await seedFlows(db);
      const start = (documentId: string) => ({
        paths: [`/api/flows/${documentId}/instances`],
        headers: [{ authorization: `Bearer ${product.token}`, 'content-type': 'application/json' }],
        bodies: ['{"data":{}}'],
      });
      const runLoad = (durationSeconds: number) =>
        load.request<HttpLoadResult>(
          'run',
          {
            url: product.url,
            method: 'POST',
            ...start(flows.two.documentId),
            connections: settings.connections,
            duration: durationSeconds,
          },
          (durationSeconds + 30) * 1000,
        );

      log('baseline: the same writes by hand');
      let window = startCpuWindow({ 'raw writer': raw.pid, postgres: db.pid });
      const byHand = await raw.request<{ starts: number; latencies: number[] }>(
        'run',
        {
          databaseUrl: db.url,
          ...flows.two,
          requesterId: flows.requesterId,
          connections: settings.connections,
          durationSeconds: settings.durationSeconds,
        },
        (settings.durationSeconds + 30) * 1000,
      );
      report.cpu(`by hand, ${settings.connections} clients`, window.stop());
      const baseline = report.sample(
        summarize('baseline: the flow written by hand (pg)', 'ms', byHand.latencies, {
          durationMs: settings.durationSeconds * 1000,
        }),
      );

      log('ours: POST /api/flows/:id/instances, 2 automatic levels');
      await runLoad(settings.warmupSeconds);
      window = startCpuWindow({ server: product.pid, 'load generator': load.pid, postgres: db.pid });
      const ours = await runLoad(settings.durationSeconds);
      report.cpu(`ours, ${settings.connections} connections`, window.stop());
      const oursPerSecond = ours.requests / ours.seconds;
      // The same load once more under the V8 profiler (not measured): where the server spends its CPU.
      await product.child.request('profileStart');
      await runLoad(settings.warmupSeconds);
      const profile = await product.child.request<ProfileSummary>('profileStop');
      report.note(`server profile under the same load (not measured): ${describeProfile(profile, 6)}`);

      const sequential = async (documentId: string, label: string) => {
        const times: number[] = [];
        for (let n = 0; n < settings.sequential; n++) {
          const began = performance.now();
          await product.api('POST', `/api/flows/${documentId}/instances`, { data: {} });
          times.push(performance.now() - began);
        }
        return report.sample(summarize(label, 'ms', times));
      };
      log('one start at a time: 1 and 10 levels');
      const one = await sequential(flows.one.documentId, 'ours: a 1-level automatic flow, one at a time');
      const ten = await sequential(flows.ten.documentId, 'ours: a 10-level automatic flow, one at a time');

      report.figure({
        key: 'executions-per-second',
        label: '2-level executions/s',
        unit: '/s',
        ours: oursPerSecond,
        baseline: baseline.throughput,
        target: '≥ 440/s (absolute)',
        meets: (value) => value >= 440,
      });
      report.figure({
        key: 'ten-level-p95',
        label: '10-level p95 vs 1-level p95',
        unit: 'ms',
        ours: ten.p95,
        baseline: one.p95,
        target: '≤ 10× the 1-level p95',
        meets: (_value, ratio) => ratio !== null && ratio <= 10,
      });
      report.note(
        `ours: ${ours.requests} starts in ${settings.durationSeconds} s at ${settings.connections} connections, ${
          ours.errors + ours.non2xx
        } errors; by hand: ${byHand.starts}`,
      );
    } finally {
      await raw.stop();
      await load.stop();
      await product.stop();
    }
  },
});
