/**
 * GET /api/reports/statistics (issue 15 item 6): the 报表 figures of a year, read from the
 * projected lifecycles, the suggestions and the final versions. The fixture department's year
 * (support/statistics-fixture.ts) has figures worked out by hand; the database is shared, so the
 * assertions read that department's slice only.
 */
import { seedStatisticsFixture, type StatisticsFixture } from './support/statistics-fixture.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let fixture: StatisticsFixture;

beforeAll(async () => {
  stack = await startStack({}, { worker: false });
  fixture = await seedStatisticsFixture(stack.dataSource);
}, 120_000);
afterAll(async () => {
  await fixture?.drop();
  await stack?.stop();
});

const get = (who: string, query: string) => stack.as(who)('GET', `/api/reports/statistics?${query}`);
const zero = { onTime: 0, lateMet: 0, overdue: 0, late: 0, pending: 0, onTimeRate: null };

describe('GET /api/reports/statistics', () => {
  it('timeliness by the month (Asia/Shanghai) each draft and final deadline was due: on time, late, pending', async () => {
    const res = await get('management', `year=2026&department=${fixture.department}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, department: fixture.department, departmentName: fixture.departmentName });
    const months = res.body.timeliness.months as Array<{ month: number; draft: unknown; final: unknown }>;
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const at = (m: number) => months[m - 1]!;
    expect(at(1)).toEqual({ month: 1, draft: { ...zero, onTime: 1, onTimeRate: 100 }, final: { ...zero, onTime: 1, onTimeRate: 100 } });
    expect(at(2).final).toEqual({ ...zero, onTime: 1, onTimeRate: 100 });
    expect(at(3).final).toEqual({ ...zero, lateMet: 1, late: 1, onTimeRate: 0 });
    expect(at(5)).toEqual({ month: 5, draft: { ...zero, overdue: 1, late: 1, onTimeRate: 0 }, final: { ...zero, pending: 1 } });
    // Met exactly at the due instant is on time; the final due at 2027-01-01 00:00 Shanghai is next year's.
    expect(at(12)).toEqual({ month: 12, draft: { ...zero, onTime: 1, onTimeRate: 100 }, final: zero });
    expect(at(4)).toEqual({ month: 4, draft: zero, final: zero });
    expect(res.body.timeliness.totals).toEqual({
      draft: { onTime: 3, lateMet: 0, overdue: 1, late: 1, pending: 0, onTimeRate: 75 },
      final: { onTime: 3, lateMet: 1, overdue: 0, late: 1, pending: 1, onTimeRate: 75 },
    });
  });

  it('suggestions formed in the year by status, with the implementation rate; the whole association holds the same slice', async () => {
    const counts = { pending: 2, inProgress: 0, implemented: 1, rejected: 1, total: 4, implementationRate: 25 };
    const own = await get('management', `year=2026&department=${fixture.department}`);
    expect(own.body.suggestions).toEqual({
      byDepartment: [{ department: fixture.department, departmentName: fixture.departmentName, ...counts }],
      totals: counts,
    });
    const all = await get('supervisor', 'year=2026');
    expect(all.status).toBe(200);
    expect(all.body.department).toBeNull();
    expect(all.body.suggestions.byDepartment).toContainEqual({
      department: fixture.department,
      departmentName: fixture.departmentName,
      ...counts,
    });
    // The one formed 2025-12-31 23:00 Shanghai belongs to 2025.
    const earlier = await get('management', `year=2025&department=${fixture.department}`);
    expect(earlier.body.suggestions.totals).toMatchObject({ implemented: 1, total: 1, implementationRate: 100 });
  });

  it('average satisfaction of final versions per type and quarter of the end; earlier and unfinished versions do not count', async () => {
    const res = await get('vp', `year=2026&department=${fixture.department}`);
    const empty = (quarter: number) => ({ quarter, summaries: 0, averageSatisfaction: null, satisfiedResponses: 0, responses: 0 });
    expect(res.body.satisfaction).toEqual([
      {
        type: 'training',
        typeName: '行业培训',
        quarters: [
          empty(1),
          empty(2),
          empty(3),
          { quarter: 4, summaries: 1, averageSatisfaction: 80, satisfiedResponses: 80, responses: 100 },
        ],
      },
      {
        type: 'seminar',
        typeName: '学术研讨',
        // (90 + 95 + 70) / 3; the 50% first version and the unfinished May seminar (99%) are not in it.
        quarters: [
          { quarter: 1, summaries: 3, averageSatisfaction: 85, satisfiedResponses: 421, responses: 480 },
          empty(2),
          empty(3),
          empty(4),
        ],
      },
    ]);
    const none = await get('vp', `year=2025&department=${fixture.department}`);
    expect(none.body.satisfaction).toEqual([]);
  });

  it('a department head gets their own department whatever is asked for, and is refused another one by name', async () => {
    const own = await get('dept_head', 'year=2026');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ department: 'publicity', departmentName: '宣传部' });
    const other = await get('dept_head', `year=2026&department=${fixture.department}`);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN', messageZh: expect.any(String) });
  });

  it('refuses a year outside 2000–2100, a missing year and a malformed department with field messages', async () => {
    for (const query of ['year=1999', 'year=2026.5', '', 'year=2026&department=Bad-Code']) {
      const res = await get('management', query);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      expect(res.body.details[0]).toMatchObject({ field: expect.stringMatching(/^(year|department)$/), messageZh: expect.any(String) });
    }
  });
});
