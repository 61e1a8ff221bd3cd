/**
 * Retries inside one activity attempt, and which failures are worth retrying. A permanent
 * failure (bad credentials, rejected recipient, bad robot signature) stops at once: repeating
 * it only delays the record that the message could not be delivered.
 */

export type FailureClass = 'permanent' | 'transient';

/** A failure that knows whether a retry can help (robot error codes, config problems). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly details: { code?: string | number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

// Nodemailer codes for a wrong setup (credentials, addresses, TLS mode): a retry gets the same answer.
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'EENVELOPE',
  'ECONFIG',
  'ETLS',
  'EREQUIRETLS',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
]);
// Network trouble on the way (nodemailer wraps ECONNREFUSED & co. as ESOCKET/ECONNECTION).
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
  cause?: unknown;
}

/**
 * SMTP replies follow RFC 5321: 5xx permanent except 503 (bad sequence: a new session may pass),
 * 4xx transient. Unknown failures count as transient (retries are bounded), except plain
 * programming errors, which no retry fixes.
 */
export function classifyFailure(err: unknown): FailureClass {
  if (typeof err !== 'object' || err === null) return 'transient';
  const e = err as ErrorShape;
  if (typeof e.permanent === 'boolean') return e.permanent ? 'permanent' : 'transient';
  if (typeof e.responseCode === 'number') {
    return e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503 ? 'permanent' : 'transient';
  }
  if (typeof e.code === 'string') {
    if (PERMANENT_CODES.has(e.code)) return 'permanent';
    if (TRANSIENT_CODES.has(e.code)) return 'transient';
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return 'transient';
  // fetch() reports network failures as TypeError('fetch failed') with the socket error as cause.
  if (e.cause !== undefined) return classifyFailure(e.cause);
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return 'permanent';
  return 'transient';
}

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Injected for tests; [0, 1). */
  random?: () => number;
  /** Inside an activity pass `Context.current().sleep`, so cancellation interrupts the wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to heartbeat or log. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Delay before try `attempt + 1`: exponential, capped, with "equal jitter" (half fixed, half
 * random) so parallel senders spread out yet never retry at once. A robot's rate-limit hint
 * (`retryAfterMs`) raises the delay, still capped at `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, 'baseMs' | 'maxMs'>,
  random = Math.random,
  retryAfterMs = 0,
): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.min(opts.maxMs, Math.max(jittered, retryAfterMs)));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it succeeds, fails permanently or runs out of attempts; rethrows the last error. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  if (!Number.isInteger(opts.attempts) || opts.attempts < 1) throw new RangeError('attempts must be a positive integer');
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= opts.attempts || classifyFailure(error) === 'permanent') throw error;
      const hint = error instanceof DeliveryError ? error.details.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, opts, opts.random, hint);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

export type DeliveryOutcome<T> =
  { ok: true; value: T; attempts: number } | { ok: false; permanent: boolean; error: string; attempts: number };

/**
 * `withRetry` that never throws: a notification that cannot be delivered is recorded, it must
 * not fail the activity (and with it the lifecycle workflow).
 */
export async function deliver<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<DeliveryOutcome<T>> {
  let attempts = 0;
  try {
    const value = await withRetry((attempt) => {
      attempts = attempt;
      return fn(attempt);
    }, opts);
    return { ok: true, value, attempts };
  } catch (error) {
    return {
      ok: false,
      permanent: classifyFailure(error) === 'permanent',
      error: error instanceof Error ? error.message : String(error),
      attempts,
    };
  }
}
