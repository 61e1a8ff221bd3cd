/**
 * Telling a database that is unavailable (down, restarting, refusing or dropping connections, too
 * slow) from a query that failed on its own merits. The API answers the first with 503 and
 * Retry-After, and the worker retries it; the second stays a 4xx/500 or a business failure.
 */
import { QueryFailedError } from 'typeorm';

/** Socket errors of a server that is not there, or of a connection that broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * SQLSTATEs: class 08 (connection exception), class 53 (insufficient resources: too many
 * connections, disk full, out of memory), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up, shutting down, recovering), 57014 query_canceled (our
 * statement_timeout: the server is too slow or blocked).
 */
const SQLSTATE_CODES = new Set(['57P01', '57P02', '57P03', '57014']);
const SQLSTATE_CLASSES = ['08', '53'];

/** Errors node-postgres and pg-pool raise without a code. */
const DRIVER_MESSAGES = new RegExp(
  [
    'timeout exceeded when trying to connect', // pg-pool: no connection within connectionTimeoutMillis
    'Connection terminated', // unexpectedly, or due to connection timeout
    'Query read timeout', // query_timeout: the server stopped answering
    'Client has encountered a connection error',
    'Client was closed and is not queryable',
  ].join('|'),
  'i',
);

/**
 * TypeORM releases a query runner whose connection broke (the server shut down, the socket
 * closed); the next statement of its transaction then fails with this, before reaching anything.
 */
const RELEASED_RUNNER = 'QueryRunnerAlreadyReleasedError';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function ownFailure(err: ErrorLike): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  return (
    err.name === RELEASED_RUNNER ||
    SOCKET_CODES.has(code) ||
    SQLSTATE_CODES.has(code) ||
    SQLSTATE_CLASSES.some((c) => code.length === 5 && code.startsWith(c)) ||
    DRIVER_MESSAGES.test(typeof err.message === 'string' ? err.message : '')
  );
}

/**
 * Whether `err` says PostgreSQL, or the way to it, is unavailable. Looks through TypeORM's
 * QueryFailedError (`driverError`), Node's AggregateError (one error per address tried) and `cause`.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 4) return false;
  const e = err as ErrorLike;
  if (ownFailure(e)) return true;
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((n) => n !== undefined && n !== err && isDatabaseUnavailable(n, depth + 1));
}

/**
 * An unavailable database after the statement was handed to a connection (TypeORM wraps only
 * those failures in QueryFailedError; a connection that could not be had fails before): the
 * statement may or may not have run, and a COMMIT may or may not have committed. A failure to
 * connect, by contrast, ran nothing.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  return err instanceof QueryFailedError && isDatabaseUnavailable(err);
}

/** One line for a log: the innermost message and code (`connect ECONNREFUSED 127.0.0.1:5432 [ECONNREFUSED]`). */
export function describeDatabaseFailure(err: unknown): string {
  let e = err as ErrorLike | null;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const inner = e.driverError ?? (Array.isArray(e.errors) ? (e.errors as unknown[])[0] : undefined) ?? e.cause;
    if (!inner || typeof inner !== 'object') break;
    e = inner as ErrorLike;
  }
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const code = typeof e?.code === 'string' ? ` [${e.code}]` : '';
  return `${message}${code}`.replace(/\s+/g, ' ').trim();
}
