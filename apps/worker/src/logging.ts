/**
 * The worker's logs in the API's format (libs/logging): the Temporal runtime logs through pino, and
 * every activity line carries the workflow (workflowId, activityType, attempt — the SDK's
 * attributes) and the API request it runs for (`requestId`, from the header the workflow
 * interceptors pass on: workflows/request-id.interceptors.ts).
 *
 * Per attempt, one line: the SDK's `Activity failed` (WARN, with the error's type and message, no
 * stack: libs/logging/temporal-logger.ts) or our `Activity succeeded` (INFO, with its duration).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Runtime, type ActivityInterceptorsFactory, type WorkerInterceptors } from '@temporalio/worker';
import type { Logger } from '../../../libs/logging/logger.js';
import { PinoTemporalLogger } from '../../../libs/logging/temporal-logger.js';
import { requestIdFromHeaders } from '../../../libs/temporal/request-id.js';

/**
 * Installs the process's Temporal runtime with `log` as its logger. Once per process, before any
 * connection or worker is made. `forwardCore`: the Rust core's warnings go to `log` too (instead of
 * core's own stderr format); its log channel then keeps the process alive until the runtime shuts
 * down, which it does when the last worker and native connection close (a process that never
 * opens one — tests without a worker — passes false).
 */
export function installTemporalLogging(log: Logger, { forwardCore = true }: { forwardCore?: boolean } = {}): void {
  const filter = { core: 'WARN', other: 'ERROR' } as const;
  Runtime.install({
    logger: new PinoTemporalLogger(log),
    telemetryOptions: { logging: forwardCore ? { forward: {}, filter } : { filter } },
  });
}

/** Adds `requestId` to the activity's log lines and logs its success, with the attempt it took. */
export const activityLogging: ActivityInterceptorsFactory = (ctx) => {
  let requestId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        requestId = requestIdFromHeaders(input.headers);
        const started = performance.now();
        const result = await next(input);
        ctx.log.info('Activity succeeded', { durationMs: Math.round(performance.now() - started) });
        return result;
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestId ? { ...attributes, requestId } : attributes),
    },
  };
};

/**
 * The workflow interceptor modules: `.js` next to the compiled worker in dist/, `.ts` from source
 * (tests). A prebuilt workflow bundle must be made with them (`workflowInterceptorModules`).
 */
export function workflowInterceptorModules(): string[] {
  for (const ext of ['.js', '.ts']) {
    const p = fileURLToPath(new URL(`../../../workflows/request-id.interceptors${ext}`, import.meta.url));
    if (existsSync(p)) return [p];
  }
  throw new Error('workflows/request-id.interceptors not found next to the worker');
}

/**
 * The worker's interceptors. A worker given a prebuilt bundle runs the workflow interceptors built
 * into it (apps/worker/src/bundle.ts) and warns at start that it ignores `workflowModules`: then
 * they are left out.
 */
export function workerInterceptors({ bundled = false }: { bundled?: boolean } = {}): WorkerInterceptors {
  return { ...(bundled ? {} : { workflowModules: workflowInterceptorModules() }), activity: [activityLogging] };
}

/** `interceptors` with one more activity interceptor, innermost (closest to the activity). */
export function withActivityInterceptor(interceptors: WorkerInterceptors, inner: ActivityInterceptorsFactory): WorkerInterceptors {
  return { ...interceptors, activity: [...(interceptors.activity ?? []), inner] };
}
