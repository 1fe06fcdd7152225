import { randomUUID } from 'node:crypto';
import { type Role, roles } from '@erp/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from './http/route';
import { allRoutes } from './routes';
import { bearer, createTestApp, type TestApp } from './testing/test-app';

// Routes anyone may call without signing in. Adding one here is a security decision: make it on purpose.
const publicRoutes = [
  'GET /api/auth/setup',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'GET /api/health',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /api/docs',
  // Incoming webhooks: authenticated by their Standard Webhooks signature, not a session.
  'POST /api/hooks/:hookId',
];
// Routes any signed-in user may call, whatever their role; each service scopes what it returns to the caller.
const anyUserRoutes = [
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'GET /api/users/directory',
  // Flows and the portal: each service answers 404 for what the caller is not part of (flows.test.ts).
  'POST /api/flows/:documentId/instances',
  'GET /api/instances/:id',
  'GET /api/portal/flows',
  'GET /api/portal/instances',
  'GET /api/portal/tasks',
  'GET /api/portal/tasks/:id',
  'GET /api/portal/events',
  'POST /api/portal/tasks/:id/claim',
  'POST /api/portal/tasks/:id/unclaim',
  'POST /api/portal/tasks/:id/complete',
  'POST /api/portal/tasks/:id/send-back',
  'PUT /api/portal/tasks/:id/draft',
  'POST /api/portal/tasks/:id/comments',
  // Records: each table's own access setting decides, 404 for a table the caller may not read (records.test.ts).
  'GET /api/tables/:documentId',
  'GET /api/tables/:documentId/records',
  'POST /api/tables/:documentId/records',
  'GET /api/tables/:documentId/records/:id',
  'PATCH /api/tables/:documentId/records/:id',
  'DELETE /api/tables/:documentId/records/:id',
  'POST /api/tables/:documentId/records/:id/restore',
  'GET /api/tables/:documentId/records/:id/history',
  'GET /api/tables/:documentId/export',
  'POST /api/tables/:documentId/import',
  'GET /api/tables/:documentId/migration',
  // Datasets: visible to those who may read every table they read, 404 otherwise (datasets.test.ts).
  'GET /api/datasets/:documentId/results',
  'GET /api/datasets/:documentId/export',
  'GET /api/portal/reports',
  // A dashboard is the caller's own, of reports they may see (dashboard.test.ts).
  'GET /api/portal/dashboard',
  'PUT /api/portal/dashboard',
  // Files: the uploader, or who sees what a file is attached to; 404 for anyone else (files.test.ts).
  'POST /api/files',
  'GET /api/files/:id/meta',
  'GET /api/files/:id',
];

const adminAreas = /^\/api\/(users|hierarchy|audit)(\/|$)/;

const describeRoute = (route: RouteSpec) => `${route.method.toUpperCase()} ${route.path}`;
const withoutPublic = allRoutes.filter((route) => route.policy !== 'public');
const roleRoutes = allRoutes.filter(
  (route): route is RouteSpec & { policy: { roles: readonly Role[] } } => typeof route.policy === 'object',
);

/** Calls a route with a random uuid for every `:param` and an empty JSON body where it takes one. */
function call(t: TestApp, route: RouteSpec, token?: string) {
  const path = route.path.replace(/:\w+/g, () => randomUUID());
  const request = t.http()[route.method](path);
  if (token) request.set(bearer(token));
  return route.method === 'get' || route.method === 'delete' ? request : request.send({});
}

describe('route policies', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await createTestApp();
    for (const role of roles) tokens[role] = (await t.createUser([role])).token;
  });

  const listed = (policy: RouteSpec['policy']) =>
    allRoutes
      .filter((route) => route.policy === policy)
      .map(describeRoute)
      .sort();

  it('every route declares a policy; only the known routes are public or open to any role', () => {
    expect(allRoutes.length).toBeGreaterThan(30);
    for (const route of allRoutes) {
      const policy: unknown = route.policy;
      const declaredRoles =
        typeof policy === 'object' && policy !== null ? (policy as { roles?: unknown }).roles : null;
      const isValid =
        policy === 'public' ||
        policy === 'authenticated' ||
        (Array.isArray(declaredRoles) &&
          declaredRoles.length > 0 &&
          declaredRoles.every((role) => (roles as readonly unknown[]).includes(role)));
      expect(isValid, `${describeRoute(route)} has no valid policy`).toBe(true);
    }
    expect(listed('public')).toEqual([...publicRoutes].sort());
    expect(listed('authenticated')).toEqual([...anyUserRoutes].sort());
  });

  it('declares each method and path once', () => {
    const keys = allRoutes.map(describeRoute);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('every non-public route answers 401 without a session', async () => {
    for (const route of withoutPublic) {
      const response = await call(t, route);
      expect(response.status, describeRoute(route)).toBe(401);
      expect(response.body.error?.code, describeRoute(route)).toBe('unauthenticated');
    }
  });

  it('users, hierarchy changes and audit are admin-only: every route × every other role is 403', async () => {
    // Developers also read the hierarchy (the flow builder's pickers): checked by the role-restricted sweep.
    const hierarchyRead = (route: RouteSpec) =>
      route.method === 'get' && route.path.startsWith('/api/hierarchy');
    const adminOnly = allRoutes.filter(
      (route) =>
        adminAreas.test(route.path) && !anyUserRoutes.includes(describeRoute(route)) && !hierarchyRead(route),
    );
    expect(adminOnly.length).toBeGreaterThan(15);
    for (const route of adminOnly) {
      for (const role of ['employee', 'reviewer', 'developer'] as const) {
        expect((await call(t, route, tokens[role])).status, `${describeRoute(route)} as ${role}`).toBe(403);
      }
      const asAdmin = await call(t, route, tokens.admin);
      expect([401, 403], `${describeRoute(route)} as admin`).not.toContain(asAdmin.status);
    }
  });

  it('every role-restricted route answers 403 to the roles it does not name, and lets its roles through', async () => {
    for (const route of roleRoutes) {
      for (const role of roles) {
        const response = await call(t, route, tokens[role]);
        const label = `${describeRoute(route)} as ${role}`;
        if (route.policy.roles.includes(role)) expect([401, 403], label).not.toContain(response.status);
        else expect(response.status, label).toBe(403);
      }
    }
  });
});
