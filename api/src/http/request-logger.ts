import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives each request an id (a proxy's X-Request-Id is kept when sane) and logs one line when it ends. */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const started = performance.now();
    res.on('finish', () => {
      // The path only: query strings may carry tokens or personal data.
      logger.info(
        {
          requestId: req.id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          userId: req.auth?.user.id,
        },
        'request',
      );
    });
    next();
  };
}
