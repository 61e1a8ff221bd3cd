import {
  mediaExposureTotal,
  mediaReportCount,
  participantTotal,
  participationRate,
  percentage,
  questionnaireReturnRate,
  satisfactionRate,
  statedRateMatches,
  summaryRates,
} from '../../../libs/summary/metrics.js';
import { exampleSummary } from '../../../libs/summary/example.js';

describe('summary metrics', () => {
  it.each([
    ['R-9.2 发放问卷200份,回收184份 → 92%', () => questionnaireReturnRate({ issued: 200, returned: 184 }), 92],
    ['R-9.2 participation 386 of 420 planned → 91.9%', () => participationRate({ planned: 420, actual: 386 }), 91.9],
    ['R-9.2 participation above plan, 460 of 420 → 109.5%', () => participationRate({ planned: 420, actual: 460 }), 109.5],
    [
      'R-9.2 satisfaction (121 满意 + 47 较满意) / 184 → 91.3%',
      () => satisfactionRate({ responses: 184, satisfied: 121, fairlySatisfied: 47 }),
      91.3,
    ],
    ['R-9.2 rounds half up to one decimal: 1/16 → 6.3%', () => percentage(1, 16), 6.3],
    ['R-9.2 rounds to one decimal: 2/3 → 66.7%', () => percentage(2, 3), 66.7],
    ['R-9.2 1/8 → 12.5% exactly', () => percentage(1, 8), 12.5],
  ])('%s', (_title, compute, expected) => {
    expect(compute()).toBe(expected);
  });

  it.each([
    [0, 0],
    [5, 0],
    [-1, 10],
    [Number.NaN, 10],
  ])('R-9.2 %d / %d has no rate (null): nothing to divide by', (numerator, denominator) => {
    expect(percentage(numerator, denominator)).toBeNull();
  });

  it.each([
    [92, 92, true],
    [92.5, 92, true],
    [91.5, 92, true],
    [92.6, 92, false],
    [91.4, 92, false],
    [95, 92, false],
  ])('R-9.2 stated %d%% against computed %d%% → accepted %s (±0.5 points, inclusive)', (stated, computed, ok) => {
    expect(statedRateMatches(stated, computed)).toBe(ok);
  });

  it('R-9.2 a stated 95% for 200/184 is refused', () => {
    expect(statedRateMatches(95, questionnaireReturnRate({ issued: 200, returned: 184 })!)).toBe(false);
  });

  it('R-14.3 media exposure is reach (plays + reads); report counts are kept apart', () => {
    const m = { tvReports: 2, webReports: 18, shortVideoPlays: 412_000, topicReads: 1_580_000 };
    expect(mediaExposureTotal(m)).toBe(1_992_000);
    expect(mediaReportCount(m)).toBe(20);
  });

  it('R-9.1 participant total counts members, guests and audience, online and offline', () => {
    expect(participantTotal(exampleSummary().overview.participation)).toBe(386);
  });

  it("R-9.2 the example's rates are the ones it states", () => {
    const q = exampleSummary().effectiveness.quantitative;
    expect(summaryRates(q)).toEqual({
      participation: 91.9,
      satisfaction: 91.3,
      questionnaireReturn: 92,
      mediaExposure: 1_992_000,
      mediaReports: 20,
    });
    expect([q.participation.statedRate, q.satisfaction.statedRate, q.questionnaire.statedRate]).toEqual([91.9, 91.3, 92]);
  });
});
