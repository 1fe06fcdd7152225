import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createSession } from '@erp/prisma';
import { roles } from '@erp/shared';
import type supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteSpec } from './http/route';
import { allRoutes } from './routes';
import { bearer, createTestApp, type TestApp } from './testing/test-app';

// Every registered route × every class of hostile but well-formed input the outside probe found answering 500.
// Each request starts from a valid-looking input built from the route's own schemas and spoils one value, so
// the hostile value gets as far into the route as the schema lets it. Nothing may answer 500.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
}

const sampleStrings: Record<string, () => string> = {
  email: () => `sweep-${randomUUID().slice(0, 8)}@example.com`,
  uuid: () => randomUUID(),
  'date-time': () => '2026-03-01T00:00:00Z',
  date: () => '2026-03-01',
};

/** A value the schema accepts in the common case (the sweep only needs to get past the first checks). */
function sample(schema: JsonSchema): Json {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0] ?? null;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sample(variant);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return sampleStrings[schema.format ?? '']?.() ?? 'x'.repeat(Math.max(schema.minLength ?? 1, 8));
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => sample(schema.items ?? {}));
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value)]),
      );
    default:
      return null;
  }
}

const toJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const deeplyNested = (depth: number): Json => {
  let value: Json = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};
const gzipBomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 32));
const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

// The classes, as values that replace one sampled value.
const hostileStrings = {
  nul: 'before\u0000after',
  'lone surrogate': 'broken \uD800 emoji',
  'year 0': '0000-01-01T00:00:00Z',
  'year 0 date': '0000-01-01',
  'beyond year 9999': '+275760-09-13T00:00:00Z',
};
const hostileNumbers = { huge: 1e308, 'past int8': 2 ** 64, negative: -1, fraction: 0.5 };
const forgedCursors = {
  'cursor with year 0': forge(['0000-01-01T00:00:00.000Z', randomUUID()]),
  'cursor with NUL': forge(['a\u0000', randomUUID()]),
  'cursor past int8': forge('99999999999999999999'),
  'cursor of the wrong shape': forge({ id: 1 }),
  'cursor not base64': '%%%',
};

interface Call {
  label: string;
  path: string;
  query?: Record<string, string>;
  body?: Json;
  headers?: Record<string, string>;
  /** Sent as-is (for lying encodings). */
  rawBody?: Buffer;
}

function pathOf(route: RouteSpec, param: () => string = () => randomUUID()) {
  return route.path.replace(/:\w+/g, param);
}

function leaves(value: Json, path: (string | number)[] = []): { path: (string | number)[]; value: Json }[] {
  if (value === null || typeof value !== 'object') return [{ path, value }];
  return Object.entries(value).flatMap(([key, child]) =>
    leaves(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

function replaced(root: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  parent[path.at(-1) as string | number] = value;
  return copy;
}

/** One input spoiled at one place with each class that fits the value found there. */
function spoil(label: 'query' | 'body', root: Json, place: (spoilt: Json) => Call): Call[] {
  const calls: Call[] = [];
  for (const leaf of leaves(root)) {
    const at = `${label}.${leaf.path.join('.')}`;
    const values: [string, Json][] =
      typeof leaf.value === 'number'
        ? Object.entries(hostileNumbers)
        : label === 'body'
          ? [...Object.entries(hostileStrings), ['deep nesting', deeplyNested(5_000)]]
          : Object.entries(hostileStrings);
    for (const [name, value] of values)
      calls.push({ ...place(replaced(root, leaf.path, value)), label: `${at} ${name}` });
  }
  return calls;
}

function callsFor(route: RouteSpec): Call[] {
  const input = route.input ?? {};
  const query = input.query ? (sample(toJsonSchema(input.query)) as Record<string, Json>) : undefined;
  const body = input.body ? sample(toJsonSchema(input.body)) : undefined;
  const valid = { path: pathOf(route), query: query as Record<string, string>, body };
  const calls: Call[] = [
    { ...valid, label: 'bad percent-encoding in a path parameter', path: pathOf(route, () => '%E0%A4%A') },
    { ...valid, label: 'path parameter with NUL', path: pathOf(route, () => '%00') },
    {
      ...valid,
      label: 'a field nobody may set',
      body: { ...(body as object), id: randomUUID(), createdAt: 'x' },
    },
    { ...valid, label: 'deep nesting as the whole body', body: deeplyNested(5_000) },
    {
      ...valid,
      label: 'gzip that is not gzip',
      headers: { 'Content-Encoding': 'gzip' },
      rawBody: Buffer.from('{}'),
    },
    {
      ...valid,
      label: 'deflate that is not deflate',
      headers: { 'Content-Encoding': 'deflate' },
      rawBody: Buffer.from('{"a":1}'),
    },
    { ...valid, label: 'a gzip bomb', headers: { 'Content-Encoding': 'gzip' }, rawBody: gzipBomb },
  ];
  if (query) {
    calls.push(
      ...spoil('query', query, (spoilt) => ({
        ...valid,
        label: '',
        query: spoilt as Record<string, string>,
      })),
    );
    calls.push({
      ...valid,
      label: 'query too deep',
      query: { ...(query as object), deep: { a: { b: { c: 'd' } } } } as never,
    });
    for (const [label, cursor] of Object.entries(forgedCursors)) {
      if ('cursor' in query || route.method === 'get')
        calls.push({ ...valid, label, query: { ...valid.query, cursor } });
    }
    if ('limit' in query)
      calls.push({
        ...valid,
        label: 'limit past int8',
        query: { ...valid.query, limit: '99999999999999999999' },
      });
  }
  if (body !== undefined)
    calls.push(...spoil('body', body, (spoilt) => ({ ...valid, label: '', body: spoilt })));
  return calls;
}

function send(request: supertest.Test, call: Call) {
  if (call.query) request.query(call.query);
  for (const [name, value] of Object.entries(call.headers ?? {})) request.set(name, value);
  if (call.rawBody) return request.set('Content-Type', 'application/json').send(call.rawBody);
  return call.body === undefined ? request : request.send(call.body as object);
}

describe('hostile input on every route', () => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp();
    userId = (await t.createUser([...roles])).user.id;
  });

  it('covers every route with every class', () => {
    expect(allRoutes.length).toBeGreaterThan(30);
    expect(allRoutes.flatMap(callsFor).length).toBeGreaterThan(500);
  });

  it.for(allRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s is refused with a 4xx in the error shape, never a 500',
    { timeout: 60_000 },
    async ([name, route]) => {
      const failures: string[] = [];
      for (const call of callsFor(route)) {
        // A fresh session each time: a route may end it (logout, password change).
        const { token } = await createSession(t.prisma, userId, { idleMs: 60_000, maxMs: 60_000 });
        const response = await send(t.http()[route.method](call.path).set(bearer(token)), call);
        const label = `${name} — ${call.label}: ${response.status}`;
        if (response.status >= 500) failures.push(`${label} ${JSON.stringify(response.body).slice(0, 200)}`);
        else if (response.status >= 400 && typeof response.body?.error?.code !== 'string') {
          failures.push(`${label} without the error shape`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});

describe('strict input schemas', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = (await t.createUser([...roles])).token;
  });

  it('every route with a body refuses a field it does not define, and says which', async () => {
    const withBody = allRoutes.filter((route) => route.input?.body);
    expect(withBody.length).toBeGreaterThan(10);
    for (const route of withBody) {
      const body = sample(toJsonSchema(route.input?.body as z.ZodType)) as object;
      const response = await t
        .http()
        [route.method](pathOf(route))
        .set(bearer(token))
        .send({ ...body, disabled: true, createdAt: '2026-01-01T00:00:00Z' });
      const label = `${route.method.toUpperCase()} ${route.path}`;
      expect(response.status, label).toBe(400);
      expect(JSON.stringify(response.body.error.details), label).toMatch(/createdAt/);
    }
  });

  it('every query and path schema is strict too', () => {
    for (const route of allRoutes) {
      // The OAuth redirect's query is the provider's, with parameters of its own that RFC 6749 §4.1.2 says to
      // ignore (connectCallbackQuerySchema drops them).
      if (route.path === '/api/connections/callback') continue;
      for (const [part, schema] of Object.entries(route.input ?? {})) {
        const extra = (schema as z.ZodType).safeParse({
          ...(sample(toJsonSchema(schema as z.ZodType)) as object),
          unexpected: '1',
        });
        expect(extra.success, `${route.method.toUpperCase()} ${route.path} ${part}`).toBe(false);
      }
    }
  });
});
