import { Injectable, Logger } from '@nestjs/common';
import { signalCalendarChanged } from '../../../../libs/temporal/calendar-changed.js';
import { TemporalGateway } from '../temporal/temporal.module.js';

/**
 * The API's side of the calendar change feed (libs/temporal/calendar-changed.ts): after an admin
 * changes the association's overrides, every running lifecycle recomputes its pending deadlines.
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
    const signalled = await signalCalendarChanged(client, reason, {
      onUndelivered: (workflowId, err) =>
        this.logger.warn(`calendarChanged not delivered to ${workflowId}: ${err instanceof Error ? err.message : String(err)}`),
    });
    this.logger.log(`calendarChanged (${reason}) sent to ${signalled} running lifecycle workflow(s)`);
    return signalled;
  }
}
