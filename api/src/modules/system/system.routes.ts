import { AppError } from '@erp/shared';
import type pg from 'pg';
import { z } from 'zod';
import { metricsRegistry } from '../../http/metrics';
import { defineRoute } from '../../http/route';
import { allRoutes } from '../../routes';
import { renderApiReference } from './api-reference';
import { buildOpenApiDocument } from './openapi';

const tag = 'System';
const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable']),
});

export const systemRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and database reachability (503 when the database is unreachable)',
    tag,
    policy: 'public',
    response: healthSchema,
    handle: async ({ deps }) => {
      const isDatabaseUp = await deps.pool
        .query({ text: 'SELECT 1', query_timeout: 2000 } as pg.QueryConfig)
        .then(() => true)
        .catch(() => false);
      if (!isDatabaseUp) throw new AppError('unavailable', 'The database is unreachable.');
      return { status: 'ok', database: 'ok' };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text exposition format)',
    tag,
    policy: 'public',
    handle: async ({ res }) => {
      res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document, generated from the shared zod schemas',
    tag,
    policy: 'public',
    handle: async () => buildOpenApiDocument(allRoutes),
  }),
  defineRoute({
    method: 'get',
    path: '/api/docs',
    summary: 'A readable reference of this API',
    tag,
    policy: 'public',
    handle: async ({ res }) => {
      res.type('html').send(renderApiReference(buildOpenApiDocument(allRoutes)));
    },
  }),
];
