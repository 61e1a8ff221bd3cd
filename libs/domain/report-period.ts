/**
 * Report kinds and their periods (SPEC §6): the quarterly 流程优化清单, the semi-annual
 * 总结应用评估报告 and the annual report. Periods are
 * calendar quarters, halves and years in Asia/Shanghai (UTC+8 all year: China has no daylight
 * saving time, so a fixed offset is exact). Pure and deterministic: workflow code imports it.
 */

export const REPORT_KINDS = ['process-optimization', 'application-evaluation', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS_ZH: Record<ReportKind, string> = {
  'process-optimization': '流程优化清单',
  'application-evaluation': '总结应用评估报告',
  annual: '年度总结报告',
};

/** How a period of each kind is written: `2026-Q3`, `2026-H1`, `2026`. */
export const PERIOD_PATTERNS: Record<ReportKind, RegExp> = {
  'process-optimization': /^(\d{4})-Q([1-4])$/,
  'application-evaluation': /^(\d{4})-H([12])$/,
  annual: /^(\d{4})$/,
};

export const PERIOD_FORMATS: Record<ReportKind, string> = {
  'process-optimization': 'YYYY-Qn (n = 1–4), e.g. 2026-Q3',
  'application-evaluation': 'YYYY-Hn (n = 1–2), e.g. 2026-H1',
  annual: 'YYYY, e.g. 2026',
};

/** Months per period of a kind. */
const MONTHS: Record<ReportKind, number> = { 'process-optimization': 3, 'application-evaluation': 6, annual: 12 };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Years a period may name: the association's records start long after 2000. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2999;

export interface PeriodRange {
  kind: ReportKind;
  period: string;
  year: number;
  /** 1-based quarter / half / 1 for a year. */
  index: number;
  /** First instant of the period (00:00 Asia/Shanghai of its first day), ISO. */
  start: string;
  /** First instant after the period (exclusive end), ISO. */
  end: string;
  /** e.g. 2026年第三季度, 2026年上半年, 2026年度 */
  labelZh: string;
}

const QUARTER_ZH = ['一', '二', '三', '四'];

/** Midnight Asia/Shanghai of a month's first day, in ms since the epoch (month 0-based, may overflow into the next year). */
const shanghaiMonthStart = (year: number, month: number): number => Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS;

export function isReportKind(value: unknown): value is ReportKind {
  return typeof value === 'string' && (REPORT_KINDS as readonly string[]).includes(value);
}

/** The period's range, or null when `period` is not a period of `kind` (format or year out of range). */
export function periodRange(kind: ReportKind, period: string): PeriodRange | null {
  const m = PERIOD_PATTERNS[kind].exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const index = m[2] ? Number(m[2]) : 1;
  const months = MONTHS[kind];
  const firstMonth = (index - 1) * months;
  const labelZh =
    kind === 'process-optimization'
      ? `${year}年第${QUARTER_ZH[index - 1]}季度`
      : kind === 'application-evaluation'
        ? `${year}年${index === 1 ? '上' : '下'}半年`
        : `${year}年度`;
  return {
    kind,
    period,
    year,
    index,
    start: new Date(shanghaiMonthStart(year, firstMonth)).toISOString(),
    end: new Date(shanghaiMonthStart(year, firstMonth + months)).toISOString(),
    labelZh,
  };
}

/** The period of `kind` that contains the instant `at`. */
export function periodContaining(kind: ReportKind, at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const index = Math.floor(local.getUTCMonth() / MONTHS[kind]) + 1;
  return kind === 'process-optimization' ? `${year}-Q${index}` : kind === 'application-evaluation' ? `${year}-H${index}` : `${year}`;
}

/**
 * The last period of `kind` that has ended at `at`: what a schedule firing just after a period's
 * end reports on (a run on 2026-10-01 00:30 Asia/Shanghai reports 2026-Q3).
 */
export function lastCompletePeriod(kind: ReportKind, at: Date): string {
  const current = periodRange(kind, periodContaining(kind, at))!;
  return periodContaining(kind, new Date(Date.parse(current.start) - 1));
}

/** Whether the period has ended at `at` (its exclusive end is not after `at`). */
export function periodHasEnded(range: Pick<PeriodRange, 'end'>, at: Date): boolean {
  return Date.parse(range.end) <= at.getTime();
}

/** `report-<kind>-<period>`: one workflow id per report, whoever starts it (schedule or backfill). */
export function reportWorkflowId(kind: ReportKind, period: string): string {
  return `report-${kind}-${period}`;
}

/** `report-<kind>`: a schedule's id; Temporal appends each run's scheduled time to it as the workflow id. */
export function reportScheduleId(kind: ReportKind): string {
  return `report-${kind}`;
}
