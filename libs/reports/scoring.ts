/**
 * R-18 annual department score and R-19 先进单位 / reward candidates: pure arithmetic from what was
 * recorded per activity (libs/reports/score-inputs.ts reads it). No I/O; the annual report and
 * `GET /api/reports/department-scores` both call `annualScoring`.
 *
 * Each dimension starts at its weight; its deductions come off first and the result never goes
 * below 0; its bonuses are added after that floor. So a bonus does lift a dimension that deductions
 * took to 0, and application may exceed its 20 — "bonuses may lift the total above 100" (SPEC R-18).
 * Every deduction and bonus names the activity and the rule, and each dimension carries its
 * arithmetic as text (`30 − 5×2 − 10×1 = 10`): the score explains itself.
 */

export const WEIGHTS = { timeliness: 30, quality: 50, application: 20 } as const;
export type Dimension = keyof typeof WEIGHTS;
export const DIMENSIONS = Object.keys(WEIGHTS) as Dimension[];

/** R-18 points, as the SPEC states them. */
export const POINTS = {
  lateDraft: 5,
  lateFinal: 10,
  returned: 3,
  falsified: 10,
  lowImplementation: 5,
  trainingMaterial: 5,
  commended: 10,
} as const;
export type ScoreRule = keyof typeof POINTS;

/** R-18 application: −5 when the department implemented fewer than this share of its suggestions (%). */
export const IMPLEMENTATION_RATE_MIN = 60;
/** R-19: how many departments are 活动管理先进单位. */
export const ADVANCED_UNITS = 2;

/** R-14.3 training material: satisfaction above 90 % or media exposure of at least 1,000,000. */
export const TRAINING_SATISFACTION_ABOVE = 90;
export const TRAINING_MEDIA_EXPOSURE_MIN = 1_000_000;

/**
 * R-14.3 on the final version's SummaryRates (libs/summary/metrics.ts: satisfaction in percent,
 * one decimal, null without responses; mediaExposure = plays + reads). A summary flagged falsified
 * is never chosen: its figures are the ones in doubt.
 */
export function isTrainingMaterial(metrics: { satisfaction: number | null; mediaExposure: number } | null, falsified: boolean): boolean {
  if (!metrics || falsified) return false;
  return (metrics.satisfaction ?? 0) > TRAINING_SATISFACTION_ABOVE || metrics.mediaExposure >= TRAINING_MEDIA_EXPOSURE_MIN;
}

const RULE: Record<ScoreRule, { dimension: Dimension; reason: string; reasonZh: string }> = {
  lateDraft: { dimension: 'timeliness', reason: 'Draft submitted late (R-7.2)', reasonZh: '初稿逾期提交(R-7.2)' },
  lateFinal: { dimension: 'timeliness', reason: 'Final version formed late (R-7.3)', reasonZh: '终稿逾期形成(R-7.3)' },
  returned: { dimension: 'quality', reason: 'Summary returned for revision at least once (R-8)', reasonZh: '总结至少被退回修改一次(R-8)' },
  falsified: { dimension: 'quality', reason: 'Summary flagged as falsified (通报)', reasonZh: '总结被通报弄虚作假' },
  lowImplementation: {
    dimension: 'application',
    reason: `Suggestion implementation rate below ${IMPLEMENTATION_RATE_MIN}% (R-16.2)`,
    reasonZh: `改进建议落实率低于 ${IMPLEMENTATION_RATE_MIN}%(R-16.2)`,
  },
  trainingMaterial: {
    dimension: 'application',
    reason: 'Summary chosen as training material (R-14.3)',
    reasonZh: '总结入选培训教材(R-14.3)',
  },
  commended: { dimension: 'application', reason: 'Summary commended by the authorities', reasonZh: '总结获主管部门表扬' },
};

/** What the scoring needs of one activity of the year (its lead department scores it). */
export interface ActivityScoreInput {
  activityId: string;
  activityName: string;
  department: string;
  /** The `draft` deadline went overdue (see the migration 1764190001620 for "late"). */
  lateDraft: boolean;
  lateFinal: boolean;
  /** Returned by a reviewer at least once (revisionCount > 0). */
  returned: boolean;
  /** Current 通报 flag (latest score_flags row). */
  falsified: boolean;
  /** Current commendation flag. */
  commended: boolean;
  /** R-14.3 by isTrainingMaterial on the final version; false before there is one. */
  trainingMaterial: boolean;
  /** Who compiled the final version (summary_versions.created_by), when there is one. */
  compiler: { userId: string; displayName: string | null } | null;
}

/** A department, how many activities of the year it led, its suggestions of the year (responsible, finalized in the year). */
export interface DepartmentInput {
  department: string;
  departmentName: string;
  /** All its activities of the year; the activity inputs need only hold those with something to score. */
  activityCount: number;
  suggestions: { implemented: number; total: number };
}

export interface ScoreItem {
  /** Null for a department-wide item (the implementation rate). */
  activityId: string | null;
  activityName: string | null;
  dimension: Dimension;
  rule: ScoreRule;
  reason: string;
  reasonZh: string;
  /** Signed: a deduction is negative (−5), a bonus positive (+5). */
  points: number;
}

export interface DimensionScore {
  weight: number;
  /** Points the deductions ask for (positive), before the floor at 0. */
  deducted: number;
  bonus: number;
  score: number;
  /** The arithmetic, e.g. `30 − 5×2 − 10×1 = 10`, `20 − 5 → 0 + 5×1 = 5`. */
  arithmetic: string;
}

export interface DepartmentScore {
  department: string;
  departmentName: string;
  /** Activities of the year the department led. */
  activityCount: number;
  timeliness: number;
  quality: number;
  application: number;
  total: number;
  dimensions: Record<Dimension, DimensionScore>;
  /** Implemented ÷ all of the department's suggestions of the year, percent with one decimal; null when it had none. */
  implementationRate: number | null;
  suggestions: { implemented: number; total: number };
  deductions: ScoreItem[];
  bonuses: ScoreItem[];
}

export interface RewardCandidate {
  activityId: string;
  activityName: string;
  department: string;
  departmentName: string;
  compilerId: string;
  compilerName: string | null;
  /** Why the summary is excellent: `trainingMaterial`, `commended`, or both. */
  grounds: Array<'trainingMaterial' | 'commended'>;
}

export interface AnnualScoring {
  items: DepartmentScore[];
  /** R-19 活动管理先进单位: the top ADVANCED_UNITS departments, see `advancedUnits`. */
  advanced: DepartmentScore[];
  rewardCandidates: RewardCandidate[];
}

/** Percent with one decimal, as libs/summary/metrics.ts rounds rates; null without suggestions. */
export function implementationRate(s: { implemented: number; total: number }): number | null {
  return s.total > 0 ? Math.round((s.implemented * 1000) / s.total) / 10 : null;
}

/**
 * Scores every department of `departments` (a department without activities in the year keeps its
 * full weights, 30 + 50 + 20 = 100, less −5 if its suggestions fell short), plus any lead department
 * an activity names that is not registered (then its name is its code and its count that of the
 * inputs given). Sorted by total, best first
 * (ties as in `advancedUnits`).
 */
export function scoreDepartments(departments: readonly DepartmentInput[], activities: readonly ActivityScoreInput[]): DepartmentScore[] {
  const byDept = new Map<string, ActivityScoreInput[]>();
  for (const a of activities) {
    const list = byDept.get(a.department);
    if (list) list.push(a);
    else byDept.set(a.department, [a]);
  }
  const known = new Map(departments.map((d) => [d.department, d]));
  for (const code of byDept.keys()) {
    const activityCount = byDept.get(code)!.length;
    if (!known.has(code))
      known.set(code, { department: code, departmentName: code, activityCount, suggestions: { implemented: 0, total: 0 } });
  }
  return rank([...known.values()].map((d) => scoreDepartment(d, byDept.get(d.department) ?? [])));
}

function scoreDepartment(d: DepartmentInput, activities: readonly ActivityScoreInput[]): DepartmentScore {
  const items: ScoreItem[] = [];
  const add = (rule: ScoreRule, a: ActivityScoreInput | null, reason?: { reason: string; reasonZh: string }) => {
    const r = RULE[rule];
    const deduction = r.dimension !== 'application' || rule === 'lowImplementation';
    items.push({
      activityId: a?.activityId ?? null,
      activityName: a?.activityName ?? null,
      dimension: r.dimension,
      rule,
      reason: reason?.reason ?? r.reason,
      reasonZh: reason?.reasonZh ?? r.reasonZh,
      points: deduction ? -POINTS[rule] : POINTS[rule],
    });
  };
  for (const a of activities) {
    if (a.lateDraft) add('lateDraft', a);
    if (a.lateFinal) add('lateFinal', a);
    if (a.returned) add('returned', a);
    if (a.falsified) add('falsified', a);
    if (a.trainingMaterial) add('trainingMaterial', a);
    if (a.commended) add('commended', a);
  }
  const rate = implementationRate(d.suggestions);
  if (rate !== null && rate < IMPLEMENTATION_RATE_MIN) {
    const { implemented, total } = d.suggestions;
    add('lowImplementation', null, {
      reason: `${RULE.lowImplementation.reason}: ${implemented} of ${total} implemented (${rate}%)`,
      reasonZh: `${RULE.lowImplementation.reasonZh}:${total} 条中落实 ${implemented} 条(${rate}%)`,
    });
  }
  const dimensions = Object.fromEntries(DIMENSIONS.map((dim) => [dim, dimensionScore(dim, items)])) as Record<Dimension, DimensionScore>;
  const { timeliness, quality, application } = dimensions;
  return {
    department: d.department,
    departmentName: d.departmentName,
    activityCount: d.activityCount,
    timeliness: timeliness.score,
    quality: quality.score,
    application: application.score,
    total: timeliness.score + quality.score + application.score,
    dimensions,
    implementationRate: rate,
    suggestions: { ...d.suggestions },
    deductions: items.filter((i) => i.points < 0),
    bonuses: items.filter((i) => i.points > 0),
  };
}

/** Weight − deductions, floored at 0, + bonuses; the arithmetic groups equal points (`5×2`), smallest first. */
function dimensionScore(dim: Dimension, items: readonly ScoreItem[]): DimensionScore {
  const weight = WEIGHTS[dim];
  const mine = items.filter((i) => i.dimension === dim);
  const deducted = mine.filter((i) => i.points < 0).reduce((s, i) => s - i.points, 0);
  const bonus = mine.filter((i) => i.points > 0).reduce((s, i) => s + i.points, 0);
  const floored = Math.max(0, weight - deducted);
  const score = floored + bonus;
  const terms = (sign: '−' | '+', ps: number[]) =>
    [...new Set(ps)]
      .sort((x, y) => x - y)
      .map((p) => {
        const n = ps.filter((x) => x === p).length;
        return ` ${sign} ${p}${n > 1 ? `×${n}` : ''}`;
      });
  const minus = terms(
    '−',
    mine.filter((i) => i.points < 0).map((i) => -i.points),
  ).join('');
  const plus = terms(
    '+',
    mine.filter((i) => i.points > 0).map((i) => i.points),
  ).join('');
  const floorNote = weight - deducted < 0 ? ` → 0` : '';
  return { weight, deducted, bonus, score, arithmetic: `${weight}${minus}${floorNote}${plus} = ${score}` };
}

/**
 * Best first: higher total; on a tie fewer deduction points (the cleaner record); then more
 * activities led; then the department code, so the order — and so 先进单位 — is always the same.
 */
function rank(scores: DepartmentScore[]): DepartmentScore[] {
  const deducted = (s: DepartmentScore) => -s.deductions.reduce((t, d) => t + d.points, 0);
  return scores.sort(
    (a, b) => b.total - a.total || deducted(a) - deducted(b) || b.activityCount - a.activityCount || cmp(a.department, b.department),
  );
}

/** Code-point order: the same everywhere, whatever the locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * R-19 活动管理先进单位: the first two of the ranking (`rank`'s tie-break) among departments that led
 * at least one activity in the year — a department with nothing to manage keeps full marks but wins
 * no award for managing.
 */
export function advancedUnits(ranked: readonly DepartmentScore[]): DepartmentScore[] {
  return ranked.filter((s) => s.activityCount > 0).slice(0, ADVANCED_UNITS);
}

/**
 * R-19 reward candidates: the compilers of excellent summaries. A summary is excellent when it was
 * chosen as training material (R-14.3) or commended by the authorities, was never returned for
 * revision and is not flagged falsified; its compiler is who compiled the final version. One entry
 * per summary (a compiler of two is listed twice: management sets each amount, 500–2000 yuan).
 */
export function rewardCandidates(activities: readonly ActivityScoreInput[], departmentName: (code: string) => string): RewardCandidate[] {
  return activities
    .filter((a) => (a.trainingMaterial || a.commended) && !a.returned && !a.falsified && a.compiler)
    .map((a) => ({
      activityId: a.activityId,
      activityName: a.activityName,
      department: a.department,
      departmentName: departmentName(a.department),
      compilerId: a.compiler!.userId,
      compilerName: a.compiler!.displayName,
      grounds: [...(a.trainingMaterial ? (['trainingMaterial'] as const) : []), ...(a.commended ? (['commended'] as const) : [])],
    }))
    .sort((x, y) => cmp(x.department, y.department) || cmp(x.activityName, y.activityName) || cmp(x.activityId, y.activityId));
}

/** The whole R-18 / R-19 result of a year from its inputs. */
export function annualScoring(departments: readonly DepartmentInput[], activities: readonly ActivityScoreInput[]): AnnualScoring {
  const items = scoreDepartments(departments, activities);
  const names = new Map(items.map((i) => [i.department, i.departmentName]));
  return { items, advanced: advancedUnits(items), rewardCandidates: rewardCandidates(activities, (c) => names.get(c) ?? c) };
}
