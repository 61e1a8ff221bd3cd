/** Issue 15 report periods (Asia/Shanghai) and the pure report rules: grouping, rates, trend, cases, training material. */
import { lastCompletePeriod, periodContaining, periodHasEnded, periodRange } from '../../../libs/domain/report-period.js';
import {
  groupByDepartment,
  implementationOf,
  qualityTrend,
  trainingMaterial,
  typicalCases,
  type FinalActivity,
  type SuggestionRow,
} from '../../../libs/reports/content.js';

describe('report periods', () => {
  it.each([
    ['process-optimization', '2026-Q3', '2026-06-30T16:00:00.000Z', '2026-09-30T16:00:00.000Z', '2026年第三季度'],
    ['process-optimization', '2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z', '2026年第四季度'],
    ['application-evaluation', '2026-H1', '2025-12-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z', '2026年上半年'],
    ['annual', '2026', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z', '2026年度'],
  ] as const)('%s %s runs from 00:00 Asia/Shanghai of its first day', (kind, period, start, end, labelZh) => {
    expect(periodRange(kind, period)).toMatchObject({ start, end, labelZh });
  });

  it.each([
    ['process-optimization', '2026-Q5'],
    ['process-optimization', '2026'],
    ['application-evaluation', '2026-Q1'],
    ['annual', '1999'],
    ['annual', '2026-H1'],
  ] as const)('%s %s is no period of the kind', (kind, period) => {
    expect(periodRange(kind, period)).toBeNull();
  });

  it('a schedule firing at 00:30 on 1 October (Asia/Shanghai) reports Q3; the evening before in UTC is already October there', () => {
    const firing = new Date('2026-09-30T16:30:00Z');
    expect(lastCompletePeriod('process-optimization', firing)).toBe('2026-Q3');
    expect(lastCompletePeriod('application-evaluation', new Date('2027-01-01T00:30:00+08:00'))).toBe('2026-H2');
    expect(lastCompletePeriod('annual', new Date('2027-01-01T00:30:00+08:00'))).toBe('2026');
    expect(periodContaining('process-optimization', new Date('2026-09-30T15:59:59Z'))).toBe('2026-Q3');
    expect(periodHasEnded(periodRange('process-optimization', '2026-Q3')!, new Date('2026-09-30T15:59:59Z'))).toBe(false);
    expect(periodHasEnded(periodRange('process-optimization', '2026-Q3')!, new Date('2026-09-30T16:00:00Z'))).toBe(true);
  });
});

const row = (over: Partial<SuggestionRow>): SuggestionRow => ({
  suggestionId: 's',
  activityId: 'a',
  activityName: '活动',
  position: 0,
  measure: '措施',
  responsibleDepartment: 'publicity',
  cooperatingDepartments: [],
  dueDate: '2026-10-01',
  finalizedOn: '2026-08-01',
  finalizedAt: '2026-08-01T00:00:00.000Z',
  status: 'pending',
  statusReason: null,
  ...over,
});

const final = (over: Partial<FinalActivity>): FinalActivity => ({
  activityId: 'x',
  name: '活动',
  type: 'seminar',
  typeZh: '学术研讨',
  department: 'publicity',
  departmentZh: '宣传部',
  endAt: '2026-03-01T00:00:00.000Z',
  endDate: '2026-03-01',
  isMajor: false,
  satisfaction: 80,
  mediaExposure: 0,
  mediaReports: 0,
  participation: null,
  background: '',
  socialValue: '',
  ...over,
});

describe('report rules', () => {
  it('R-14.2 groups by department in code order, whatever order the rows come in', () => {
    const rows = [
      row({ suggestionId: '3', responsibleDepartment: 'training', status: 'implemented' }),
      row({ suggestionId: '2', position: 1, status: 'rejected', statusReason: '不适用' }),
      row({ suggestionId: '1', position: 0 }),
    ];
    const groups = groupByDepartment(rows, (c) => ({ publicity: '宣传部', training: '培训部' })[c] ?? c);
    expect(groups.map((g) => [g.departmentZh, g.items.map((i) => i.suggestionId), g.counts.total])).toEqual([
      ['宣传部', ['1', '2'], 2],
      ['培训部', ['3'], 1],
    ]);
    expect(groupByDepartment([...rows].reverse(), (c) => c).map((g) => g.items.map((i) => i.suggestionId))).toEqual([['1', '2'], ['3']]);
  });

  it('R-16.2 implementation rate = implemented ÷ all (rejected included), one decimal; none → null', () => {
    const rows = [row({ status: 'implemented' }), row({ status: 'rejected' }), row({ status: 'pending' })];
    expect(implementationOf(rows, (c) => c)).toMatchObject({ total: 3, implemented: 1, rate: 33.3 });
    expect(implementationOf([], (c) => c)).toMatchObject({ total: 0, rate: null, byDepartment: [] });
  });

  it('R-16.2 trend: up, down, flat within ±0.5 points, no baseline, no data', () => {
    const current = [
      final({ activityId: '1', type: 'seminar', satisfaction: 90 }),
      final({ activityId: '2', type: 'training', satisfaction: 80 }),
      final({ activityId: '3', type: 'screening', satisfaction: 85.4 }),
      final({ activityId: '4', type: 'competition', satisfaction: 70 }),
      final({ activityId: '5', type: 'other', satisfaction: null }),
    ];
    const earlier = [
      { type: 'seminar', count: 2, sum: 170 },
      { type: 'training', count: 1, sum: 85 },
      { type: 'screening', count: 1, sum: 85 },
      { type: 'other', count: 1, sum: 80 },
    ];
    const trend = qualityTrend(current, earlier, (t) => t);
    expect(Object.fromEntries(trend.byType.map((t) => [t.type, [t.trend, t.deltaPoints]]))).toEqual({
      competition: ['no_baseline', null],
      other: ['no_data', null],
      screening: ['flat', 0.4],
      seminar: ['up', 5],
      training: ['down', -5],
    });
  });

  it('R-14.1 at most 5 cases, at most 2 per type, topped up to 3 ignoring the type limit', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      final({ activityId: `a${i}`, type: i < 4 ? 'seminar' : 'training', satisfaction: 99 - i }),
    );
    expect(typicalCases(many).items.map((c) => c.activityId)).toEqual(['a0', 'a1', 'a4', 'a5']);
    const oneType = Array.from({ length: 4 }, (_, i) => final({ activityId: `b${i}`, satisfaction: 90 - i }));
    expect(typicalCases(oneType).items.map((c) => c.activityId)).toEqual(['b0', 'b1', 'b2']);
    expect(typicalCases([final({})]).note).toContain('不足 3 项');
  });

  it('R-14.3 satisfaction strictly above 90 %, or media exposure of at least 1,000,000', () => {
    const list = [
      final({ activityId: 'a', satisfaction: 90 }),
      final({ activityId: 'b', satisfaction: 90.1 }),
      final({ activityId: 'c', satisfaction: null, mediaExposure: 1_000_000 }),
      final({ activityId: 'd', satisfaction: 50, mediaExposure: 999_999 }),
    ];
    expect(trainingMaterial(list).items.map((i) => i.activityId)).toEqual(['b', 'c']);
  });
});
