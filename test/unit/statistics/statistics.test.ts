import { satisfactionTrend, suggestionStatus, tally, timelinessByMonth } from '../../../libs/statistics/statistics.js';

describe('报表 figures', () => {
  it('timeliness: every month present, late = met late + still overdue, the rate over decided deadlines only', () => {
    const { months, totals } = timelinessByMonth([
      { key: 'draft', month: 3, onTime: 9, lateMet: 2, overdue: 1, pending: 4 },
      { key: 'final', month: 3, onTime: 5, lateMet: 0, overdue: 0, pending: 0 },
      { key: 'draft', month: 11, onTime: 1, lateMet: 0, overdue: 0, pending: 0 },
    ]);
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months[2]!.draft).toEqual({ onTime: 9, lateMet: 2, overdue: 1, late: 3, pending: 4, onTimeRate: 75 });
    expect(months[2]!.final.onTimeRate).toBe(100);
    expect(months[0]!.draft).toEqual({ onTime: 0, lateMet: 0, overdue: 0, late: 0, pending: 0, onTimeRate: null });
    // 10 of 13 decided drafts on time → 76.9%
    expect(totals.draft).toEqual({ onTime: 10, lateMet: 2, overdue: 1, late: 3, pending: 4, onTimeRate: 76.9 });
    expect(totals.final).toEqual(tally(5, 0, 0, 0));
  });

  it('suggestions: per department (most first) and together, with the implementation rate (R-16.2)', () => {
    const { byDepartment, totals } = suggestionStatus([
      { department: 'training', departmentName: '培训部', status: 'implemented', count: 1 },
      { department: 'publicity', departmentName: '宣传部', status: 'pending', count: 2 },
      { department: 'publicity', departmentName: '宣传部', status: 'implemented', count: 3 },
      { department: 'publicity', departmentName: '宣传部', status: 'rejected', count: 1 },
      { department: 'gone', departmentName: null, status: 'in_progress', count: 1 },
    ]);
    expect(byDepartment.map((d) => [d.department, d.departmentName, d.total])).toEqual([
      ['publicity', '宣传部', 6],
      ['gone', 'gone', 1],
      ['training', '培训部', 1],
    ]);
    expect(byDepartment[0]).toMatchObject({ pending: 2, inProgress: 0, implemented: 3, rejected: 1, implementationRate: 50 });
    expect(totals).toEqual({ pending: 2, inProgress: 1, implemented: 4, rejected: 1, total: 8, implementationRate: 50 });
    expect(suggestionStatus([]).totals.implementationRate).toBeNull();
  });

  it('satisfaction: one series per type present, in the vocabulary’s order, quarters 1–4 with nulls where none', () => {
    const series = satisfactionTrend([
      { type: 'seminar', quarter: 2, summaries: 2, averageSatisfaction: 91.25, satisfiedResponses: 300, responses: 330 },
      { type: 'training', quarter: 4, summaries: 1, averageSatisfaction: 80, satisfiedResponses: 80, responses: 100 },
    ]);
    expect(series.map((s) => s.type)).toEqual(['training', 'seminar']);
    expect(series[1]!.quarters.map((q) => q.averageSatisfaction)).toEqual([null, 91.3, null, null]);
    expect(series[1]!.quarters[0]).toEqual({ quarter: 1, summaries: 0, averageSatisfaction: null, satisfiedResponses: 0, responses: 0 });
  });
});
