/** The periodic report workflow's name, input and result: imported by the API and the worker without the workflow itself. */
import type { ReportKind } from '../libs/domain/report-period.js';

export const PERIODIC_REPORT_WORKFLOW_TYPE = 'periodicReport';
/** Failure type of an input that names no report (not retried). */
export const INVALID_REPORT_INPUT = 'InvalidReportInput';

export interface PeriodicReportInput {
  kind: ReportKind;
  /** `2026-Q3`, `2026-H1`, `2026`; absent: the last period that has ended when the run was scheduled. */
  period?: string;
}

export interface PeriodicReportResult {
  kind: ReportKind;
  period: string;
  /** The run that wrote the report: `report-<kind>-<period>`. */
  workflowId: string;
  /** Null only when a schedule's run found that period's report already being generated (a backfill). */
  reportId: string | null;
  contentHash: string | null;
  changed: boolean;
  /** Usernames of the audience (each gets one inbox message per report, however often it runs). */
  recipients: string[];
}
