import { readSessionCookie, type SessionUser, sessionCookieName, sessionPolicyOf } from '@erp/prisma';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps';
import { createSessionCache } from './session-cache';

export type { SessionUser } from '@erp/prisma';

// What the request pipeline adds to every request (request-logger.ts and the session middleware below).
declare global {
  namespace Express {
    interface Request {
      id: string;
      auth: { user: SessionUser; token: string } | null;
    }
  }
}

/** The session token from the cookie (browsers) or `Authorization: Bearer` (API and Node clients). */
export function readSessionToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return readSessionCookie(req.headers.cookie);
}

export function setSessionCookie(
  req: Request,
  res: Response,
  deps: AppDeps,
  token: string,
  expiresAt: Date,
): void {
  res.cookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req, deps),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(req: Request, res: Response, deps: AppDeps): void {
  res.clearCookie(sessionCookieName, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req, deps),
    path: '/',
  });
}

function isHttps(req: Request, deps: AppDeps): boolean {
  return req.secure || deps.config.PUBLIC_URL?.startsWith('https:') === true;
}

/** Resolves the caller's session once per request; routes then check their declared policy against it. */
export function sessionMiddleware(deps: AppDeps) {
  const sessions = createSessionCache({
    prisma: deps.prisma,
    connectionString: deps.pool.options.connectionString,
    logger: deps.logger,
    policy: sessionPolicyOf(deps.config),
  });
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = readSessionToken(req);
    req.auth = null;
    if (token) {
      const session = await sessions.validate(token);
      if (session) {
        req.auth = { user: session.user, token };
        if (session.isRefreshed && !req.headers.authorization) {
          setSessionCookie(req, res, deps, token, session.expiresAt);
        }
      }
    }
    next();
  };
}
