/**
 * The calendar change feed (SPEC §3): workflows never read calendar data, so whoever changes the
 * calendar tells every running lifecycle to recompute its pending deadlines. Two callers: the API
 * when an admin edits the association's overrides (apps/api/src/calendar/calendar-change.notifier.ts)
 * and the worker at start when the package data brings a newly published official year
 * (apps/worker/src/official-years.ts).
 */
import type { Client } from '@temporalio/client';
import { calendarChangedSignal, LIFECYCLE_WORKFLOW_TYPE } from '../../workflows/definitions.js';

/** Visibility query of the lifecycles to tell. */
export const RUNNING_LIFECYCLES = `WorkflowType = "${LIFECYCLE_WORKFLOW_TYPE}" AND ExecutionStatus = "Running"`;
/** Signals in flight at once: enough to get through thousands quickly without flooding the frontend. */
export const SIGNAL_CONCURRENCY = 16;

export interface CalendarChangedOptions {
  /** Called for each lifecycle that could not be signalled (typically one that closed after being listed). */
  onUndelivered?: (workflowId: string, err: unknown) => void;
  concurrency?: number;
}

/**
 * Sends `calendarChanged` with `reason` to every running lifecycle workflow and returns how many
 * got it. A failed signal is reported to `onUndelivered` and skipped; a failure to list throws.
 */
export async function signalCalendarChanged(client: Client, reason: string, options: CalendarChangedOptions = {}): Promise<number> {
  // One shared iterator: the SDK's list is an async generator, so concurrent next() calls are
  // queued and every execution is handed out once, page by page.
  const executions = client.workflow.list({ query: RUNNING_LIFECYCLES })[Symbol.asyncIterator]();
  let signalled = 0;
  const drain = async (): Promise<void> => {
    for (let next = await executions.next(); !next.done; next = await executions.next()) {
      const { workflowId } = next.value;
      try {
        // No run id: a lifecycle that continued-as-new since the listing still gets it.
        await client.workflow.getHandle(workflowId).signal(calendarChangedSignal, { reason });
        signalled++;
      } catch (err) {
        options.onUndelivered?.(workflowId, err);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? SIGNAL_CONCURRENCY }, drain));
  return signalled;
}
