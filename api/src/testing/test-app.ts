import { createServer, type Server } from 'node:http';
import {
  type CollabServer,
  createCollabServer,
  loadCollabConfig,
  serveDraftCommands,
} from '@erp/collab-server';
import { createPostgresDraftChannel, type PrismaClient } from '@erp/prisma';
import { createTestPrisma, type Factories } from '@erp/prisma/testing';
import type { Role, User } from '@erp/shared';
import type { Express } from 'express';
import pg from 'pg';
import { type Logger, pino } from 'pino';
import supertest from 'supertest';
import { afterAll } from 'vitest';
import { createApp } from '../app';
import { loadApiConfig } from '../config';
import type { AppDeps } from '../deps';
import { createJobQueue } from '../jobs';
import { hashPassword } from '../modules/auth/passwords';
import { toUserView } from '../modules/users/user-view';

export interface TestApp {
  app: Express;
  /** What the app was built with, for tests of services below HTTP. */
  deps: AppDeps;
  /** With `collab`: the collab server beside the app. */
  collab: CollabServer | null;
  /** Serves the app and /collab on a port of 127.0.0.1 (once); the collab WebSocket URL. */
  listen(): Promise<{ collabUrl: string }>;
  prisma: PrismaClient;
  pool: pg.Pool;
  databaseUrl: string;
  make: Factories;
  http: () => supertest.Agent;
  /** A user with these roles and a live session token (created directly, not through the API under test). */
  createUser(
    roles: Role[],
    overrides?: { email?: string; password?: string; name?: string },
  ): Promise<TestUser>;
}

export interface TestUser {
  user: User;
  token: string;
  password: string;
}

/**
 * The real app on a fresh database cloned for this test file; with `collab`, a real collab server beside it that
 * the api reaches by direct call (`in-process`, as `npm start`) or through PostgreSQL commands (`over-postgres`,
 * as separate processes do). Without, drafts go over PostgreSQL to no collab process at all.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { collab?: 'in-process' | 'over-postgres'; logger?: Logger } = {},
): Promise<TestApp> {
  const { prisma, databaseUrl, make } = await createTestPrisma({ max: 6 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const config = loadApiConfig({
    DATABASE_URL: databaseUrl,
    AUDIT_KEY: testAuditKey,
    SECRETS_KEY: testSecretsKey,
    ...env,
  });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // Edits wait 2 s in the collab server's memory, so publish tests show the flush is what stores them.
  const collab = options.collab
    ? createCollabServer({
        prisma,
        config: loadCollabConfig({
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'silent',
          COLLAB_PERSIST_DELAY_MS: '2000',
        }),
        logger,
      })
    : null;
  const draftCommands =
    collab && options.collab === 'over-postgres'
      ? serveDraftCommands({ databaseUrl, prisma, drafts: collab.drafts, logger })
      : null;
  const drafts =
    collab && options.collab === 'in-process'
      ? collab.drafts
      : createPostgresDraftChannel(prisma, { timeoutMs: 3_000 });
  const jobs = createJobQueue({ connectionString: databaseUrl, logger });
  const deps: AppDeps = { prisma, pool, config, logger, drafts, jobs };
  const app = createApp(deps);
  let server: Server | null = null;
  afterAll(async () => {
    await draftCommands?.close();
    await collab?.close();
    server?.closeAllConnections();
    server?.close();
    await jobs.stop();
    await pool.end();
  });
  let counter = 0;
  return {
    app,
    deps,
    collab,
    async listen() {
      if (!server) {
        server = createServer(app);
        if (collab) server.on('upgrade', collab.handleUpgrade);
        const listening = server;
        await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
      }
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return { collabUrl: `ws://127.0.0.1:${port}/collab` };
    },
    prisma,
    pool,
    databaseUrl,
    make,
    http: () => supertest.agent(app),
    async createUser(roles, { password = `password-${++counter}-long`, ...spec } = {}) {
      const { user, token } = await make.user(roles, { ...spec, passwordHash: await hashPassword(password) });
      return { user: toUserView(user), token, password };
    },
  };
}

export const testAuditKey = 'a test audit key, not secret, 32+ characters';
export const testSecretsKey = 'a test secrets key, not secret, 32+ characters';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
