/**
 * A write that carries an Idempotency-Key is sent again, with the same key, when the API answers
 * 503: the API says so itself (Temporal or PostgreSQL did not answer in time, "the message may
 * still be applied: retry with the same Idempotency-Key"). The same key makes the retry join the
 * workflow update already under way, or replay its answer, so it never acts twice; the person
 * waiting sees the button keep spinning instead of an error for a moment's slowness.
 */

/** Retries after the first 503 (so at most 3 tries); then the 503 reaches the page as before. */
export const MAX_RETRIES = 2;
/** The wait when the answer names none, and the longest one honoured (seconds). */
const DEFAULT_WAIT_S = 2;
const MAX_WAIT_S = 10;

/** Seconds to wait before the next try: the answer's Retry-After, within 0–10 s. */
export function retryWaitSeconds(response: Response): number {
  const header = response.headers.get('Retry-After');
  const stated = header === null ? NaN : Number(header);
  return Number.isFinite(stated) && stated >= 0 ? Math.min(stated, MAX_WAIT_S) : DEFAULT_WAIT_S;
}

const pause = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/** `fetch` for openapi-fetch: a 503 to a request with an Idempotency-Key is tried again, the same request each time. */
export async function fetchRetrying(request: Request): Promise<Response> {
  if (!request.headers.has('Idempotency-Key')) return fetch(request);
  for (let retries = 0; ; retries++) {
    // A body can be read once: each try but the last sends a copy.
    const last = retries === MAX_RETRIES;
    const response = await fetch(last ? request : request.clone());
    if (response.status !== 503 || last) return response;
    await pause(retryWaitSeconds(response));
  }
}
