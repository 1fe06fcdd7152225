// P6 latency: committed event → action start at 200 events/s, the engine's trigger runner listening (woken by
// NOTIFY at the event's commit), beside a bare NOTIFY → LISTEN round trip at the same rate in the same process.
import { startChild } from '../harness/child';
import { startCpuWindow } from '../harness/cpu';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { events: 50, perSecond: 100 },
  full: { events: 2_000, perSecond: 200 },
} satisfies Record<string, { events: number; perSecond: number }>;

export const triggerLatency = defineScenario({
  id: 'P6',
  name: 'trigger-latency',
  title: 'event → action latency',
  target: 'p50 ≤ 5×, p99 ≤ 10× a bare NOTIFY → LISTEN round trip, at 200 events/s',
  sizes,
  async measure({ settings, db, log, report }) {
    const engine = startChild('processes/trigger-worker.ts');
    try {
      await engine.request('setUp', { url: db.url }, 60_000);
      log(`bare NOTIFY → LISTEN, ${settings.events} at ${settings.perSecond}/s`);
      const bare = report.sample(
        summarize(
          'baseline: NOTIFY → LISTEN round trip',
          'ms',
          await engine.request<number[]>('measureNotify', { url: db.url, ...settings }, 300_000),
        ),
      );
      log(`engine, ${settings.events} events at ${settings.perSecond}/s`);
      const window = startCpuWindow({ engine: engine.pid, postgres: db.pid });
      const latencies = await engine.request<number[]>(
        'measureLatency',
        { url: db.url, ...settings },
        300_000,
      );
      report.cpu('engine at rate', window.stop());
      const ours = report.sample(summarize('ours: committed event → action start', 'ms', latencies));
      report.figure({
        key: 'p50',
        label: 'event → action start p50',
        unit: 'ms',
        ours: ours.p50,
        baseline: bare.p50,
        target: '≤ 5× baseline',
        meets: (_value, ratio) => ratio !== null && ratio <= 5,
      });
      report.figure({
        key: 'p99',
        label: 'event → action start p99',
        unit: 'ms',
        ours: ours.p99,
        baseline: bare.p99,
        target: '≤ 10× baseline',
        meets: (_value, ratio) => ratio !== null && ratio <= 10,
      });
      report.note(
        "ours is measured on the database's clock: the event insert's now() to the action transaction's now()",
      );
    } finally {
      await engine.stop();
    }
  },
});
