/**
 * The request id of the HTTP request being handled: set by the API for each request
 * (apps/api/src/logging/request-logging.ts), read wherever a log line or a Temporal call needs it
 * (libs/temporal/request-id.ts) without passing it down every call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** A caller's `X-Request-Id` is kept when it is 1–128 of these characters; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The caller's id when it is a sane token (bounded, no spaces, quotes or control characters), else a new UUID. */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

const context = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` (and everything it starts, across awaits) as part of request `requestId`. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

/** The id of the request whose handling this code runs in, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
