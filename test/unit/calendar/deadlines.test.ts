import {
  addCalendarMonths,
  addCalendarYears,
  buildCalendar,
  CalendarInputError,
  createCalendar,
  dueAfterWorkingDays,
  loadOfficialData,
  nextWorkingDay,
  parseInstant,
  parseIsoDate,
  previousWorkingDay,
  recomputeDue,
  shanghaiDate,
  workingDaysBetween,
  type DeadlineAnchor,
  type OfficialData,
} from '../../../libs/calendar/index.js';
import { at, datesBetween, endOfDayZ } from './support.js';

const cal = createCalendar();

describe('SPEC §3 "within N working days after X"', () => {
  it.each([
    ['2026-09-30T00:00:00+08:00'],
    ['2026-09-30T23:59:59+08:00'],
    ['2026-09-29T16:00:00Z'], // = 2026-09-30 00:00 in Shanghai, still Sep 29 in UTC
    ['2026-09-30T15:59:59.999Z'],
  ])('SPEC §3 X at %s: X’s own calendar day never counts, the time of day is irrelevant (R-7.1 → 2026-10-09)', (x) => {
    expect(dueAfterWorkingDays(cal, new Date(x), 2).dueDate).toBe('2026-10-09');
  });

  it.each([
    // X (UTC instant), Shanghai day of X, due for n = 1
    ['2026-01-04T15:59:59Z', '2026-01-04', '2026-01-05'],
    ['2026-01-04T16:00:00Z', '2026-01-05', '2026-01-06'],
  ])('SPEC §3 the calendar day of X is taken in Asia/Shanghai: %s is %s, 1 working day later is %s', (x, day, due) => {
    expect(shanghaiDate(new Date(x))).toBe(day);
    expect(dueAfterWorkingDays(cal, new Date(x), 1).dueDate).toBe(due);
  });

  it('SPEC §3 the deadline is 23:59:59 Asia/Shanghai of the due date, i.e. 15:59:59Z', () => {
    const { dueAt } = dueAfterWorkingDays(cal, at('2026-03-02'), 1);
    expect(dueAt.toISOString()).toBe('2026-03-03T15:59:59.000Z');
  });

  it('SPEC §3 X on a non-working day: counting starts on the next day anyway (R-12.3 from Sat 2026-10-03)', () => {
    expect(dueAfterWorkingDays(cal, at('2026-10-03'), 1).dueDate).toBe('2026-10-08');
    expect(dueAfterWorkingDays(cal, at('2026-10-10'), 1).dueDate).toBe('2026-10-12'); // X on a make-up Saturday
  });

  it('SPEC §3 n = 0 is the end of X’s own day, not provisional', () => {
    expect(dueAfterWorkingDays(cal, at('2027-01-01'), 0)).toEqual({
      dueAt: new Date(endOfDayZ('2027-01-01')),
      dueDate: '2027-01-01',
      provisional: false,
    });
  });
});

describe('calendar-month and calendar-year offsets', () => {
  it.each([
    ['2026-10-20', 1, '2026-11-20'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-05-09', 0, '2026-05-09'],
  ])('R-16.1 feedback: %s + %i calendar month(s) → end of %s (month-end clamped)', (from, n, due) => {
    expect(addCalendarMonths(at(from, '09:00'), n)).toEqual({ dueAt: new Date(endOfDayZ(due)), dueDate: due, provisional: false });
  });

  it('R-16.1 the month offset counts from the Shanghai date of the instant', () => {
    expect(addCalendarMonths(new Date('2026-01-31T16:30:00Z'), 1).dueDate).toBe('2026-03-01'); // Feb 1 in Shanghai
  });

  it.each([
    ['2026-10-20', 3, '2029-10-20'],
    ['2028-02-29', 3, '2031-02-28'],
    ['2028-02-29', 4, '2032-02-29'],
  ])('R-13.1 retention: %s + %i years → end of %s (Feb 29 clamped), never provisional', (from, n, due) => {
    expect(addCalendarYears(at(from), n)).toEqual({ dueAt: new Date(endOfDayZ(due)), dueDate: due, provisional: false });
  });
});

describe('working days between, next and previous working day', () => {
  it.each([
    ['2026-09-30', '2026-10-09', 2, false],
    ['2026-10-09', '2026-09-30', -2, false],
    ['2026-09-30', '2026-09-30', 0, false],
    ['2026-10-01', '2026-10-07', 0, false],
    ['2026-02-13', '2026-02-28', 6, false], // Feb 14 (make-up), Feb 24–27, Feb 28 (make-up)
    ['2026-12-30', '2027-01-04', 2, true],
  ] as const)('SPEC §3 working days after %s up to %s: %i (provisional %s)', (a, b, days, provisional) => {
    expect(workingDaysBetween(cal, at(a, '08:00'), at(b, '22:00'))).toEqual({ days, provisional });
  });

  it('SPEC §3 workingDaysBetween(X, due(X, n)) = n', () => {
    for (const n of [1, 2, 3, 7, 10, 30]) {
      const x = at('2026-09-18');
      expect(workingDaysBetween(cal, x, dueAfterWorkingDays(cal, x, n).dueAt).days).toBe(n);
    }
  });

  it.each([
    ['2026-09-30', '2026-10-08', false],
    ['2026-02-13', '2026-02-14', false],
    ['2026-09-19', '2026-09-20', false],
    ['2026-12-31', '2027-01-04', true],
  ] as const)('SPEC §3 next working day after %s is %s (provisional %s)', (date, next, provisional) => {
    expect(nextWorkingDay(cal, date)).toEqual({ date: next, provisional });
  });

  it.each([
    ['2026-10-08', '2026-09-30', false],
    ['2026-01-05', '2026-01-04', false],
    ['2026-02-24', '2026-02-14', false],
    ['2027-01-04', '2026-12-31', true], // depends on 2027-01-01…03, which are provisional
  ] as const)('SPEC §3 previous working day before %s is %s (provisional %s), for "remind 1 wd before"', (date, prev, provisional) => {
    expect(previousWorkingDay(cal, date)).toEqual({ date: prev, provisional });
  });
});

describe('recomputeDue (running workflows, SPEC §3 "a deadline that a calendar change moves is recomputed")', () => {
  const baseData: DeadlineAnchor = { kind: 'workingDays', from: '2026-09-30T18:00:00+08:00', days: 2 };

  it('R-7.1 recomputes from a serialised anchor exactly like the direct computation', () => {
    const anchor = JSON.parse(JSON.stringify(baseData)) as DeadlineAnchor;
    expect(recomputeDue(cal, anchor)).toEqual(dueAfterWorkingDays(cal, at('2026-09-30', '18:00'), 2));
  });

  it('R-7.1 an association closure on 2026-10-08 moves the base-data deadline to the make-up Saturday 2026-10-10', () => {
    const closed = createCalendar({ closures: [{ from: '2026-10-08', name: 'Annual meeting', nameZh: '年会' }] });
    expect(recomputeDue(closed, baseData)).toMatchObject({ dueDate: '2026-10-10', provisional: false });
  });

  it.each([
    [{ kind: 'months', from: '2026-10-20T10:00:00+08:00', months: 1 } as DeadlineAnchor, '2026-11-20'],
    [{ kind: 'years', from: '2026-10-20T10:00:00+08:00', years: 3 } as DeadlineAnchor, '2029-10-20'],
  ])('R-16.1 / R-13.1 calendar offsets recompute unchanged: %j → %s', (anchor, due) => {
    expect(recomputeDue(cal, anchor)).toEqual({ dueAt: new Date(endOfDayZ(due)), dueDate: due, provisional: false });
  });

  it('SPEC §7 when the 2027 schedule is published, a provisional deadline is recomputed and loses its flag', () => {
    const anchor: DeadlineAnchor = { kind: 'workingDays', from: '2027-02-04T17:00:00+08:00', days: 2 };
    expect(recomputeDue(cal, anchor)).toMatchObject({ dueDate: '2027-02-10', provisional: true });

    // A HYPOTHETICAL 2027 notice (test data only): Spring Festival Feb 5–13, make-up Sunday Feb 14.
    const base = loadOfficialData();
    const hypothetical: OfficialData = {
      source: 'test: hypothetical 2027 notice',
      years: [...base.years, 2027],
      holidays: {
        ...base.holidays,
        ...Object.fromEntries(datesBetween('2027-02-05', '2027-02-13').map((d) => [d, { name: 'Spring Festival', nameZh: '春节' }])),
      },
      workdays: { ...base.workdays, '2027-02-14': { name: 'Spring Festival', nameZh: '春节' } },
    };
    const published = buildCalendar({ official: hypothetical });
    expect(published.officialYears()).toContain(2027);
    expect(recomputeDue(published, anchor)).toEqual({
      dueAt: new Date(endOfDayZ('2027-02-15')),
      dueDate: '2027-02-15',
      provisional: false,
    });
    // The hypothetical notice has no New Year's Day entry: a published year is taken as published.
    expect(published.explainDay('2027-01-01')).toMatchObject({ kind: 'workday', source: 'official', provisional: false });
  });
});

describe('bad input → CalendarInputError (API: 400)', () => {
  const expectInputError = (fn: () => unknown, field: string) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CalendarInputError);
    const err = caught as CalendarInputError;
    expect(err.field).toBe(field);
    expect(err.code).toBe('CALENDAR_INPUT');
    expect(err.message).toMatch(/^[\x20-\x7e]+$/); // English
    expect(err.messageZh).toMatch(/[\u4e00-\u9fff]/); // Chinese
  };

  it.each([
    ['unparsable instant', () => dueAfterWorkingDays(cal, new Date('not a date'), 2), 'after'],
    ['negative N', () => dueAfterWorkingDays(cal, at('2026-09-30'), -1), 'days'],
    ['fractional N', () => dueAfterWorkingDays(cal, at('2026-09-30'), 1.5), 'days'],
    ['NaN N', () => dueAfterWorkingDays(cal, at('2026-09-30'), Number.NaN), 'days'],
    ['X before the supported range', () => dueAfterWorkingDays(cal, at('2003-06-02'), 2), 'after'],
    ['X after the supported range', () => dueAfterWorkingDays(cal, at('2100-01-04'), 2), 'after'],
    ['deadline past the supported range', () => dueAfterWorkingDays(cal, at('2099-12-30'), 5), 'days'],
    ['negative months', () => addCalendarMonths(at('2026-09-30'), -1), 'months'],
    ['negative years', () => addCalendarYears(at('2026-09-30'), -3), 'years'],
    ['invalid month offset instant', () => addCalendarMonths(new Date(Number.NaN), 1), 'after'],
    ['impossible date', () => cal.explainDay('2026-02-30'), 'date'],
    ['non-padded date', () => cal.isWorkingDay('2026-2-3'), 'date'],
    ['date outside the range', () => cal.explainDay('2150-01-01'), 'date'],
    ['year outside the range', () => cal.year(2150), 'year'],
    ['fractional year', () => cal.year(2026.5), 'year'],
    ['next working day of garbage', () => nextWorkingDay(cal, 'tomorrow'), 'date'],
    ['no working day before the range start', () => previousWorkingDay(cal, '2004-01-01'), 'date'],
    ['between with an invalid instant', () => workingDaysBetween(cal, at('2026-01-05'), new Date('x')), 'to'],
    ['anchor without offset', () => recomputeDue(cal, { kind: 'workingDays', from: '2026-09-30 18:00', days: 2 }), 'anchor.from'],
    [
      'anchor with a negative count',
      () => recomputeDue(cal, { kind: 'workingDays', from: '2026-09-30T18:00:00Z', days: -2 }),
      'anchor.days',
    ],
    [
      'anchor of an unknown kind',
      () => recomputeDue(cal, { kind: 'weeks', from: '2026-09-30T18:00:00Z', weeks: 2 } as unknown as DeadlineAnchor),
      'anchor.kind',
    ],
    ['anchor that is not an object', () => recomputeDue(cal, null as unknown as DeadlineAnchor), 'anchor'],
    ['instant with an impossible month', () => parseInstant('2026-13-01T00:00:00Z', 'endAt'), 'endAt'],
    ['ISO date with an impossible day', () => parseIsoDate('2027-02-29', 'closureDate'), 'closureDate'],
  ])('%s', (_what, fn, field) => {
    expectInputError(fn, field);
  });

  it('parse helpers accept what the API sends', () => {
    expect(parseInstant('2026-09-30T18:00:00+08:00').toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(parseInstant('2026-09-30T10:00:00.123Z').toISOString()).toBe('2026-09-30T10:00:00.123Z');
    expect(parseIsoDate('2028-02-29')).toBe('2028-02-29');
  });
});
