/**
 * A write that carries an Idempotency-Key is sent again, with the same key, when the API answers
 * that a dependency did not answer in time (503 DATABASE_UNAVAILABLE, or DEPENDENCY_UNAVAILABLE
 * for Temporal: "the message may still be applied: retry with the same Idempotency-Key"). The
 * same key makes the retry join the workflow update already under way, or replay its answer, so
 * it never acts twice; the person waiting sees the button keep spinning instead of an error for a
 * moment's slowness. A 503 that is the lifecycle's own answer (its calendar could not be read,
 * after three tries of its own; nothing changed) is shown at once, for the person to try later.
 */

/** Retries after the first such 503 (so at most 3 tries); then the 503 reaches the page. */
export const MAX_RETRIES = 2;
/** The wait when the answer names none, and the longest one honoured (seconds). */
const DEFAULT_WAIT_S = 2;
const MAX_WAIT_S = 10;

/** Answers to keyed writes: the same key may be sent again after them (see `sameKeyMayRetry`). */
const keyedWrites = new WeakSet<Response>();

/** Seconds to wait before the next try: the answer's Retry-After, within 0–10 s. */
export function retryWaitSeconds(response: Response): number {
  const header = response.headers.get('Retry-After');
  const stated = header === null ? NaN : Number(header);
  return Number.isFinite(stated) && stated >= 0 ? Math.min(stated, MAX_WAIT_S) : DEFAULT_WAIT_S;
}

/** The API's 503 body for "a dependency did not answer; the same request may still take effect". */
export function isTransientUnavailable(body: unknown): boolean {
  const b = (body ?? {}) as { code?: unknown; details?: unknown };
  if (b.code === 'DATABASE_UNAVAILABLE') return true;
  return b.code === 'DEPENDENCY_UNAVAILABLE' && Array.isArray(b.details) && b.details.some((d) => d?.code === 'TEMPORAL_UNAVAILABLE');
}

/** Whether `response` answered a write with an Idempotency-Key (one that `fetchRetrying` sent). */
export function answeredKeyedWrite(response: Response | undefined): boolean {
  return !!response && keyedWrites.has(response);
}

const pause = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * `fetch` for openapi-fetch (which passes the request and its extra init): a transient 503 to a
 * request with an Idempotency-Key is tried again, the same request each time.
 */
export async function fetchRetrying(request: Request, init?: RequestInit): Promise<Response> {
  if (!request.headers.has('Idempotency-Key')) return fetch(request, init);
  for (let retries = 0; ; retries++) {
    // A body can be read once: each try but the last sends a copy.
    const last = retries === MAX_RETRIES;
    const response = await fetch(last ? request : request.clone(), init);
    keyedWrites.add(response);
    if (response.status !== 503 || last) return response;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    if (!isTransientUnavailable(body)) return response;
    await pause(retryWaitSeconds(response));
  }
}
