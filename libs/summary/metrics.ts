/**
 * Rates of the effectiveness module, computed from their source numbers (art. 5.3, R-9.2).
 * Percentages rounded half-up to one decimal; `null` when there is nothing to divide by, so a
 * caller can never show a rate that has no source.
 */
import type {
  MediaExposure,
  Participation,
  ParticipationFigures,
  Quantitative,
  QuestionnaireFigures,
  SatisfactionFigures,
} from './document.js';

/** A stated rate may differ from the computed one by at most this many percentage points. */
export const RATE_TOLERANCE_POINTS = 0.5;

/**
 * numerator / denominator × 100, one decimal. For integer counts `numerator * 1000` is exact
 * and the division correctly rounded, so x.x5 boundaries round the way a person expects.
 */
export function percentage(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || numerator < 0 || denominator <= 0) return null;
  return Math.round((numerator * 1000) / denominator) / 10;
}

/** 参与率 = actual / planned; may exceed 100. */
export function participationRate(p: Pick<ParticipationFigures, 'planned' | 'actual'>): number | null {
  return percentage(p.actual, p.planned);
}

/** 满意度 = ("满意" + "较满意") / responses. */
export function satisfactionRate(s: Pick<SatisfactionFigures, 'responses' | 'satisfied' | 'fairlySatisfied'>): number | null {
  return percentage(s.satisfied + s.fairlySatisfied, s.responses);
}

/** 问卷回收率 = returned / issued, e.g. 200 issued, 184 returned → 92. */
export function questionnaireReturnRate(q: Pick<QuestionnaireFigures, 'issued' | 'returned'>): number | null {
  return percentage(q.returned, q.issued);
}

/** Inclusive: 92.5 is accepted for a computed 92.0. The epsilon absorbs binary fractions. */
export function statedRateMatches(stated: number, computed: number): boolean {
  return Number.isFinite(stated) && Math.abs(stated - computed) <= RATE_TOLERANCE_POINTS + 1e-9;
}

/**
 * 媒体曝光量 as reach: short-video plays + topic reads. Report counts are articles, not views,
 * so they are counted separately (mediaReportCount) instead of being added to views.
 */
export function mediaExposureTotal(m: MediaExposure): number {
  return m.shortVideoPlays + m.topicReads;
}

/** 电视/网络平台报道条数 */
export function mediaReportCount(m: MediaExposure): number {
  return m.tvReports + m.webReports;
}

/** Everyone counted in the overview: members, guests and audience, online and offline. */
export function participantTotal(p: Pick<Participation, 'members' | 'guests' | 'audience'>): number {
  return [p.members, p.guests, p.audience].reduce((sum, c) => sum + c.online + c.offline, 0);
}

export interface SummaryRates {
  participation: number | null;
  satisfaction: number | null;
  questionnaireReturn: number | null;
  mediaExposure: number;
  mediaReports: number;
}

/** Every figure of the quantitative part, e.g. for reports and reviewers. */
export function summaryRates(q: Quantitative): SummaryRates {
  return {
    participation: participationRate(q.participation),
    satisfaction: satisfactionRate(q.satisfaction),
    questionnaireReturn: questionnaireReturnRate(q.questionnaire),
    mediaExposure: mediaExposureTotal(q.mediaExposure),
    mediaReports: mediaReportCount(q.mediaExposure),
  };
}
