/**
 * One periodic report (SPEC §6): the quarterly 流程优化清单, the semi-annual
 * 总结应用评估报告 or the annual report, as the
 * workflow `report-<kind>-<period>`. A Temporal Schedule starts it just after each period ends
 * without a period (apps/worker/src/report-schedules.ts); the admin starts a backfill with one
 * (POST /api/reports/runs). The run waits on a durable timer until the period is over (a run
 * started early, or a time-skipping test, passes the end), then builds and stores the report and
 * announces it in its audience's inbox: activities/report.activities.ts.
 */
import {
  ApplicationFailure,
  executeChild,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { ReportActivities } from '../activities/report.activities.js';
import { isReportKind, lastCompletePeriod, periodRange, reportWorkflowId } from '../libs/domain/report-period.js';
import { INVALID_REPORT_INPUT, type PeriodicReportInput, type PeriodicReportResult } from './periodic-report-definitions.js';

/** Set by the schedule on the runs it starts: the nominal time, so a late catch-up still names the right period. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** Queries over a year of records: retried without limit through database outages, a try at least every minute. */
const reports = proxyActivities<ReportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function periodicReport(input: PeriodicReportInput): Promise<PeriodicReportResult> {
  const info = workflowInfo();
  if (!isReportKind(input.kind)) {
    throw ApplicationFailure.create({
      type: INVALID_REPORT_INPUT,
      message: `unknown report kind: ${String(input.kind)}`,
      nonRetryable: true,
    });
  }
  const kind = input.kind;
  const period = input.period ?? lastCompletePeriod(kind, info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime);
  const range = periodRange(kind, period);
  if (!range)
    throw ApplicationFailure.create({ type: INVALID_REPORT_INPUT, message: `not a ${kind} period: ${period}`, nonRetryable: true });

  const workflowId = reportWorkflowId(kind, period);
  if (info.workflowId !== workflowId) {
    // A schedule's run (`report-<kind>-<time>`): the report itself runs under its period's id, the
    // one a backfill uses too, so each period has one history to read in the Temporal UI.
    try {
      return await executeChild(periodicReport, {
        workflowId,
        args: [{ kind, period }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `${kind} report for ${period}`,
      });
    } catch (err) {
      // WorkflowExecutionAlreadyStartedError (by name: workflows import no @temporalio/common values): a backfill is running.
      if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
      return { kind, period, workflowId, reportId: null, contentHash: null, changed: false, recipients: [] };
    }
  }

  const wait = Date.parse(range.end) - Date.now();
  if (wait > 0) await sleep(wait, { summary: `until ${period} has ended (${range.end})` });

  const stored = await reports.storeReport({ kind, period, workflowId, runId: info.runId });
  const { users } = await reports.sendReport({ reportId: stored.reportId });
  return {
    kind,
    period,
    workflowId,
    reportId: stored.reportId,
    contentHash: stored.contentHash,
    changed: stored.changed,
    recipients: users,
  };
}
