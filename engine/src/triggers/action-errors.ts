import { AppError, UnsafeRenderError } from '@erp/shared';

/** A failure that no retry can fix (a refused target, a mail with no recipient): dead-lettered at once. */
export class PermanentActionError extends Error {
  override name = 'PermanentActionError';
}

// Own errors of bad input (validation, missing documents) are permanent; anything else (the network, a
// receiver's 5xx, a timeout) is worth retrying.
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentActionError || error instanceof UnsafeRenderError) return true;
  return error instanceof AppError && error.status < 500;
}

export function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
}
