/**
 * The figures of the 报表 pages (issue 15 item 6), shaped from the grouped rows the API's SQL
 * returns: every month and quarter present (zeros where nothing happened), rates with their source
 * numbers. Pure: no I/O, unit-tested.
 */
import { ACTIVITY_TYPES, type ActivityType } from '../domain/activity.js';
import { percentage } from '../summary/metrics.js';

/** Draft and final deadlines: the two that count in the timeliness score. */
export const TIMELINESS_KEYS = ['draft', 'final'] as const;
export type TimelinessKey = (typeof TIMELINESS_KEYS)[number];

/**
 * One deadline key's outcomes in a period. On time: met no later than its due instant. Late: met
 * after it, or overdue and still open. Pending: not met yet and not (yet) escalated.
 */
export interface DeadlineTally {
  onTime: number;
  lateMet: number;
  overdue: number;
  late: number;
  pending: number;
  /** onTime ÷ (onTime + late), one decimal; null when none was decided yet. */
  onTimeRate: number | null;
}

export interface TimelinessMonth {
  month: number;
  draft: DeadlineTally;
  final: DeadlineTally;
}

export interface TimelinessRow {
  key: TimelinessKey;
  month: number;
  onTime: number;
  lateMet: number;
  overdue: number;
  pending: number;
}

export function tally(onTime: number, lateMet: number, overdue: number, pending: number): DeadlineTally {
  const late = lateMet + overdue;
  return { onTime, lateMet, overdue, late, pending, onTimeRate: percentage(onTime, onTime + late) };
}

const sumTallies = (ts: DeadlineTally[]): DeadlineTally =>
  tally(
    ts.reduce((n, t) => n + t.onTime, 0),
    ts.reduce((n, t) => n + t.lateMet, 0),
    ts.reduce((n, t) => n + t.overdue, 0),
    ts.reduce((n, t) => n + t.pending, 0),
  );

/** Months 1–12 of the year, each with its draft and final tallies, and the year's totals. */
export function timelinessByMonth(rows: TimelinessRow[]): { months: TimelinessMonth[]; totals: Record<TimelinessKey, DeadlineTally> } {
  const find = (key: TimelinessKey, month: number) => rows.find((r) => r.key === key && r.month === month);
  const of = (key: TimelinessKey, month: number) => {
    const r = find(key, month);
    return r ? tally(r.onTime, r.lateMet, r.overdue, r.pending) : tally(0, 0, 0, 0);
  };
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, draft: of('draft', i + 1), final: of('final', i + 1) }));
  return {
    months,
    totals: { draft: sumTallies(months.map((m) => m.draft)), final: sumTallies(months.map((m) => m.final)) },
  };
}

/** suggestion statuses: 待落实, 落实中, 已落实, 不采纳. */
export const SUGGESTION_STATUSES = ['pending', 'in_progress', 'implemented', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export interface SuggestionCounts {
  pending: number;
  inProgress: number;
  implemented: number;
  rejected: number;
  total: number;
  /** implemented ÷ all, one decimal; null without suggestions. */
  implementationRate: number | null;
}

export interface SuggestionDepartment extends SuggestionCounts {
  department: string;
  departmentName: string;
}

export interface SuggestionRow {
  department: string;
  departmentName: string | null;
  status: SuggestionStatus;
  count: number;
}

function counts(rows: Array<{ status: SuggestionStatus; count: number }>): SuggestionCounts {
  const n = (s: SuggestionStatus) => rows.filter((r) => r.status === s).reduce((sum, r) => sum + r.count, 0);
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const implemented = n('implemented');
  return {
    pending: n('pending'),
    inProgress: n('in_progress'),
    implemented,
    rejected: n('rejected'),
    total,
    implementationRate: percentage(implemented, total),
  };
}

/** Per responsible department (most suggestions first, then by code), and all together. */
export function suggestionStatus(rows: SuggestionRow[]): { byDepartment: SuggestionDepartment[]; totals: SuggestionCounts } {
  const departments = [...new Set(rows.map((r) => r.department))];
  const byDepartment = departments
    .map((department) => {
      const own = rows.filter((r) => r.department === department);
      return { department, departmentName: own.find((r) => r.departmentName)?.departmentName ?? department, ...counts(own) };
    })
    .sort((a, b) => b.total - a.total || a.department.localeCompare(b.department));
  return { byDepartment, totals: counts(rows) };
}

export interface SatisfactionQuarter {
  quarter: number;
  /** Final versions with a satisfaction rate. */
  summaries: number;
  /** Mean of their satisfaction rates (SummaryRates.satisfaction), one decimal; null without any. */
  averageSatisfaction: number | null;
  /** Their questionnaires together: 满意 + 较满意, and all responses. */
  satisfiedResponses: number;
  responses: number;
}

export interface SatisfactionSeries {
  type: ActivityType;
  quarters: SatisfactionQuarter[];
}

export interface SatisfactionRow {
  type: ActivityType;
  quarter: number;
  summaries: number;
  averageSatisfaction: number;
  satisfiedResponses: number;
  responses: number;
}

/** One series per activity type that has a final version in the year (in ACTIVITY_TYPES order), quarters 1–4. */
export function satisfactionTrend(rows: SatisfactionRow[]): SatisfactionSeries[] {
  return ACTIVITY_TYPES.filter((type) => rows.some((r) => r.type === type)).map((type) => ({
    type,
    quarters: [1, 2, 3, 4].map((quarter) => {
      const r = rows.find((x) => x.type === type && x.quarter === quarter);
      return r
        ? {
            quarter,
            summaries: r.summaries,
            averageSatisfaction: Math.round(r.averageSatisfaction * 10) / 10,
            satisfiedResponses: r.satisfiedResponses,
            responses: r.responses,
          }
        : { quarter, summaries: 0, averageSatisfaction: null, satisfiedResponses: 0, responses: 0 };
    }),
  }));
}
