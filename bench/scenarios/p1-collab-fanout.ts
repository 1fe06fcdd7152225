// P1 collab fan-out: one editor drags a node of a 500-node flow at 20 updates/s while every other editor of
// the document receives each update; latency is edit → arrival at each receiver. The same clients, message
// sizes and rate then run against a plain `ws` relay (the baseline) in the same harness.
import { startChild } from '../harness/child';
import {
  type CollabFixture,
  type FanoutResult,
  type SeedResult,
  seedDocument,
  startCollabFixture,
  type Target,
} from '../harness/collab';
import { startCpuWindow } from '../harness/cpu';
import type { FlowSize } from '../harness/flow-fixture';
import { createReport, type ReportBuilder, type Scenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

interface Settings {
  flow: FlowSize;
  editorCounts: number[];
  rateHz: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}

const sizes: Record<'smoke' | 'full', Settings> = {
  smoke: {
    flow: { nodes: 20, edges: 20, edits: 60 },
    editorCounts: [5],
    rateHz: 20,
    warmupMs: 200,
    durationMs: 1000,
    drainMs: 2000,
  },
  full: {
    flow: { nodes: 500, edges: 600, edits: 1200 },
    editorCounts: [50, 200],
    rateHz: 20,
    warmupMs: 2000,
    durationMs: 10_000,
    drainMs: 5000,
  },
};

const targets: Record<number, { p99Ms: number; maxRatio?: number }> = {
  50: { p99Ms: 10, maxRatio: 2.5 },
  200: { p99Ms: 25 },
};

export const collabFanout: Scenario = {
  id: 'P1',
  name: 'collab-fanout',
  async run({ size, db, log }) {
    const settings = sizes[size];
    const builder = createReport({ ...settings });
    const fixture = await startCollabFixture(db, { documents: 1 });
    try {
      const [documentName] = fixture.documentNames;
      if (!documentName) throw new Error('no document created');
      log(`seeding the flow (${settings.flow.nodes} nodes)`);
      const seeded = await seedDocument(fixture.load, fixture.target(documentName), settings.flow);
      let lost = 0;
      let baselineLost = 0;
      for (const editors of settings.editorCounts) {
        log(`${editors} editors: collab server`);
        const ours = await measure(builder, fixture, settings, seeded, {
          label: `ours, ${editors} editors`,
          editors,
          target: fixture.target(documentName),
        });
        log(`${editors} editors: ws relay`);
        const relay = startChild('processes/ws-relay.ts');
        let baseline: FanoutResult;
        try {
          const { url } = await relay.request<{ url: string }>('address');
          baseline = await measure(builder, fixture, settings, seeded, {
            label: `baseline ws relay, ${editors} editors`,
            editors,
            target: { mode: 'relay', url, documentName, initialState: seeded.state },
            relayPid: relay.pid,
          });
        } finally {
          await relay.stop();
        }
        lost += ours.lost + ours.notConverged;
        baselineLost += baseline.lost + baseline.notConverged;
        addLatencyFigures(builder, editors, ours, baseline, size);
        builder.note(
          `${editors} editors: update ${ours.updateBytes} B (baseline ${baseline.updateBytes} B); ${ours.deliveries} deliveries measured`,
        );
      }
      builder.figure({
        key: 'lost',
        label: 'updates lost or not converged',
        unit: '',
        ours: lost,
        baseline: baselineLost,
        target: '0',
        meets: (count) => count === 0,
      });
    } finally {
      await fixture.stop();
    }
    return builder.report;
  },
};

async function measure(
  builder: ReportBuilder,
  fixture: CollabFixture,
  settings: Settings,
  seeded: SeedResult,
  run: { label: string; editors: number; target: Target; relayPid?: number },
): Promise<FanoutResult> {
  const { label, editors, target, relayPid } = run;
  const { load } = fixture;
  await load.request('open', { targets: Array.from({ length: editors }, () => target) });
  const window = relayPid
    ? startCpuWindow({ 'relay server': relayPid, 'load generator': load.pid })
    : fixture.cpuWindow();
  try {
    const result = await load.request<FanoutResult>(
      'fanout',
      {
        probeId: seeded.probeId,
        rateHz: settings.rateHz,
        warmupMs: settings.warmupMs,
        durationMs: settings.durationMs,
        drainMs: settings.drainMs,
      },
      settings.warmupMs + settings.durationMs + settings.drainMs + 60_000,
    );
    const cpu = window.stop();
    builder.cpu(label, cpu);
    builder.sample(
      summarize(`${label}: update latency`, 'ms', result.latencies, {
        errors: result.lost + result.notConverged,
        durationMs: result.sendingMs,
        operations: result.deliveries,
      }),
    );
    const server = cpu.processes[0];
    if (server) {
      builder.note(
        `${label}: server CPU ${((server.cpuMs * 1000) / Math.max(1, result.deliveries)).toFixed(1)} µs per delivered update`,
      );
    }
    return result;
  } finally {
    await load.request('close');
  }
}

function addLatencyFigures(
  builder: ReportBuilder,
  editors: number,
  ours: FanoutResult,
  baseline: FanoutResult,
  size: 'smoke' | 'full',
) {
  const oursSummary = summarize('ours', 'ms', ours.latencies);
  const baselineSummary = summarize('baseline', 'ms', baseline.latencies);
  builder.figure({
    key: `p50-${editors}`,
    label: `${editors} editors: p50 latency`,
    unit: 'ms',
    ours: oursSummary.p50,
    baseline: baselineSummary.p50,
    target: '—',
  });
  // The targets are stated for 50 and 200 editors; smoke runs report their figures without a verdict.
  const target = size === 'full' ? targets[editors] : undefined;
  builder.figure({
    key: `p99-${editors}`,
    label: `${editors} editors: p99 latency`,
    unit: 'ms',
    ours: oursSummary.p99,
    baseline: baselineSummary.p99,
    target: target
      ? `≤ ${target.p99Ms} ms${target.maxRatio ? ` and ≤ ${target.maxRatio}× baseline` : ''}`
      : '—',
    meets: target
      ? (ms, ratio) =>
          ms <= target.p99Ms && (target.maxRatio === undefined || (ratio ?? 0) <= target.maxRatio)
      : undefined,
  });
}
