export interface RetryPolicy {
  /** Attempts before an action is dead-lettered. */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 2_000, maxDelayMs: 600_000 };

/**
 * The delay before attempt `attempts + 1`: exponential with "equal jitter" (half fixed, half random), so
 * retries of many failed actions spread out instead of hitting a recovering receiver together.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempts: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
