import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, isLoopbackHostname } from '@erp/shared';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Logger } from 'pino';

/**
 * The first account of an installation that listens beyond this machine needs a one-time code printed to the
 * server's log (as Jupyter and Grafana do), so whoever reaches a fresh server first over the network cannot
 * claim it. On a loopback listener only this machine's users can reach it, and no code is asked.
 */
export interface SetupCode {
  readonly isRequired: boolean;
  /** Throws 403 unless the code matches (or none is required). */
  check(code: string | undefined): void;
  /** Writes the code to the log; call it while the installation still needs its first account. */
  announce(logger: Logger): void;
}

export function createSetupCode(host: string): SetupCode {
  if (isLoopbackHostname(host)) return { isRequired: false, check() {}, announce() {} };
  // 100 bits: nobody guesses it, so it needs no throttle of its own.
  const code = encodeBase32UpperCaseNoPadding(randomBytes(10)).replace(/(.{4})(?!$)/g, '$1-');
  const expected = Buffer.from(normalise(code));
  return {
    isRequired: true,
    check(given) {
      const actual = Buffer.from(normalise(given ?? ''));
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        throw new AppError('forbidden', 'The setup code is not right. It is in the server log.', {
          issues: [{ path: ['setupCode'], message: 'Copy the setup code from the server log.' }],
        });
      }
    },
    announce(logger) {
      logger.warn(
        { setupCode: code },
        `This installation has no account yet and listens on ${host}: create the first one with the setup code ${code}`,
      );
    },
  };
}

function normalise(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
