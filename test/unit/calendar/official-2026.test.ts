import chineseDays from 'chinese-days';
import { createCalendar, detectOfficialYears, dueAfterWorkingDays, loadOfficialData } from '../../../libs/calendar/index.js';
import { at, datesBetween, endOfDayZ } from './support.js';

const cal = createCalendar();

/** SPEC §7 holidays, as blocks: English name, Chinese name, first day, last day. */
const HOLIDAY_BLOCKS: ReadonlyArray<[string, string, string, string]> = [
  ["New Year's Day", '元旦', '2026-01-01', '2026-01-03'],
  ['Spring Festival', '春节', '2026-02-15', '2026-02-23'],
  ['Tomb-sweeping Day', '清明', '2026-04-04', '2026-04-06'],
  ['Labour Day', '劳动节', '2026-05-01', '2026-05-05'],
  ['Dragon Boat Festival', '端午', '2026-06-19', '2026-06-21'],
  ['Mid-autumn Festival', '中秋', '2026-09-25', '2026-09-27'],
  ['National Day', '国庆节', '2026-10-01', '2026-10-07'],
];
/** SPEC §7 make-up working days with their ISO weekday (6 = Saturday, 7 = Sunday). */
const MAKEUP_DAYS: ReadonlyArray<[string, number]> = [
  ['2026-01-04', 7],
  ['2026-02-14', 6],
  ['2026-02-28', 6],
  ['2026-05-09', 6],
  ['2026-09-20', 7],
  ['2026-10-10', 6],
];
const ALL_HOLIDAYS = HOLIDAY_BLOCKS.flatMap(([, , from, to]) => datesBetween(from, to));
const ALL_MAKEUPS = MAKEUP_DAYS.map(([d]) => d);

describe('SPEC §7 official 2026 schedule (chinese-days)', () => {
  const boundaryDays = HOLIDAY_BLOCKS.flatMap(([name, nameZh, first, last]) => [
    [first, 'first', name, nameZh],
    [last, 'last', name, nameZh],
  ]);

  it.each(boundaryDays)('SPEC §7 %s (%s day of %s) is an official holiday', (date, _which, name, nameZh) => {
    expect(cal.explainDay(date)).toMatchObject({
      date,
      working: false,
      kind: 'holiday',
      source: 'official',
      provisional: false,
      name,
      nameZh,
    });
    expect(cal.isWorkingDay(date)).toBe(false);
  });

  it.each(MAKEUP_DAYS)('SPEC §7 %s (weekday %i) is an official make-up working day', (date, weekday) => {
    expect(cal.explainDay(date)).toMatchObject({
      date,
      weekday,
      working: true,
      kind: 'makeup_workday',
      source: 'official',
      provisional: false,
    });
    expect(cal.isWorkingDay(date)).toBe(true);
  });

  it('SPEC §7 the 2026 holidays and make-up days are exactly the listed ones, nothing else', () => {
    const days = cal.year(2026);
    expect(days).toHaveLength(365);
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual(ALL_HOLIDAYS);
    expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual(ALL_MAKEUPS);
    expect(days.every((d) => d.source === 'official' && !d.provisional)).toBe(true);
    // 261 weekdays − 19 holidays falling on weekdays + 6 make-up days
    expect(days.filter((d) => d.working)).toHaveLength(248);
  });

  it('SPEC §7 the raw chinese-days table for 2026 matches the vectors', () => {
    const data = loadOfficialData();
    const in2026 = (rec: Record<string, unknown>): string[] =>
      Object.keys(rec)
        .filter((d) => d.startsWith('2026-'))
        .sort();
    expect(in2026(data.holidays)).toEqual(ALL_HOLIDAYS);
    expect(in2026(data.workdays)).toEqual(ALL_MAKEUPS);
  });

  it('SPEC §7 records which years are official: 2004–2026 in chinese-days 1.5.7 (update when upgrading)', () => {
    expect(cal.officialSource).toBe('chinese-days@1.5.7');
    expect(cal.officialYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(loadOfficialData().years).toEqual(cal.officialYears());
    expect(cal.isOfficialYear(2026)).toBe(true);
    expect(cal.isOfficialYear(2027)).toBe(false);
    expect(cal.supportedRange).toEqual({ from: 2004, to: 2099 });
  });

  it('SPEC §7 official years are detected from the table: both Spring Festival and National Day inside the year', () => {
    const table = {
      holidays: {
        '2030-02-03': 'Spring Festival,春节,4',
        '2030-10-01': 'National Day,国庆节,3',
        '2031-01-01': "New Year's Day,元旦,1", // a stray entry of a neighbouring notice
        '2032-02-11': 'Spring Festival,春节,4', // half a year is not a published year
      },
      workdays: { '2031-01-04': "New Year's Day,元旦,1" },
    };
    expect(detectOfficialYears(table)).toEqual([2030]);
  });

  it('SPEC §7 chinese-days alone would call 2027-01-01 a working day; the calendar does not trust it', () => {
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.explainDay('2027-01-01')).toMatchObject({ kind: 'holiday', source: 'provisional', provisional: true });
  });
});

describe('SPEC §3 deadlines over the 2026 holidays', () => {
  // [rule, activity end / anchor day (Asia/Shanghai), working days, due date]
  const VECTORS: ReadonlyArray<[string, string, number, string]> = [
    ['R-7.1 base data', '2026-09-30', 1, '2026-10-08'],
    ['R-7.1 base data', '2026-09-30', 2, '2026-10-09'],
    ['R-7.2 draft', '2026-09-30', 7, '2026-10-15'],
    ['R-7.3 final', '2026-09-30', 10, '2026-10-20'],
    ['R-7.1 base data', '2025-12-31', 2, '2026-01-05'],
    ['R-7.1 base data', '2026-02-13', 2, '2026-02-24'],
    ['R-10.1 revision', '2026-02-12', 3, '2026-02-24'],
    ['R-12.3 archive', '2026-04-02', 2, '2026-04-07'],
    ['R-7.1 base data', '2026-04-30', 2, '2026-05-07'],
    ['R-7.2 draft', '2026-04-30', 5, '2026-05-11'],
    ['R-10.1 revision', '2026-06-18', 1, '2026-06-22'],
    ['R-10.1 revision', '2026-09-24', 1, '2026-09-28'],
    ['R-10.1 revision', '2026-09-18', 1, '2026-09-20'],
    ['R-12.3 archive', '2026-10-03', 1, '2026-10-08'],
  ];

  it('R-7.1 base data due end of 2026-10-09 for an activity ending 2026-09-30', () => {
    const due = dueAfterWorkingDays(cal, at('2026-09-30', '18:00'), 2);
    expect(due).toEqual({ dueAt: new Date('2026-10-09T15:59:59.000Z'), dueDate: '2026-10-09', provisional: false });
  });

  it.each(VECTORS)('%s: from %s + %i working days → end of %s', (_rule, from, n, dueDate) => {
    const due = dueAfterWorkingDays(cal, at(from, '17:30'), n);
    expect(due.dueDate).toBe(dueDate);
    expect(due.dueAt.toISOString()).toBe(endOfDayZ(dueDate));
    expect(due.provisional).toBe(false);
  });
});

describe('SPEC §7 crossing from official 2026 into provisional 2027', () => {
  it.each([
    // [from, n, due, provisional]
    ['2026-12-30', 1, '2026-12-31', false],
    ['2026-12-30', 2, '2027-01-04', true],
    ['2026-12-31', 1, '2027-01-04', true],
    ['2026-12-25', 4, '2026-12-31', false],
    ['2026-12-25', 5, '2027-01-04', true],
    ['2027-01-01', 1, '2027-01-04', true],
    ['2027-02-04', 2, '2027-02-10', true],
  ] as const)('SPEC §7 from %s + %i working days → %s, provisional %s', (from, n, dueDate, provisional) => {
    expect(dueAfterWorkingDays(cal, at(from), n)).toEqual({
      dueAt: new Date(endOfDayZ(dueDate)),
      dueDate,
      provisional,
    });
  });
});
