import { Injectable, Logger } from '@nestjs/common';
import { calendarChangedSignal, LIFECYCLE_WORKFLOW_TYPE } from '../../../../workflows/definitions.js';
import { TemporalGateway } from '../temporal/temporal.module.js';

const RUNNING_LIFECYCLES = `WorkflowType = "${LIFECYCLE_WORKFLOW_TYPE}" AND ExecutionStatus = "Running"`;
/** Signals in flight at once: enough to get through thousands quickly without flooding the frontend. */
export const SIGNAL_CONCURRENCY = 16;

/**
 * The calendar change feed (SPEC §3): workflows never read calendar data, so whoever changes the
 * calendar (an admin edit, a newly published year) tells every running lifecycle to recompute
 * its pending deadlines.
 */
@Injectable()
export class CalendarChangeNotifier {
  private readonly logger = new Logger(CalendarChangeNotifier.name);

  constructor(private readonly temporal: TemporalGateway) {}

  /**
   * Sends `calendarChanged` to every running lifecycle workflow and returns how many got it.
   * A failed signal (typically a workflow that closed after being listed) is logged and skipped;
   * a failure to list throws.
   */
  async calendarChanged(reason: string): Promise<number> {
    const client = await this.temporal.client();
    // One shared iterator: the SDK's list is an async generator, so concurrent next() calls
    // are queued and every execution is handed out once, page by page.
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
          this.logger.warn(`calendarChanged not delivered to ${workflowId}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: SIGNAL_CONCURRENCY }, drain));
    this.logger.log(`calendarChanged (${reason}) sent to ${signalled} running lifecycle workflow(s)`);
    return signalled;
  }
}
