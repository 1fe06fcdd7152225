import { createPrismaClient, createSession, type PrismaClient } from '@erp/prisma';
import { createTestDatabase } from '@erp/prisma/testing';
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
  const databaseUrl = await createTestDatabase();
  const prisma = createPrismaClient(databaseUrl, { max: 4 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const config = loadApiConfig({ DATABASE_URL: databaseUrl, ...env });
  const app = createApp({ prisma, pool, config, logger: options.logger ?? pino({ level: 'silent' }) });
  afterAll(async () => {
    await prisma.$disconnect();
    await pool.end();
  });
  let counter = 0;
  return {
    app,
    prisma,
    pool,
    databaseUrl,
    http: () => supertest.agent(app),
    async createUser(roles, overrides = {}) {
      counter += 1;
      const password = overrides.password ?? `password-${counter}-long`;
      const row = await prisma.user.create({
        data: {
          email: overrides.email ?? `user${counter}-${roles.join('-')}@example.com`,
          name: overrides.name ?? `Test User ${counter}`,
          passwordHash: await hashPassword(password),
          roles,
        },
      });
      const { token } = await createSession(prisma, row.id, { idleMs: 3_600_000, maxMs: 7_200_000 });
      return { user: toUserView(row), token, password };
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
