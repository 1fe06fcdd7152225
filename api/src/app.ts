import { ConfigError } from '@erp/shared';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps, AppServices } from './deps';
import { createChangeFeed } from './http/change-feed';
import { csrfGuard } from './http/csrf';
import { errorHandler, notFoundHandler } from './http/errors';
import { hostGuard } from './http/host-guard';
import { metricsMiddleware } from './http/metrics';
import { requestLogger } from './http/request-logger';
import { mountRoutes } from './http/router';
import { sessionMiddleware } from './http/session';
import { useAuditKey } from './modules/audit/audit-hash';
import { needsSetup } from './modules/auth/auth.service';
import { createLoginThrottle } from './modules/auth/login-throttle';
import { createSetupCode } from './modules/auth/setup-code';
import { datasetRowCap } from './modules/datasets/datasets.service';
import { createResultCache, datasetChangeChannels } from './modules/datasets/result-cache';
import { createTaskEvents } from './modules/flows/task-events';
import { hookBodyLimit } from './modules/triggers/hooks.service';
import { allRoutes } from './routes';

export interface CreateAppOptions {
  /** Mounted after the API (the built SPA in the one-process start). */
  staticHandler?: express.RequestHandler;
}

/** The whole HTTP API as an Express app; tests build it against a real database. */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): Express {
  if (!deps.config.AUDIT_KEY) {
    throw new ConfigError('AUDIT_KEY: required (32 or more random characters, kept outside the database)');
  }
  useAuditKey(deps.config.AUDIT_KEY);
  const datasetChanges = createChangeFeed({
    connectionString: deps.pool.options.connectionString,
    channels: datasetChangeChannels,
    logger: deps.logger,
    name: 'datasets',
  });
  const services: AppServices = {
    ...deps,
    loginThrottle: createLoginThrottle(deps.pool),
    setupCode: createSetupCode(deps.config.HOST),
    taskEvents: createTaskEvents({ pool: deps.pool, logger: deps.logger }),
    datasetResults: createResultCache({ feed: datasetChanges, maxRows: 20 * datasetRowCap }),
    liveDatasets: createResultCache({ feed: datasetChanges, maxRows: 1_000 }),
  };
  if (services.setupCode.isRequired) {
    void needsSetup(deps.prisma).then(
      (isNeeded) => isNeeded && services.setupCode.announce(deps.logger),
      (error: Error) =>
        deps.logger.warn({ message: error.message }, 'could not tell whether setup is needed'),
    );
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // CSP3's 'self' covers WebSockets to this site; nothing else is reachable from the page.
        directives: { 'connect-src': ["'self'"], 'upgrade-insecure-requests': null },
      },
      strictTransportSecurity: deps.config.PUBLIC_URL?.startsWith('https:') === true,
    }),
  );
  app.use(requestLogger(deps.logger));
  app.use(metricsMiddleware());
  app.use(hostGuard(deps));
  // Incoming hooks are signed over their exact bytes: kept raw (and capped) before the JSON parser sees them.
  app.use('/api/hooks', express.raw({ type: () => true, limit: hookBodyLimit }));
  app.use(express.json({ limit: '1mb' }));
  app.use(csrfGuard(deps));
  app.use(sessionMiddleware(deps));
  mountRoutes(app, services, allRoutes);
  app.use('/api', notFoundHandler);
  if (options.staticHandler) app.use(options.staticHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
