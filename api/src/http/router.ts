import { AppError, hasAnyRole, parseInput } from '@erp/shared';
import type { Express, Request, Response } from 'express';
import type { AppServices } from '../deps';
import type { Policy, RouteSpec } from './route';

export function mountRoutes(app: Express, deps: AppServices, routes: readonly RouteSpec[]): void {
  for (const route of routes) {
    app[route.method](route.path, async (req: Request, res: Response) => {
      const user = authorize(route.policy, req);
      const input = route.input ?? {};
      // An empty body is parsed as {}; a body of another type is refused.
      if (input.body && hasBody(req) && !req.is('application/json')) {
        throw new AppError('unsupported_media_type', 'Send the request body as application/json.');
      }
      const result = await route.handle({
        req,
        res,
        deps,
        user,
        body: input.body ? parseInput(input.body, req.body ?? {}) : undefined,
        query: input.query ? parseInput(input.query, req.query) : undefined,
        params: input.params ? parseInput(input.params, req.params) : undefined,
      } as Parameters<RouteSpec['handle']>[0]);
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else sendJson(res, route.status ?? 200, result);
    });
  }
}

/**
 * An answer already serialised: a handler that keeps answers (the dataset results cache) keeps their JSON text,
 * so a repeated answer is not stringified again for every request.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

function hasBody(req: Request): boolean {
  return req.is('*/*') !== null && req.headers['content-length'] !== '0';
}

/**
 * A handler's answer as JSON: what `res.json` sends, without what an API answer does not use (an ETag hashed
 * from the body on every response, and the content type parsed back to add its charset). Node sets the length
 * and leaves the body out for HEAD.
 */
function sendJson(res: Response, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(body instanceof JsonText ? body.text : JSON.stringify(body));
}

/** The one place where a route's declared policy is enforced: 401 without a session, 403 without the role. */
function authorize(policy: Policy, req: Request) {
  const user = req.auth?.user ?? null;
  if (policy === 'public') return user;
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
  if (policy !== 'authenticated' && !hasAnyRole(user.roles, policy.roles)) {
    throw new AppError('forbidden', `This needs one of these roles: ${policy.roles.join(', ')}.`);
  }
  return user;
}
