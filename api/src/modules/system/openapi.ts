import { errorBodySchema, errorStatus } from '@erp/shared';
import { z } from 'zod';
import type { RouteSpec } from '../../http/route';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface OpenApiOperation {
  summary: string;
  tags: string[];
  security?: object[];
  'x-policy': string;
  parameters?: object[];
  requestBody?: object;
  responses: Record<string, object>;
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** The OpenAPI document, built from each route's declared policy and zod schemas (never written by hand). */
export function buildOpenApiDocument(routes: readonly RouteSpec[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation: OpenApiOperation = {
      summary: route.summary,
      tags: [route.tag],
      'x-policy': describePolicy(route),
      responses: {
        [String(route.status ?? 200)]: route.response
          ? {
              description: 'OK',
              content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
            }
          : { description: 'OK' },
        default: {
          description: `Error (${Object.keys(errorStatus).join(', ')})`,
          content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } },
        },
      },
    };
    if (route.policy !== 'public') operation.security = [{ session: [] }, { bearer: [] }];
    const parameters = [
      ...toParameters(route.input?.params, 'path'),
      ...toParameters(route.input?.query, 'query'),
    ];
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.input?.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.input.body, 'input') } },
      };
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ERP Builder API',
      version: '1',
      description:
        'Sessions: the `erp_session` cookie (browsers) or `Authorization: Bearer <token>` (the token from login). ' +
        'Errors always have the shape `{ "error": { "code", "message", "details"? } }`.',
    },
    paths,
  };
}

function describePolicy(route: RouteSpec): string {
  if (typeof route.policy === 'string') return route.policy;
  return `roles: ${route.policy.roles.join(' | ')}`;
}

function toParameters(schema: z.ZodType | undefined, location: 'path' | 'query'): object[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
