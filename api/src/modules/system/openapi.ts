import { sessionCookieName } from '@erp/prisma';
import { errorBodySchema } from '@erp/shared';
import { z } from 'zod';
import type { RouteSpec } from '../../http/route';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, object>;
    schemas: Record<string, object>;
    responses: Record<string, object>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  security: object[];
  'x-policy': string;
  parameters?: object[];
  requestBody?: object;
  responses: Record<string, object>;
}

type JsonSchema = Record<string, unknown>;

const tagDescriptions: Record<string, string> = {
  Auth: 'Sign-in, sessions, the first account and one’s own password.',
  System: 'Health, metrics and this description.',
  Users: 'Accounts and their roles (admins).',
  Hierarchy: 'Departments, positions, company roles and who holds them when.',
  Documents: 'Builder documents: create, rename, archive, delete, import.',
  Audit: 'The hash-chained audit log.',
};

// The 4xx answers an operation documents, each a shared response with the one error shape.
const errorResponses = {
  400: { name: 'InvalidInput', description: 'The input does not match the schema (`invalid_input`).' },
  401: { name: 'Unauthenticated', description: 'No live session (`unauthenticated`).' },
  403: { name: 'Forbidden', description: 'The role may not do this, or a cross-site request (`forbidden`).' },
  404: { name: 'NotFound', description: 'Nothing with this id in the caller’s scope (`not_found`).' },
  '4XX': { name: 'ClientError', description: 'Any other refusal, with its code (see `Error`).' },
} as const;
type ErrorStatus = keyof typeof errorResponses;

/**
 * The OpenAPI document, built from each route's declared policy and zod schemas (never written by hand). Named
 * and recursive schemas land in `components.schemas`, so every `$ref` resolves within the document.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[]): OpenApiDocument {
  const schemas: Record<string, object> = { Error: toJsonSchema(errorBodySchema, 'output', {}) };
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation: OpenApiOperation = {
      operationId: toOperationId(route),
      summary: route.summary,
      tags: [route.tag],
      security: route.policy === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      'x-policy': describePolicy(route),
      responses: {
        [String(route.status ?? 200)]: route.response
          ? { description: 'OK', content: jsonContent(toJsonSchema(route.response, 'output', schemas)) }
          : { description: 'OK' },
        ...Object.fromEntries(
          errorStatusesOf(route).map((status) => [
            status,
            { $ref: `#/components/responses/${errorResponses[status].name}` },
          ]),
        ),
      },
    };
    const parameters = [
      ...toParameters(route.input?.params, 'path', schemas),
      ...toParameters(route.input?.query, 'query', schemas),
    ];
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.input?.body) {
      operation.requestBody = {
        required: true,
        content: jsonContent(toJsonSchema(route.input.body, 'input', schemas)),
      };
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  const tags = [...new Set(routes.map((route) => route.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'ERP Builder API',
      version: '1',
      description:
        `Sessions: the \`${sessionCookieName}\` cookie (browsers) or \`Authorization: Bearer <token>\` (the token ` +
        'from login). Errors always have the shape `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: '/', description: 'This installation (paths start with /api)' }],
    tags: tags.map((name) => ({ name, description: tagDescriptions[name] ?? `The ${name} routes.` })),
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
        bearer: { type: 'http', scheme: 'bearer', description: 'The session token that login returns.' },
      },
      schemas,
      responses: Object.fromEntries(
        Object.values(errorResponses).map(({ name, description }) => [
          name,
          { description, content: jsonContent({ $ref: '#/components/schemas/Error' }) },
        ]),
      ),
    },
  };
}

function errorStatusesOf(route: RouteSpec): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (route.input) statuses.push(400);
  if (route.policy !== 'public') statuses.push(401, 403);
  if (route.path.includes(':')) statuses.push(404);
  return statuses.length > 0 ? statuses : ['4XX'];
}

// `get /api/hierarchy/users/:id/manager` → `getHierarchyUsersByIdManager`: unique, as method + path are.
function toOperationId(route: RouteSpec): string {
  const words = route.path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'api')
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[-_.]/));
  return [route.method, ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join('');
}

function jsonContent(schema: object) {
  return { 'application/json': { schema } };
}

/**
 * A zod schema as JSON Schema for this document: its `$defs` (recursive and `.meta({ id })` schemas) move into
 * `schemas` (the document's `components.schemas`), and their `$ref`s point there.
 */
function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  schemas: Record<string, object>,
): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...json
  } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  // Anonymous definitions (`__schema0`) are numbered per call: a name of their own keeps them apart.
  const names = new Map(
    Object.keys($defs ?? {}).map((name) => [
      name,
      name.startsWith('__schema')
        ? `Schema${Object.keys(schemas).length}${name.slice('__schema'.length)}`
        : name,
    ]),
  );
  const relink = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(relink);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(spellOutRecordKeys(value as JsonSchema)).map(([key, child]) => {
        if (key !== '$ref' || typeof child !== 'string' || !child.startsWith('#/$defs/'))
          return [key, relink(child)];
        return [key, `#/components/schemas/${names.get(child.slice('#/$defs/'.length))}`];
      }),
    );
  };
  for (const [name, definition] of Object.entries($defs ?? {})) {
    schemas[names.get(name) ?? name] = relink(definition) as JsonSchema;
  }
  return relink(json) as JsonSchema;
}

// A record over a closed set of keys (counts per document kind) comes out as `required` keys with only
// `additionalProperties`; generators and linters want those keys spelled out as properties.
function spellOutRecordKeys(schema: JsonSchema): JsonSchema {
  const { required, properties, additionalProperties } = schema;
  if (!Array.isArray(required) || properties !== undefined || typeof additionalProperties !== 'object')
    return schema;
  return { ...schema, properties: Object.fromEntries(required.map((key) => [key, additionalProperties])) };
}

function describePolicy(route: RouteSpec): string {
  if (typeof route.policy === 'string') return route.policy;
  return `roles: ${route.policy.roles.join(' | ')}`;
}

function toParameters(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  schemas: Record<string, object>,
): object[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'input', schemas) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
