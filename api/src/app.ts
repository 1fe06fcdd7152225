import type { PrismaClient } from '@erp/prisma';
import type { DraftChannel } from '@erp/shared';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ApiConfig } from './config';
import { csrfGuard } from './http/csrf';
import { errorHandler, notFoundHandler } from './http/errors';
import { metricsMiddleware } from './http/metrics';
import { requestLogger } from './http/request-logger';
import { mountRoutes } from './http/router';
import { sessionMiddleware } from './http/session';
import type { JobQueue } from './jobs';
import { createLoginThrottle, type LoginThrottle } from './modules/auth/login-throttle';
import { allRoutes } from './routes';

export interface AppDeps {
  prisma: PrismaClient;
  /** A plain pg pool for what Prisma does not cover (rate-limit counters, health). */
  pool: pg.Pool;
  config: ApiConfig;
  logger: Logger;
  /** The collab processes holding drafts (flush before a publish reads; restore and import write through them). */
  drafts: DraftChannel;
  /** Engine jobs, sent inside the transaction of the change that causes them. */
  jobs: JobQueue;
}

/** What route handlers get: the dependencies plus services built once per app. */
export interface AppServices extends AppDeps {
  loginThrottle: LoginThrottle;
}

export interface CreateAppOptions {
  /** Mounted after the API (the built SPA in the one-process start). */
  staticHandler?: express.RequestHandler;
}

/** The whole HTTP API as an Express app; tests build it against a real database. */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): Express {
  const services: AppServices = { ...deps, loginThrottle: createLoginThrottle(deps.pool) };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'upgrade-insecure-requests': null },
      },
      strictTransportSecurity: deps.config.PUBLIC_URL?.startsWith('https:') === true,
    }),
  );
  app.use(requestLogger(deps.logger));
  app.use(metricsMiddleware());
  app.use(express.json({ limit: '1mb' }));
  app.use(csrfGuard(deps));
  app.use(sessionMiddleware(deps));
  mountRoutes(app, services, allRoutes);
  app.use('/api', notFoundHandler);
  if (options.staticHandler) app.use(options.staticHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
