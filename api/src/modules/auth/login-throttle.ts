import { AppError } from '@erp/shared';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

const fifteenMinutes = 15 * 60;

/** One password check that was allowed to run; tell the throttle how it went. */
export interface PasswordAttempt {
  /** The last attempt the account or the IP had before being blocked. */
  readonly isLastAllowed: boolean;
  /** A right password gives back only this attempt's point: concurrent failures keep counting. */
  succeeded(): Promise<void>;
}

/**
 * Password checks (sign-in, and the current password of a password change) are counted per account and per
 * client IP, in PostgreSQL so every API process shares them. A point is taken atomically *before* the password
 * is verified, so a burst of simultaneous attempts cannot all slip past a read-then-record check. The IP is the
 * socket's unless TRUST_PROXY is on, so a spoofed X-Forwarded-For buys nothing.
 */
export function createLoginThrottle(pool: pg.Pool) {
  const shared = { storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true };
  const byAccount = new RateLimiterPostgres({
    ...shared,
    keyPrefix: 'login_account',
    points: 10,
    duration: fifteenMinutes,
    blockDuration: fifteenMinutes,
  });
  const byIp = new RateLimiterPostgres({
    ...shared,
    keyPrefix: 'login_ip',
    points: 50,
    duration: fifteenMinutes,
    blockDuration: fifteenMinutes,
  });

  return {
    /** Takes one attempt from the account's and the IP's allowance, or throws 429 when either is used up. */
    async consumeAttempt(account: string, ip: string): Promise<PasswordAttempt> {
      const results = await Promise.allSettled([byAccount.consume(account), byIp.consume(ip)]);
      const refused = results.flatMap((result) =>
        result.status === 'rejected' && result.reason instanceof RateLimiterRes ? [result.reason] : [],
      );
      // Anything else is the store failing: fail closed (the error handler answers 503 or 500).
      const failure = results.find(
        (result) => result.status === 'rejected' && !refused.includes(result.reason),
      );
      if (failure?.status === 'rejected') throw failure.reason;
      if (refused.length > 0) {
        const retryAfterSeconds = Math.ceil(Math.max(...refused.map((state) => state.msBeforeNext)) / 1000);
        throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', {
          retryAfterSeconds,
        });
      }
      const remaining = results.map((result) =>
        result.status === 'fulfilled' ? result.value.remainingPoints : 0,
      );
      return {
        isLastAllowed: remaining.some((points) => points === 0),
        async succeeded() {
          await Promise.all([byAccount.reward(account, 1), byIp.reward(ip, 1)]);
        },
      };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
