import type { PrismaClient } from '@erp/prisma';
import type { DraftChannel } from '@erp/shared';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ApiConfig } from './config';
import type { JsonText } from './http/router';
import type { JobQueue } from './jobs';
import type { LoginThrottle } from './modules/auth/login-throttle';
import type { SetupCode } from './modules/auth/setup-code';
import type { LiveDataset } from './modules/datasets/datasets.service';
import type { ResultCache } from './modules/datasets/result-cache';
import type { TaskEvents } from './modules/flows/task-events';

// What the app is built from and what handlers receive; its own file so services never import app.ts
// (which imports every route, and so every service: a type cycle through the whole api).

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
  taskEvents: TaskEvents;
  setupCode: SetupCode;
  /** Dataset answers as the JSON they are sent as. */
  datasetResults: ResultCache<JsonText>;
  /** Live dataset definitions with the live tables they read, by document id (one row each; checked per use). */
  liveDatasets: ResultCache<LiveDataset>;
}
