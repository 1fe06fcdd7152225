import type { Role } from '@erp/shared';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AppServices } from '../deps';
import type { SessionUser } from './session';

/**
 * Who may call a route, declared on the route itself (the route test fails for a route without one).
 * - 'public': anyone, no session needed.
 * - 'authenticated': any signed-in user; the service scopes objects to that user (404 outside scope).
 * - roles: signed-in users holding at least one of them; others get 403.
 */
export type Policy = 'public' | 'authenticated' | { roles: readonly Role[] };

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteInput {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Parsed<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface HandlerContext<I extends RouteInput, P extends Policy> {
  req: Request;
  res: Response;
  deps: AppServices;
  user: P extends 'public' ? SessionUser | null : SessionUser;
  body: Parsed<I['body']>;
  query: Parsed<I['query']>;
  params: Parsed<I['params']>;
}

export interface RouteSpec<I extends RouteInput = RouteInput, P extends Policy = Policy> {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  policy: P;
  input?: I;
  response?: z.ZodType;
  status?: number;
  /** Returns the JSON body; `undefined` sends 204. Throws AppError for failures. */
  handle(ctx: HandlerContext<I, P>): Promise<unknown>;
}

/** Declares a route with its policy, input schemas and response schema (the OpenAPI document is built from these). */
export function defineRoute<I extends RouteInput, P extends Policy>(spec: RouteSpec<I, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}
