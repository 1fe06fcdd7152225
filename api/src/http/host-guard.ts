import { AppError, isAllowedHost } from '@erp/shared';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps';

// Probes (load balancers, Prometheus) address the process by its IP; these two reveal nothing a page could use.
const probePaths = new Set(['/api/health', '/metrics']);

/**
 * Answers only requests addressed to PUBLIC_URL's host or a loopback name: a page on another site whose name
 * was re-pointed at this server (DNS rebinding) would otherwise be same-origin with it.
 */
export function hostGuard(deps: AppDeps) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (probePaths.has(req.path) || isAllowedHost(req.headers.host, deps.config.PUBLIC_URL)) return next();
    throw new AppError(
      'forbidden',
      deps.config.PUBLIC_URL
        ? `This server answers only at ${new URL(deps.config.PUBLIC_URL).origin}.`
        : 'This server answers only at localhost; set PUBLIC_URL to the address people use to reach it.',
    );
  };
}
