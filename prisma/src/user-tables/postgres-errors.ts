// Prisma passes on what PostgreSQL said inside its driver adapter's error (`meta.driverAdapterError.cause`): the
// SQLSTATE, and for a unique violation the index. Statements run with `pg` directly throw pg's own error.

interface PostgresError {
  code: string;
  /** The index or constraint a violation names, if any. */
  constraint: string | null;
}

export function postgresErrorOf(error: unknown): PostgresError | null {
  const candidate = error as {
    code?: unknown;
    severity?: unknown;
    constraint?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; constraint?: { index?: unknown } } } };
  } | null;
  const cause = candidate?.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode === 'string') {
    const index = cause.constraint?.index;
    return { code: cause.originalCode, constraint: typeof index === 'string' ? index : null };
  }
  // pg's DatabaseError (Prisma's own errors have codes of that shape too, but no severity).
  if (typeof candidate?.code === 'string' && typeof candidate.severity === 'string')
    return {
      code: candidate.code,
      constraint: typeof candidate.constraint === 'string' ? candidate.constraint : null,
    };
  return null;
}

/** 55P03 lock_not_available: a statement gave up waiting for a lock after its `lock_timeout`. */
export const isLockTimeout = (error: unknown) => postgresErrorOf(error)?.code === '55P03';
