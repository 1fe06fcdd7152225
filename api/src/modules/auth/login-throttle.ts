import { AppError } from '@erp/shared';
import type pg from 'pg';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';

const fifteenMinutes = 15 * 60;

/**
 * Failed logins are counted per account and per client IP, in PostgreSQL so every API process shares them.
 * The IP is the socket's unless TRUST_PROXY is on, so a spoofed X-Forwarded-For buys nothing.
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
    async assertAllowed(email: string, ip: string): Promise<void> {
      const [account, address] = await Promise.all([byAccount.get(email), byIp.get(ip)]);
      const blocked = [account, address].filter(
        (state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0,
      );
      if (blocked.length > 0) {
        const retryAfterSeconds = Math.ceil(Math.max(...blocked.map((state) => state.msBeforeNext)) / 1000);
        throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', {
          retryAfterSeconds,
        });
      }
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      // consume() rejects once the limit is reached; the next assertAllowed reports it.
      await Promise.allSettled([byAccount.consume(email), byIp.consume(ip)]);
    },
    async recordSuccess(email: string): Promise<void> {
      await byAccount.delete(email);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
