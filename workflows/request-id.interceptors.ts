/**
 * Workflow interceptors (registered through `interceptors.workflowModules`, apps/worker/src/worker.ts):
 * the request id an API request sent with a workflow start, update or signal (Temporal header
 * `REQUEST_ID_HEADER`, libs/temporal/request-id.ts) travels on to the activities the workflow
 * schedules for it and into the workflow's log lines, so one request can be followed from the API
 * into the worker's logs.
 *
 * Which request an activity belongs to: the one whose handler scheduled it; else (the main loop's
 * follow-ups: resolved escalations, the projection) the request whose handler ran last, for as long
 * as the workflow keeps working — until an activation ends with no activity in flight, i.e. the
 * workflow waits for a message or a timer again. A timer that wakes an idle workflow starts no request's work. The
 * start's request covers what the workflow does before its first wait.
 *
 * Replay safety: only headers and log attributes change, never a command, and no handler or
 * activity call gains an `await`: their own promises are returned as they are, observed on the side
 * (see README "The order of awaits is part of the history").
 */
import {
  AsyncLocalStorage,
  defaultPayloadConverter,
  type ActivityInput,
  type Headers,
  type LocalActivityInput,
  type WorkflowInterceptors,
} from '@temporalio/workflow';

/** Temporal header carrying the API request's id (workflow start, update, signal, and on to activities). */
export const REQUEST_ID_HEADER = 'x-request-id';

function requestIdOf(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload(payload);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export const interceptors = (): WorkflowInterceptors => {
  // One set per workflow run: the factory is called for each.
  const handling = new AsyncLocalStorage<string>();
  /** The request whose change the workflow is working through. */
  let followUp: string | undefined;
  /** Activities scheduled and not yet resolved. */
  let inFlight = 0;
  const current = () => handling.getStore() ?? followUp;

  /** Runs a handler in its request's context; its own promise is returned, observed on the side. */
  const within = <T>(headers: Headers, run: () => Promise<T>): Promise<T> => {
    const id = requestIdOf(headers);
    if (!id) return run();
    followUp = id;
    const done = handling.run(id, run);
    const settled = () => {
      followUp = id;
    };
    done.then(settled, settled);
    return done;
  };

  /** Schedules an activity with the current request's id in its headers. */
  const schedule = <I extends ActivityInput | LocalActivityInput>(input: I, next: (input: I) => Promise<unknown>): Promise<unknown> => {
    const id = current();
    const result = next(
      id ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } } : input,
    );
    inFlight++;
    const settled = () => {
      inFlight--;
    };
    result.then(settled, settled);
    return result;
  };

  return {
    inbound: [
      {
        execute: (input, next) => {
          followUp = requestIdOf(input.headers);
          return next(input);
        },
        handleUpdate: (input, next) => within(input.headers, () => next(input)),
        handleSignal: (input, next) => within(input.headers, () => next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => schedule(input, next),
        scheduleLocalActivity: (input, next) => schedule(input, next),
        getLogAttributes: (attributes, next) => {
          const id = current();
          return next(id ? { ...attributes, requestId: id } : attributes);
        },
      },
    ],
    internals: [
      {
        concludeActivation: (input, next) => {
          // Nothing in flight: the workflow waits for the next message or timer; its work for the request is done.
          if (inFlight === 0) followUp = undefined;
          return next(input);
        },
      },
    ],
  };
};
