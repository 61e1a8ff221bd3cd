/**
 * The three Temporal Schedules of the periodic reports (issue 15), created or updated at worker
 * start: `report-process-optimization` (quarterly), `report-application-evaluation` (semi-annual)
 * and `report-annual`, each firing at 00:30 Asia/Shanghai on the first day after its period and
 * starting workflows/periodic-report.ts without a period (it reports the period just ended).
 * Ops see them on the Temporal UI's Schedules page, where they may also pause or trigger them: an
 * update keeps a schedule's paused state and note.
 *
 * Start-up never waits for them and never fails on them: while Temporal is unreachable the keeper
 * tries again in the background (1 s, 2 s, 4 s … at most every minute) until they are in place.
 */
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { REPORT_KIND_LABELS_ZH, REPORT_KINDS, reportScheduleId, type ReportKind } from '../../../libs/domain/report-period.js';
import { PERIODIC_REPORT_WORKFLOW_TYPE } from '../../../workflows/periodic-report-definitions.js';
import type { periodicReport } from '../../../workflows/periodic-report.js';
import type { TemporalConnectionOptions } from '../../../libs/temporal/connection-options.js';

export const REPORT_SCHEDULE_TIMEZONE = 'Asia/Shanghai';

/** 00:30 on the first day of the next period (a half hour of slack for records written around midnight). */
export const REPORT_CALENDARS: Record<ReportKind, CalendarSpec> = {
  'process-optimization': {
    month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'],
    dayOfMonth: 1,
    hour: 0,
    minute: 30,
    comment: 'R-14.2 流程优化清单: the quarter just ended',
  },
  'application-evaluation': {
    month: ['JANUARY', 'JULY'],
    dayOfMonth: 1,
    hour: 0,
    minute: 30,
    comment: 'R-16.2 总结应用评估报告: the half-year just ended',
  },
  annual: { month: 'JANUARY', dayOfMonth: 1, hour: 0, minute: 30, comment: 'R-14.1/R-14.3/R-15.1/R-18 annual report: the year just ended' },
};

/** The schedule of one kind, for the worker's task queue. */
export function reportScheduleOptions(
  kind: ReportKind,
  taskQueue: string,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof periodicReport>> {
  return {
    scheduleId: reportScheduleId(kind),
    spec: { calendars: [REPORT_CALENDARS[kind]], timezone: REPORT_SCHEDULE_TIMEZONE },
    action: {
      type: 'startWorkflow',
      workflowType: PERIODIC_REPORT_WORKFLOW_TYPE,
      args: [{ kind }],
      taskQueue,
      // Temporal appends the scheduled time; the run then starts `report-<kind>-<period>` as its child.
      workflowId: reportScheduleId(kind),
      staticSummary: `${REPORT_KIND_LABELS_ZH[kind]} (${kind}) of the period just ended`,
    },
    policies: {
      overlap: ScheduleOverlapPolicy.SKIP,
      // A Temporal outage around a period's end still produces that period's report when it is back.
      catchupWindow: '30 days',
    },
  };
}

export type ScheduleOutcome = { scheduleId: string; outcome: 'created' | 'updated' };

/** Creates each schedule, or brings an existing one up to date (spec, action, policies; its state is ops'). */
export async function ensureReportSchedules(client: Client, taskQueue: string): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  for (const kind of REPORT_KINDS) {
    const options = reportScheduleOptions(kind, taskQueue);
    try {
      await client.schedule.create(options);
      outcomes.push({ scheduleId: options.scheduleId, outcome: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule
        .getHandle(options.scheduleId)
        .update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
      outcomes.push({ scheduleId: options.scheduleId, outcome: 'updated' });
    }
  }
  return outcomes;
}

export interface ReportScheduleKeeperOptions {
  /** Where Temporal is, and TLS or an API key (libs/temporal/connection-options.ts). */
  temporal: TemporalConnectionOptions;
  namespace: string;
  taskQueue: string;
  log: { info(message: string): void; warn(message: string): void };
  /** First retry delay; doubled up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Puts the schedules in place in the background, retrying until it succeeds or is stopped. */
export class ReportScheduleKeeper {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private done: Promise<ScheduleOutcome[] | null> | undefined;

  constructor(private readonly options: ReportScheduleKeeperOptions) {}

  /** Starts the attempts (once); resolves with the outcomes, or null when stopped first. */
  start(): Promise<ScheduleOutcome[] | null> {
    this.done ??= this.loop();
    return this.done;
  }

  private async loop(): Promise<ScheduleOutcome[] | null> {
    const { initialDelayMs = 1_000, maxDelayMs = 60_000 } = this.options;
    for (let attempt = 1, delay = initialDelayMs; !this.stopped; attempt++, delay = Math.min(delay * 2, maxDelayMs)) {
      try {
        const outcomes = await this.once();
        this.options.log.info(
          `report schedules in place (${REPORT_SCHEDULE_TIMEZONE}): ${outcomes.map((o) => `${o.scheduleId} ${o.outcome}`).join(', ')}`,
        );
        return outcomes;
      } catch (err) {
        if (this.stopped) break;
        this.options.log.warn(
          `report schedules not created (try ${attempt}: ${err instanceof Error ? err.message : String(err)}); retrying in ${delay} ms`,
        );
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, delay);
          this.timer.unref();
        });
      }
    }
    return null;
  }

  private async once(): Promise<ScheduleOutcome[]> {
    const connection = await Connection.connect({ ...this.options.temporal, connectTimeout: 5_000 });
    try {
      return await ensureReportSchedules(new Client({ connection, namespace: this.options.namespace }), this.options.taskQueue);
    } finally {
      await connection.close();
    }
  }

  /** Stops retrying; waits for an attempt in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.done;
  }
}
