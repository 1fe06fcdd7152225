/** One measured series, summarised the same way everywhere (what results JSON and the table show). */
export interface SampleSummary {
  /** What was measured, e.g. `ours: update latency, 49 receivers`. */
  name: string;
  unit: string;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  /** Operations per second over the measured window, where that means something. */
  throughput: number | null;
  errors: number;
}

/** Nearest-rank percentile of an ascending array (no interpolation: every figure is a real sample). */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

export function summarize(
  name: string,
  unit: string,
  values: readonly number[],
  extra: { errors?: number; durationMs?: number; operations?: number } = {},
): SampleSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const operations = extra.operations ?? sorted.length;
  return {
    name,
    unit,
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
    mean: sorted.length > 0 ? total / sorted.length : null,
    throughput: extra.durationMs ? (operations / extra.durationMs) * 1000 : null,
    errors: extra.errors ?? 0,
  };
}

/** A single figure (a size, a one-off time) as a summary, so every sample has the same shape. */
export function single(name: string, unit: string, value: number): SampleSummary {
  return summarize(name, unit, [value]);
}
