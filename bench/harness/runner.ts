// Runs the chosen scenarios one after another against one fresh database and collects the results.
import { loadavg } from 'node:os';
import { type CatalogueEntry, catalogue } from '../scenarios/index';
import { startCpuWindow } from './cpu';
import { startBenchDatabase } from './database';
import { describeMachine, describeVersions, type RunResults, type ScenarioResult } from './results';
import { type ScenarioId, type Size, scenarioIds } from './scenario';

/** `p1`, `P1`, `collab-fanout` all name the same scenario. */
export function selectScenarios(names: string[]): ScenarioId[] {
  if (names.length === 0) return [...scenarioIds];
  return names.map((name) => {
    const wanted = name.toLowerCase();
    const match = scenarioIds.find((id) => {
      const entry: CatalogueEntry = catalogue[id];
      return id.toLowerCase() === wanted || entry.scenario?.name === wanted;
    });
    if (!match) {
      const known = scenarioIds.map(
        (id) => `${id}${catalogue[id].scenario ? ` (${catalogue[id].scenario?.name})` : ''}`,
      );
      throw new Error(`unknown scenario '${name}'; known: ${known.join(', ')}`);
    }
    return match;
  });
}

export async function runBench(options: {
  ids: ScenarioId[];
  size: Size;
  argv?: string[];
  log?: (message: string) => void;
}): Promise<RunResults> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const db = await startBenchDatabase();
  const scenarios: ScenarioResult[] = [];
  try {
    for (const id of options.ids) {
      const entry: CatalogueEntry = catalogue[id];
      const base = { id, name: entry.scenario?.name ?? '', title: entry.title, target: entry.target };
      if (!entry.scenario) {
        scenarios.push({ ...base, status: 'not yet supported' });
        continue;
      }
      log(`${id} ${entry.scenario.name}: running (${options.size})`);
      const scenarioStarted = performance.now();
      const loadStart = loadavg()[0] ?? 0;
      const window = startCpuWindow({ harness: process.pid, postgres: db.pid });
      try {
        const report = await entry.scenario.run({
          size: options.size,
          db,
          log: (message) => log(`${id}   ${message}`),
        });
        scenarios.push({ ...base, status: 'measured', ...report });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${id} failed: ${message}`);
        scenarios.push({ ...base, status: 'failed', error: message });
      }
      const result = scenarios.at(-1);
      if (result) {
        result.durationMs = performance.now() - scenarioStarted;
        result.loadavg = [loadStart, loadavg()[0] ?? 0];
        const whole = window.stop();
        result.notes = [
          ...(result.notes ?? []),
          `machine during the scenario: ${whole.machine.busyCores.toFixed(2)} of ${whole.machine.cores} cores busy, ${whole.machine.foreignCores.toFixed(2)} of them not this run's processes`,
        ];
      }
    }
  } finally {
    await db.stop();
  }
  return {
    format: 1,
    startedAt,
    durationMs: performance.now() - started,
    machine: { ...machine, loadavgAtEnd: loadavg() },
    versions: describeVersions(db.version),
    settings: { size: options.size, scenarios: options.ids, argv: options.argv ?? [] },
    scenarios,
  };
}
