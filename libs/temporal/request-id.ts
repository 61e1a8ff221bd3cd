/**
 * The request id on its way into Temporal: a client interceptor puts the id of the API request
 * being handled (libs/logging/request-context.ts) into the `x-request-id` header of every workflow
 * start, update and signal it sends; the workflow interceptors (workflows/request-id.interceptors.ts)
 * hand it on to the activities scheduled for that request, and the worker logs it
 * (apps/worker/src/logging.ts). Headers are not part of the workflow's input or of its commands, so
 * they change no replay and no deduplication (messages keep their own `requestId` for that).
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { currentRequestId } from '../logging/request-context.js';
import { REQUEST_ID_HEADER } from '../../workflows/request-id.interceptors.js';

export { REQUEST_ID_HEADER };

/** `headers` with the current request's id added (unchanged outside a request). */
export function withRequestIdHeader(headers: Headers, requestId = currentRequestId()): Headers {
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/** The request id in Temporal headers, if one was sent. */
export function requestIdFromHeaders(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** For `new Client({ interceptors: { workflow: [requestIdClientInterceptor] } })`. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({
      ...input,
      workflowStartHeaders: withRequestIdHeader(input.workflowStartHeaders),
      updateHeaders: withRequestIdHeader(input.updateHeaders),
    }),
  signal: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers) }),
};
