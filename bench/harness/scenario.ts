// What a scenario is and what it hands back. A scenario file exports one `Scenario` (see defineScenario);
// bench/scenarios/index.ts lists them, and the targets that have none yet.
import type { CpuWindowResult } from './cpu';
import { describeBottleneck } from './cpu';
import type { BenchDatabase } from './database';
import type { SampleSummary } from './stats';

export const scenarioIds = [
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'P7',
  'P8',
  'P9',
  'P10',
  'P11',
  'P12',
] as const;
export type ScenarioId = (typeof scenarioIds)[number];

/** `smoke`: minimal sizes, seconds per scenario (bench/bench.test.ts); `full`: the sizes QUALITY.md names. */
export type Size = 'smoke' | 'full';

export interface ScenarioContext {
  size: Size;
  /** The run's PostgreSQL (fresh, migrated), shared by the scenarios of a run. */
  db: BenchDatabase;
  log(message: string): void;
}

export interface Figure {
  /** Stable key within the scenario, for --compare. */
  key: string;
  label: string;
  unit: string;
  ours: number | null;
  baseline: number | null;
  /** ours ÷ baseline (for times and sizes lower is better; for throughput higher is). */
  ratio: number | null;
  target: string;
  pass: boolean | null;
}

export interface CpuPhase {
  phase: string;
  window: CpuWindowResult;
  bottleneck: string;
}

export interface ScenarioReport {
  settings: object;
  samples: SampleSummary[];
  figures: Figure[];
  cpu: CpuPhase[];
  /** The biggest costs found, warnings, what was not measured and why. */
  notes: string[];
}

/** A performance target as the project states it. */
export interface Target {
  title: string;
  target: string;
}

export interface Scenario extends Target {
  id: ScenarioId;
  /** kebab-case, as in the file name and on the command line. */
  name: string;
  run(context: ScenarioContext): Promise<ScenarioReport>;
}

/** Collects a scenario's report piece by piece. */
export function createReport(settings: object) {
  const report: ScenarioReport = { settings, samples: [], figures: [], cpu: [], notes: [] };
  return {
    report,
    sample(summary: SampleSummary): SampleSummary {
      report.samples.push(summary);
      return summary;
    },
    /**
     * A figure beside its baseline. `meets(ours, ratio)` decides pass/fail; without a value there is no
     * verdict (null), which the table shows as "no figure".
     */
    figure(options: {
      key: string;
      label: string;
      unit: string;
      ours: number | null;
      baseline?: number | null;
      target: string;
      meets?: (ours: number, ratio: number | null) => boolean;
    }): Figure {
      const baseline = options.baseline ?? null;
      const ratio = options.ours !== null && baseline ? options.ours / baseline : null;
      const figure: Figure = {
        key: options.key,
        label: options.label,
        unit: options.unit,
        ours: options.ours,
        baseline,
        ratio,
        target: options.target,
        pass: options.ours === null || !options.meets ? null : options.meets(options.ours, ratio),
      };
      report.figures.push(figure);
      return figure;
    },
    cpu(phase: string, window: CpuWindowResult): void {
      report.cpu.push({ phase, window, bottleneck: describeBottleneck(window) });
    },
    note(text: string): void {
      report.notes.push(text);
    },
  };
}

export type ReportBuilder = ReturnType<typeof createReport>;

/**
 * A scenario from its sizes and its measurement: `measure` gets the context, the settings of the run's size
 * and the report to fill (which starts with those settings).
 */
export function defineScenario<Settings extends object>(
  spec: Omit<Scenario, 'run'> & {
    sizes: Record<Size, Settings>;
    measure(context: ScenarioContext & { settings: Settings; report: ReportBuilder }): Promise<void>;
  },
): Scenario {
  return {
    id: spec.id,
    name: spec.name,
    title: spec.title,
    target: spec.target,
    async run(context) {
      const settings = spec.sizes[context.size];
      const report = createReport({ ...settings });
      await spec.measure({ ...context, settings, report });
      return report.report;
    },
  };
}
