import { createPrismaClient } from '@erp/prisma';
import { findFreePort } from '@erp/prisma/testing';
import pg from 'pg';
import { pino } from 'pino';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { loadApiConfig } from '../../config';
import { createTestApp, type TestApp, testAuditKey } from '../../testing/test-app';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('reports health with the database reachable', async () => {
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when the database is unreachable, and fails closed with a bare 500', async () => {
    const deadUrl = `postgresql://nobody@127.0.0.1:${await findFreePort()}/none`;
    const pool = new pg.Pool({ connectionString: deadUrl, connectionTimeoutMillis: 1000 });
    pool.on('error', () => {});
    const prisma = createPrismaClient(deadUrl);
    const app = createApp({
      prisma,
      pool,
      config: loadApiConfig({ AUDIT_KEY: testAuditKey }),
      logger: pino({ level: 'silent' }),
    });
    const health = await supertest(app).get('/api/health').expect(503);
    expect(health.body.error).toEqual({ code: 'unavailable', message: 'The database is unreachable.' });
    // The session cannot be checked: the request is denied, and the answer shows no internals.
    const denied = await supertest(app)
      .get('/api/users')
      .set('Authorization', `Bearer ${'a'.repeat(52)}`);
    expect(denied.status).toBe(500);
    expect(denied.body).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side. The error was logged.' },
    });
    await Promise.all([pool.end(), prisma.$disconnect()]);
  });

  it('serves Prometheus metrics, counting requests by route', async () => {
    await t.http().get('/api/health');
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/health"[^}]*\} \d+/,
    );
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it('describes every route in the OpenAPI document, with its policy and schemas', async () => {
    const { body } = await t.http().get('/api/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    const login = body.paths['/api/auth/login'].post;
    expect(login['x-policy']).toBe('public');
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(body.paths['/api/users/{id}'].patch['x-policy']).toBe('roles: admin');
    expect(body.paths['/api/users/{id}'].patch.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('/api/auth/login');
  });

  it('keeps a sane request id from a proxy and makes one up otherwise', async () => {
    expect((await t.http().get('/api/health').set('X-Request-Id', 'req-123')).headers['x-request-id']).toBe(
      'req-123',
    );
    const generated = (await t.http().get('/api/health').set('X-Request-Id', 'a'.repeat(500))).headers[
      'x-request-id'
    ];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });
});
