/**
 * What a stored report says (`reports.content`), and the pure rules that build it from rows the
 * report activity reads (activities/report.activities.ts). Everything is ordered explicitly and
 * carries no generation timestamp, so the same records always give the same JSON and the same
 * content hash: a backfill of a past period reproduces the report.
 */
import type { Role } from '../domain/roles.js';
import type { ReportKind } from '../domain/report-period.js';
import type { AnnualScoring } from './scoring.js';

export const SUGGESTION_STATUSES = ['pending', 'in_progress', 'implemented', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const SUGGESTION_STATUS_LABELS_ZH: Record<SuggestionStatus, string> = {
  pending: '待落实',
  in_progress: '落实中',
  implemented: '已落实',
  rejected: '不采纳',
};

/**
 * Who receives each report in their inbox (and who reads them in the API besides the admin and the
 * supervisor). The council (理事会) is represented by management, the VP and the SG; the
 * semi-annual evaluation goes to the administration as well, which compiles it; the
 * annual report also to the supervisory board, which checks the scores it carries.
 */
export const REPORT_AUDIENCE: Record<ReportKind, readonly Role[]> = {
  'process-optimization': ['management', 'vp', 'secretary_general'],
  'application-evaluation': ['management', 'vp', 'secretary_general', 'admin'],
  annual: ['management', 'vp', 'secretary_general', 'supervisor'],
};

/** Roles that read stored reports over the API (all kinds). */
export const REPORT_READERS: readonly Role[] = ['management', 'supervisor', 'admin', 'vp', 'secretary_general'];

export interface ReportHeader {
  kind: ReportKind;
  period: string;
  periodLabelZh: string;
  /** First instant of the period (ISO). */
  periodStart: string;
  /** First instant after it (ISO, exclusive). */
  periodEnd: string;
  title: string;
  audience: Role[];
}

// ── 流程优化清单 ─────────────────────────────────────────────────────────────────────

/** One suggestion row as read from `suggestions`, with its status as of the period's end. */
export interface SuggestionRow {
  suggestionId: string;
  activityId: string;
  activityName: string;
  position: number;
  measure: string;
  responsibleDepartment: string;
  cooperatingDepartments: string[];
  /** YYYY-MM-DD */
  dueDate: string;
  /** YYYY-MM-DD (Asia/Shanghai): the day the final version was formed. */
  finalizedOn: string;
  /** ISO instant, for ordering only. */
  finalizedAt: string;
  status: SuggestionStatus;
  statusReason: string | null;
}

export type SuggestionItem = Omit<SuggestionRow, 'finalizedAt' | 'position' | 'responsibleDepartment'> & { statusZh: string };

export type StatusCounts = Record<SuggestionStatus, number> & { total: number };

export interface DepartmentSuggestions {
  department: string;
  departmentZh: string;
  counts: StatusCounts;
  items: SuggestionItem[];
}

export interface ProcessOptimizationContent extends ReportHeader {
  kind: 'process-optimization';
  /** Statuses are as they stood at the period's end (the status history), so a backfill says what the council would have read. */
  statusAsOf: string;
  totals: StatusCounts;
  departments: DepartmentSuggestions[];
}

const byKey =
  <T>(...keys: Array<(x: T) => string | number>) =>
  (a: T, b: T): number => {
    for (const k of keys) {
      const x = k(a);
      const y = k(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };

export function countStatuses(rows: ReadonlyArray<{ status: SuggestionStatus }>): StatusCounts {
  const counts: StatusCounts = { pending: 0, in_progress: 0, implemented: 0, rejected: 0, total: 0 };
  for (const r of rows) {
    counts[r.status] += 1;
    counts.total += 1;
  }
  return counts;
}

/** the quarter's suggestions by responsible department (code order), oldest final version first. */
export function groupByDepartment(rows: readonly SuggestionRow[], departmentZh: (code: string) => string): DepartmentSuggestions[] {
  const groups = new Map<string, SuggestionRow[]>();
  for (const r of rows) groups.set(r.responsibleDepartment, [...(groups.get(r.responsibleDepartment) ?? []), r]);
  return [...groups.keys()].sort().map((department) => {
    const list = [...groups.get(department)!].sort(
      byKey(
        (r) => r.finalizedAt,
        (r) => r.activityId,
        (r) => r.position,
      ),
    );
    return {
      department,
      departmentZh: departmentZh(department),
      counts: countStatuses(list),
      items: list.map((r) => ({
        suggestionId: r.suggestionId,
        activityId: r.activityId,
        activityName: r.activityName,
        measure: r.measure,
        cooperatingDepartments: [...r.cooperatingDepartments].sort(),
        dueDate: r.dueDate,
        finalizedOn: r.finalizedOn,
        status: r.status,
        statusZh: SUGGESTION_STATUS_LABELS_ZH[r.status],
        statusReason: r.statusReason,
      })),
    };
  });
}

// ── 总结应用评估报告 ─────────────────────────────────────────────────────────────────

/** implemented ÷ all, in percent with one decimal; null when there is nothing to divide. */
export function implementationRate(implemented: number, total: number): number | null {
  return total > 0 ? Math.round((implemented * 1000) / total) / 10 : null;
}

export interface ImplementationLine {
  department: string;
  departmentZh: string;
  total: number;
  implemented: number;
  rate: number | null;
}

export interface Implementation {
  total: number;
  implemented: number;
  /** implemented ÷ all suggestions of the half (rejected ones included), percent. */
  rate: number | null;
  byDepartment: ImplementationLine[];
}

export function implementationOf(rows: readonly SuggestionRow[], departmentZh: (code: string) => string): Implementation {
  const line = (list: readonly SuggestionRow[]) => {
    const implemented = list.filter((r) => r.status === 'implemented').length;
    return { total: list.length, implemented, rate: implementationRate(implemented, list.length) };
  };
  const departments = [...new Set(rows.map((r) => r.responsibleDepartment))].sort();
  return {
    ...line(rows),
    byDepartment: departments.map((d) => ({
      department: d,
      departmentZh: departmentZh(d),
      ...line(rows.filter((r) => r.responsibleDepartment === d)),
    })),
  };
}

/** An activity with its final version, as the report activity reads it. */
export interface FinalActivity {
  activityId: string;
  name: string;
  type: string;
  typeZh: string;
  department: string;
  departmentZh: string;
  /** ISO instant */
  endAt: string;
  /** YYYY-MM-DD (Asia/Shanghai) */
  endDate: string;
  isMajor: boolean;
  /** 满意度 of the final version (percent), null without responses. */
  satisfaction: number | null;
  /** 媒体曝光量: short-video plays + topic reads. */
  mediaExposure: number;
  mediaReports: number;
  participation: number | null;
  /** Texts for the abstract, already redacted for a reader outside management. */
  background: string;
  socialValue: string;
}

export interface SatisfactionBaseline {
  type: string;
  /** Final versions of that type with a satisfaction rate, before the period. */
  count: number;
  /** Sum of those rates (percent): the mean is computed here, with one rounding rule. */
  sum: number;
}

export type Trend = 'up' | 'down' | 'flat' | 'no_baseline' | 'no_data';

export const TREND_LABELS_ZH: Record<Trend, string> = {
  up: '上升',
  down: '下降',
  flat: '持平',
  no_baseline: '无往期可比',
  no_data: '本期无满意度数据',
};

/** Within this many percentage points of the earlier mean the quality counts as 持平. */
export const FLAT_TREND_POINTS = 0.5;

export interface TypeTrend {
  type: string;
  typeZh: string;
  current: { count: number; mean: number | null };
  earlier: { count: number; mean: number | null };
  /** current − earlier, percentage points, one decimal. */
  deltaPoints: number | null;
  trend: Trend;
  trendZh: string;
}

export interface QualityTrend {
  rule: string;
  byType: TypeTrend[];
  activities: Array<
    Pick<FinalActivity, 'activityId' | 'name' | 'type' | 'typeZh' | 'department' | 'departmentZh' | 'endDate' | 'satisfaction'>
  >;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export const QUALITY_TREND_RULE =
  '质量趋势：本期结束并已形成终稿的活动，按活动类型计算终稿满意度的平均值，与同类型往期（本期开始前结束）活动的平均满意度比较；' +
  `差值在 ±${FLAT_TREND_POINTS} 个百分点以内为持平。`;

/** quality trend: the half's mean satisfaction per activity type against earlier activities of the same type. */
export function qualityTrend(
  current: readonly FinalActivity[],
  earlier: readonly SatisfactionBaseline[],
  typeZh: (t: string) => string,
): QualityTrend {
  const types = [...new Set([...current.map((a) => a.type), ...earlier.filter((e) => e.count > 0).map((e) => e.type)])].sort();
  const byType = types
    .filter((t) => current.some((a) => a.type === t))
    .map((type): TypeTrend => {
      const rates = current.filter((a) => a.type === type && a.satisfaction !== null).map((a) => a.satisfaction!);
      const mean = rates.length ? round1(rates.reduce((s, x) => s + x, 0) / rates.length) : null;
      const base = earlier.find((e) => e.type === type);
      const earlierMean = base && base.count > 0 ? round1(base.sum / base.count) : null;
      const delta = mean !== null && earlierMean !== null ? round1(mean - earlierMean) : null;
      const trend: Trend =
        mean === null
          ? 'no_data'
          : delta === null
            ? 'no_baseline'
            : Math.abs(delta) <= FLAT_TREND_POINTS
              ? 'flat'
              : delta > 0
                ? 'up'
                : 'down';
      return {
        type,
        typeZh: typeZh(type),
        current: { count: rates.length, mean },
        earlier: { count: base?.count ?? 0, mean: earlierMean },
        deltaPoints: delta,
        trend,
        trendZh: TREND_LABELS_ZH[trend],
      };
    });
  return {
    rule: QUALITY_TREND_RULE,
    byType,
    activities: sortActivities(current).map((a) => ({
      activityId: a.activityId,
      name: a.name,
      type: a.type,
      typeZh: a.typeZh,
      department: a.department,
      departmentZh: a.departmentZh,
      endDate: a.endDate,
      satisfaction: a.satisfaction,
    })),
  };
}

export interface ApplicationEvaluationContent extends ReportHeader {
  kind: 'application-evaluation';
  statusAsOf: string;
  implementation: Implementation;
  qualityTrend: QualityTrend;
}

// ── annual, R-15.1 (+ R-18/R-19 from helper B's scoring) ────────────────────

const sortActivities = <T extends Pick<FinalActivity, 'endAt' | 'activityId'>>(list: readonly T[]): T[] =>
  [...list].sort(
    byKey(
      (a) => a.endAt,
      (a) => a.activityId,
    ),
  );

export const TYPICAL_CASES_MIN = 3;
export const TYPICAL_CASES_MAX = 5;
export const TYPICAL_CASES_PER_TYPE = 2;

export const TYPICAL_CASES_RULE =
  '典型案例推荐规则（R-14.1）：候选为本年度结束并已形成终稿的活动；按终稿满意度从高到低排序（无满意度者排在最后），' +
  '满意度相同者按媒体曝光量从高到低，再按结束时间先后；依次选取，每种活动类型至多 2 项，至多 5 项；' +
  '按类型限制选出不足 3 项时，取消类型限制补足至 3 项；候选不足 3 项时全部列出并注明。';

export interface CaseItem {
  rank: number;
  activityId: string;
  name: string;
  typeZh: string;
  departmentZh: string;
  endDate: string;
  satisfaction: number | null;
  mediaExposure: number;
}

export interface TypicalCases {
  rule: string;
  items: CaseItem[];
  /** Set when fewer than 3 candidates exist. */
  note: string | null;
}

/** 3–5 typical cases by the documented rule above. */
export function typicalCases(finals: readonly FinalActivity[]): TypicalCases {
  const ranked = [...finals].sort(
    byKey(
      (a) => (a.satisfaction === null ? 1 : 0),
      (a) => -(a.satisfaction ?? 0),
      (a) => -a.mediaExposure,
      (a) => a.endAt,
      (a) => a.activityId,
    ),
  );
  const picked: FinalActivity[] = [];
  const perType = new Map<string, number>();
  for (const a of ranked) {
    if (picked.length >= TYPICAL_CASES_MAX) break;
    const n = perType.get(a.type) ?? 0;
    if (n >= TYPICAL_CASES_PER_TYPE) continue;
    picked.push(a);
    perType.set(a.type, n + 1);
  }
  for (const a of ranked) {
    if (picked.length >= TYPICAL_CASES_MIN) break;
    if (!picked.includes(a)) picked.push(a);
  }
  // Keep the ranking order after the top-up.
  picked.sort((a, b) => ranked.indexOf(a) - ranked.indexOf(b));
  return {
    rule: TYPICAL_CASES_RULE,
    items: picked.map((a, i) => ({
      rank: i + 1,
      activityId: a.activityId,
      name: a.name,
      typeZh: a.typeZh,
      departmentZh: a.departmentZh,
      endDate: a.endDate,
      satisfaction: a.satisfaction,
      mediaExposure: a.mediaExposure,
    })),
    note:
      picked.length < TYPICAL_CASES_MIN ? `本年度仅有 ${picked.length} 项已形成终稿的活动，不足 ${TYPICAL_CASES_MIN} 项，全部列出。` : null,
  };
}

export const TRAINING_SATISFACTION_ABOVE = 90;
export const TRAINING_MEDIA_EXPOSURE_AT_LEAST = 1_000_000;
export const TRAINING_MATERIAL_RULE = '培训教材入选条件（R-14.3）：终稿满意度高于 90%，或媒体曝光量不低于 100 万。';

export interface TrainingItem {
  activityId: string;
  name: string;
  typeZh: string;
  departmentZh: string;
  endDate: string;
  satisfaction: number | null;
  mediaExposure: number;
  /** Which condition(s) selected it, e.g. 满意度 96.5% > 90% */
  reasons: string[];
}

/** satisfaction > 90 % or media exposure ≥ 1,000,000, in date order. */
export function trainingMaterial(finals: readonly FinalActivity[]): { rule: string; items: TrainingItem[] } {
  const items = sortActivities(finals)
    .map((a) => {
      const reasons: string[] = [];
      if (a.satisfaction !== null && a.satisfaction > TRAINING_SATISFACTION_ABOVE) reasons.push(`满意度 ${a.satisfaction}% 高于 90%`);
      if (a.mediaExposure >= TRAINING_MEDIA_EXPOSURE_AT_LEAST) reasons.push(`媒体曝光量 ${a.mediaExposure} 不低于 100 万`);
      return { a, reasons };
    })
    .filter((x) => x.reasons.length)
    .map(({ a, reasons }) => ({
      activityId: a.activityId,
      name: a.name,
      typeZh: a.typeZh,
      departmentZh: a.departmentZh,
      endDate: a.endDate,
      satisfaction: a.satisfaction,
      mediaExposure: a.mediaExposure,
      reasons,
    }));
  return { rule: TRAINING_MATERIAL_RULE, items };
}

export const ABSTRACT_TEXT_MAX = 200;
export const KEY_ACTIVITIES_RULE =
  '重点活动摘要（R-15.1）：本年度已形成终稿的重大活动（R-10.2）及典型案例；摘要取活动背景与社会价值，各至多 200 字，' +
  '保密内容及个人信息已隐去。';

export interface ActivityAbstract {
  activityId: string;
  name: string;
  typeZh: string;
  departmentZh: string;
  endDate: string;
  isMajor: boolean;
  typicalCase: boolean;
  figures: { satisfaction: number | null; participation: number | null; mediaExposure: number; mediaReports: number };
  background: string;
  socialValue: string;
}

const clip = (text: string, max = ABSTRACT_TEXT_MAX): string => {
  const chars = [...text.trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
};

/** abstracts of the key activities (major ones and the typical cases) for the report to the authorities. */
export function keyActivityAbstracts(
  finals: readonly FinalActivity[],
  caseIds: ReadonlySet<string>,
): { rule: string; items: ActivityAbstract[] } {
  return {
    rule: KEY_ACTIVITIES_RULE,
    items: sortActivities(finals.filter((a) => a.isMajor || caseIds.has(a.activityId))).map((a) => ({
      activityId: a.activityId,
      name: a.name,
      typeZh: a.typeZh,
      departmentZh: a.departmentZh,
      endDate: a.endDate,
      isMajor: a.isMajor,
      typicalCase: caseIds.has(a.activityId),
      figures: {
        satisfaction: a.satisfaction,
        participation: a.participation,
        mediaExposure: a.mediaExposure,
        mediaReports: a.mediaReports,
      },
      background: clip(a.background),
      socialValue: clip(a.socialValue),
    })),
  };
}

export interface AnnualContent extends ReportHeader {
  kind: 'annual';
  /** Activities of the year with a final version (the base of every section). */
  activityCount: number;
  typicalCases: TypicalCases;
  trainingMaterial: { rule: string; items: TrainingItem[] };
  keyActivityAbstracts: { rule: string; items: ActivityAbstract[] };
  /** R-18 every department's score with its deductions and bonuses, R-19 先进单位 and reward candidates (libs/reports/scoring.ts). */
  departmentScores: AnnualScoring;
}

export type ReportContent = ProcessOptimizationContent | ApplicationEvaluationContent | AnnualContent;
