// What PostgreSQL said, however it reached us: statements run with `pg` throw pg's own error; Prisma passes it on
// inside its driver adapter's error (`meta.driverAdapterError.cause`), with the SQLSTATE and, for a unique
// violation, the index. One module reads every wrapping, so the API, the engine and the table code agree.

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

// "The database is unreachable" comes in many wrappings: pg's socket errors and server shutdown codes, pg-pool's
// timeouts, Prisma's driver-adapter kinds and its P1xxx codes. The API answers them 503 (try again), never 500;
// the engine logs them as a warning while pg-boss reconnects.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // Prisma: cannot reach the server, timed out, server closed the connection, no connection from the pool in time
  'P1001',
  'P1002',
  'P1017',
  'P2024',
]);
const unreachableKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// The last: Prisma's P2028 when every pool connection stayed busy past the transaction's maxWait (overload).
const unreachableMessages =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|Unable to start a transaction in the given time/i;

// Class 08: connection exceptions — but 08P01 protocol_violation is a message of ours PostgreSQL could not read
// (a bug, a 500), not a connection that is gone.
const isConnectionException = (code: string) => code.startsWith('08') && code !== '08P01';

export function isDatabaseUnreachable(error: unknown): boolean {
  const pending: unknown[] = [error];
  // Bounded: causes can be cyclic.
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const candidate = pending.pop() as Record<string, unknown> | null | undefined;
    if (candidate === null || typeof candidate !== 'object') continue;
    const { code, kind, message } = candidate;
    if (typeof code === 'string' && (unreachableCodes.has(code) || isConnectionException(code))) return true;
    if (typeof kind === 'string' && unreachableKinds.has(kind)) return true;
    if (typeof message === 'string' && unreachableMessages.test(message)) return true;
    pending.push(candidate.cause, candidate.meta, candidate.driverAdapterError);
    if (Array.isArray(candidate.errors)) pending.push(...candidate.errors);
  }
  return false;
}
