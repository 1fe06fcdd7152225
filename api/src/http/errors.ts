import { AppError, toErrorBody } from '@erp/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** The one error handler: AppErrors keep their code; anything else is logged and shown as a bare 500. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') {
      logger.error({ err: error, requestId: req.id }, 'request failed');
    }
    if (appError.code === 'rate_limited' && typeof appError.details === 'object' && appError.details) {
      const retryAfter = (appError.details as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    }
    res.status(appError.status).json(toErrorBody(appError));
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const candidate = error as { type?: string; status?: number } | null;
  // Errors raised by express' body parser before any route runs.
  if (candidate?.type === 'entity.too.large')
    return new AppError('payload_too_large', 'The request body is too large.');
  if (candidate?.type === 'entity.parse.failed')
    return new AppError('invalid_input', 'The request body is not valid JSON.');
  if (candidate?.status === 415 || candidate?.type === 'encoding.unsupported') {
    return new AppError('unsupported_media_type', 'The request body has an unsupported encoding.');
  }
  return new AppError('internal', 'Something went wrong on our side. The error was logged.');
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction) {
  next(new AppError('not_found', `No route ${req.method} ${req.path}.`));
}
