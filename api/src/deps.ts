import type { PrismaClient } from '@erp/prisma';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ApiConfig } from './config';
import type { LoginThrottle } from './modules/auth/login-throttle';
import type { SetupCode } from './modules/auth/setup-code';

// What the app is built from and what handlers receive; its own file so services never import app.ts
// (which imports every route, and so every service: a type cycle through the whole api).

export interface AppDeps {
  prisma: PrismaClient;
  /** A plain pg pool for what Prisma does not cover (rate-limit counters, health). */
  pool: pg.Pool;
  config: ApiConfig;
  logger: Logger;
}

/** What route handlers get: the dependencies plus services built once per app. */
export interface AppServices extends AppDeps {
  loginThrottle: LoginThrottle;
  setupCode: SetupCode;
}
