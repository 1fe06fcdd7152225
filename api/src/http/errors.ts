import { isDatabaseUnreachable } from '@erp/prisma';
import { AppError, toErrorBody } from '@erp/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** The one error handler: AppErrors keep their code; anything else is logged and shown as a bare 500. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') {
      logger.error({ err: error, requestId: req.id }, 'request failed');
    } else if (appError.code === 'unavailable') {
      logger.warn({ requestId: req.id, message: (error as Error).message }, 'database unreachable');
    }
    if (appError.code === 'rate_limited' && typeof appError.details === 'object' && appError.details) {
      const retryAfter = (appError.details as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    }
    if (appError.code === 'unavailable') res.setHeader('Retry-After', '5');
    res.status(appError.status).json(toErrorBody(appError));
  };
}

// Express, its router and its body parser reject a request they cannot read with an http-errors 4xx.
const clientErrorMessages: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  URIError: 'The address is not valid (bad percent-encoding).',
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnreachable(error)) {
    return new AppError('unavailable', 'The database is unreachable right now. Try again in a moment.');
  }
  const candidate = error as { type?: string; status?: number; name?: string } | null;
  const status = candidate?.status;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status === 415) {
    return new AppError('unsupported_media_type', 'The request body has an unsupported encoding.');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message =
      clientErrorMessages[candidate?.type ?? ''] ??
      clientErrorMessages[candidate?.name ?? ''] ??
      'The request body could not be read (does it match its Content-Encoding?).';
    return new AppError('invalid_input', message);
  }
  return new AppError('internal', 'Something went wrong on our side. The error was logged.');
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction) {
  next(new AppError('not_found', `No route ${req.method} ${req.path}.`));
}
