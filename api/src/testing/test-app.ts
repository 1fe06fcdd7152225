import type { PrismaClient } from '@erp/prisma';
import { createTestPrisma, type Factories } from '@erp/prisma/testing';
import type { Role, User } from '@erp/shared';
import type { Express } from 'express';
import pg from 'pg';
import { type Logger, pino } from 'pino';
import supertest from 'supertest';
import { afterAll } from 'vitest';
import { createApp } from '../app';
import { loadApiConfig } from '../config';
import { hashPassword } from '../modules/auth/passwords';
import { toUserView } from '../modules/users/user-view';

export interface TestApp {
  app: Express;
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

/** The real app on a fresh database cloned for this test file. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { logger?: Logger } = {},
): Promise<TestApp> {
  const { prisma, databaseUrl, make } = await createTestPrisma();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const config = loadApiConfig({ DATABASE_URL: databaseUrl, AUDIT_KEY: testAuditKey, ...env });
  const app = createApp({ prisma, pool, config, logger: options.logger ?? pino({ level: 'silent' }) });
  afterAll(() => pool.end());
  let counter = 0;
  return {
    app,
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

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
