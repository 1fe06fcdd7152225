import { AppError } from '@erp/shared';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../app';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses mutating requests that a browser marks as cross-site. Non-browser clients (no Origin, no
 * Sec-Fetch-Site) authenticate with a bearer token, which a foreign site cannot make a browser send.
 */
export function csrfGuard(deps: AppDeps) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (safeMethods.has(req.method)) return next();
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('forbidden', 'Cross-site requests are not allowed.');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req, deps)) {
      throw new AppError('forbidden', 'Cross-site requests are not allowed.');
    }
    next();
  };
}

export function isAllowedOrigin(origin: string, req: Request, deps: AppDeps): boolean {
  if (deps.config.PUBLIC_URL) return origin === new URL(deps.config.PUBLIC_URL).origin;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
