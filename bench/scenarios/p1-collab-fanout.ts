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
import { describeProfile, type ProfileSummary } from '../harness/profile';
import { defineScenario, type ReportBuilder } from '../harness/scenario';
import { summarize } from '../harness/stats';

interface Settings {
  flow: FlowSize;
  editorCounts: number[];
  rateHz: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  /** Each editor count runs this many rounds of ours and the baseline, alternating. */
  rounds: number;
  /** A separate run under the CPU profiler, for the report's "biggest cost". */
  profileMs: number;
}

const sizes: Record<'smoke' | 'full', Settings> = {
  smoke: {
    flow: { nodes: 20, edges: 24, edits: 0 },
    editorCounts: [5],
    rateHz: 20,
    warmupMs: 200,
    durationMs: 1000,
    rounds: 1,
    drainMs: 2000,
    profileMs: 500,
  },
  full: {
    flow: { nodes: 500, edges: 600, edits: 0 },
    editorCounts: [50, 200],
    rateHz: 20,
    warmupMs: 2000,
    durationMs: 5000,
    rounds: 2,
    drainMs: 5000,
    profileMs: 5000,
  },
};

const targets: Record<number, { p99Ms: number; maxRatio?: number }> = {
  50: { p99Ms: 10, maxRatio: 2.5 },
  200: { p99Ms: 25 },
};

export const collabFanout = defineScenario({
  id: 'P1',
  name: 'collab-fanout',
  title: 'collab fan-out',
  target: '49 editors p99 ≤ 10 ms and ≤ 2.5× a plain ws relay; 200 editors p99 ≤ 25 ms; none lost',
  sizes,
  async measure({ settings, db, log, size, report }) {
    const fixture = await startCollabFixture(db, { documents: 1 });
    try {
      const [documentName] = fixture.documentNames;
      if (!documentName) throw new Error('no document created');
      log(`seeding the flow (${settings.flow.nodes} nodes)`);
      const seeded = await seedDocument(fixture.load, fixture.target(documentName), settings.flow);
      let lost = 0;
      let baselineLost = 0;
      for (const editors of settings.editorCounts) {
        // Rounds alternate ours and the baseline, so a burst of other work on the machine hits both alike.
        const ours: FanoutResult[] = [];
        const baseline: FanoutResult[] = [];
        for (let round = 1; round <= settings.rounds; round++) {
          log(`${editors} editors, round ${round}: collab server, then ws relay`);
          ours.push(
            await measure(report, fixture, settings, seeded, {
              label: `ours, ${editors} editors, round ${round}`,
              editors,
              target: fixture.target(documentName),
            }),
          );
          baseline.push(
            await measureRelay(report, fixture, settings, seeded, { editors, round, documentName }),
          );
        }
        const oursAll = combine(ours);
        const baselineAll = combine(baseline);
        lost += oursAll.lost + oursAll.notConverged;
        baselineLost += baselineAll.lost + baselineAll.notConverged;
        addLatencyFigures(report, editors, oursAll, baselineAll, size);
        report.note(
          `${editors} editors: update ${oursAll.updateBytes} B (baseline ${baselineAll.updateBytes} B); ${oursAll.deliveries} deliveries measured; ${oursAll.merged} messages carried several updates (baseline ${baselineAll.merged})`,
        );
      }
      const profiled = settings.editorCounts.at(-1) ?? 2;
      log(`${profiled} editors: collab server under the CPU profiler`);
      await fixture.load.request('open', {
        targets: Array.from({ length: profiled }, () => fixture.target(documentName)),
      });
      await fixture.collab.child.request('profileStart');
      await fixture.load.request('fanout', {
        probeId: seeded.probeId,
        rateHz: settings.rateHz,
        warmupMs: 0,
        durationMs: settings.profileMs,
        drainMs: settings.drainMs,
      });
      const profile = await fixture.collab.child.request<ProfileSummary>('profileStop');
      await fixture.load.request('close');
      report.note(
        `collab server profile, ${profiled} editors (not a measured run): ${describeProfile(profile)}`,
      );
      report.figure({
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
  },
});

async function measure(
  report: ReportBuilder,
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
    report.cpu(label, cpu);
    const server = cpu.processes[0];
    if (server) {
      report.note(
        `${label}: server CPU ${((server.cpuMs * 1000) / Math.max(1, result.deliveries)).toFixed(1)} µs per delivered update`,
      );
    }
    return result;
  } finally {
    await load.request('close');
  }
}

async function measureRelay(
  report: ReportBuilder,
  fixture: CollabFixture,
  settings: Settings,
  seeded: SeedResult,
  run: { editors: number; round: number; documentName: string },
): Promise<FanoutResult> {
  const relay = startChild('processes/ws-relay.ts');
  try {
    const { url } = await relay.request<{ url: string }>('address');
    return await measure(report, fixture, settings, seeded, {
      label: `baseline ws relay, ${run.editors} editors, round ${run.round}`,
      editors: run.editors,
      target: { mode: 'relay', url, documentName: run.documentName, initialState: seeded.state },
      relayPid: relay.pid,
    });
  } finally {
    await relay.stop();
  }
}

function combine(results: FanoutResult[]): FanoutResult {
  const sum = (pick: (result: FanoutResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    latencies: results.flatMap((result) => result.latencies),
    updates: sum((result) => result.updates),
    receivers: results[0]?.receivers ?? 0,
    deliveries: sum((result) => result.deliveries),
    lost: sum((result) => result.lost),
    notConverged: sum((result) => result.notConverged),
    merged: sum((result) => result.merged),
    sendingMs: sum((result) => result.sendingMs),
    updateBytes: results[0]?.updateBytes ?? 0,
  };
}

function addLatencyFigures(
  report: ReportBuilder,
  editors: number,
  ours: FanoutResult,
  baseline: FanoutResult,
  size: 'smoke' | 'full',
) {
  const sample = (name: string, result: FanoutResult) =>
    report.sample(
      summarize(`${name}, ${editors} editors: update latency`, 'ms', result.latencies, {
        errors: result.lost + result.notConverged,
        durationMs: result.sendingMs,
        operations: result.deliveries,
      }),
    );
  const oursSummary = sample('ours', ours);
  const baselineSummary = sample('baseline ws relay', baseline);
  // The targets are stated for 50 and 200 editors' p99; smoke runs report their figures without a verdict.
  const target = size === 'full' ? targets[editors] : undefined;
  for (const percentile of ['p50', 'p99'] as const) {
    const judged = percentile === 'p99' ? target : undefined;
    report.figure({
      key: `${percentile}-${editors}`,
      label: `${editors} editors: ${percentile} latency`,
      unit: 'ms',
      ours: oursSummary[percentile],
      baseline: baselineSummary[percentile],
      target: judged
        ? `≤ ${judged.p99Ms} ms${judged.maxRatio ? ` and ≤ ${judged.maxRatio}× baseline` : ''}`
        : '—',
      meets: judged
        ? (ms, ratio) =>
            ms <= judged.p99Ms && (judged.maxRatio === undefined || (ratio ?? 0) <= judged.maxRatio)
        : undefined,
    });
  }
}
