import { AppError, isSameSiteRequest } from '@erp/shared';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses mutating requests that a browser marks as cross-site. Non-browser clients (no Origin, no
 * Sec-Fetch-Site) authenticate with a bearer token, which a foreign site cannot make a browser send.
 */
export function csrfGuard(deps: AppDeps) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (safeMethods.has(req.method) || isSameSiteRequest(req.headers, deps.config.PUBLIC_URL)) return next();
    throw new AppError('forbidden', 'Cross-site requests are not allowed.');
  };
}
