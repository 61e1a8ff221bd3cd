import {
  buildCalendar,
  CalendarConflictError,
  CalendarInputError,
  createCalendar,
  dueAfterWorkingDays,
  type CalendarOverrides,
  type OfficialData,
} from '../../../libs/calendar/index.js';
import { at } from './support.js';

describe('SPEC §3 association closures and extra working days', () => {
  it('SPEC §3 a closure makes an official working day non-working and moves deadlines (R-7.1)', () => {
    const cal = createCalendar({ closures: [{ from: '2026-10-08', to: '2026-10-09', name: 'Annual meeting', nameZh: '协会年会' }] });
    expect(cal.explainDay('2026-10-08')).toMatchObject({
      working: false,
      kind: 'closure',
      source: 'association',
      provisional: false,
      name: 'Annual meeting',
      nameZh: '协会年会',
    });
    expect(cal.explainDay('2026-10-09')).toMatchObject({ kind: 'closure', working: false });
    // Oct 10 (make-up Saturday) and Oct 12 become the 1st and 2nd working days.
    expect(dueAfterWorkingDays(cal, at('2026-09-30'), 2).dueDate).toBe('2026-10-12');
  });

  it('SPEC §3 an extra working day makes an official holiday working (R-7.1 from 2026-09-30)', () => {
    const cal = createCalendar({ extraWorkdays: ['2026-10-03'] });
    expect(cal.explainDay('2026-10-03')).toMatchObject({
      working: true,
      kind: 'extra_workday',
      source: 'association',
      nameZh: '协会加班工作日',
    });
    expect(dueAfterWorkingDays(cal, at('2026-09-30'), 2).dueDate).toBe('2026-10-08');
  });

  it('SPEC §3 overrides in a provisional year stay flagged provisional', () => {
    const cal = createCalendar({ closures: ['2027-03-01'] });
    expect(cal.explainDay('2027-03-01')).toMatchObject({ kind: 'closure', source: 'association', provisional: true });
  });

  it('no overrides: same calendar as createCalendar()', () => {
    expect(createCalendar({ closures: [], extraWorkdays: [] }).year(2026)).toEqual(createCalendar().year(2026));
  });
});

describe('contradictory entries → CalendarConflictError (API: 409)', () => {
  const conflictOf = (overrides: CalendarOverrides): CalendarConflictError => {
    try {
      createCalendar(overrides);
    } catch (e) {
      if (e instanceof CalendarConflictError) return e;
      throw e;
    }
    throw new Error('expected a CalendarConflictError');
  };

  it('SPEC §3 the same date both a closure and an extra working day', () => {
    const err = conflictOf({ closures: ['2026-12-31'], extraWorkdays: ['2026-12-31'] });
    expect(err.code).toBe('CALENDAR_CONFLICT');
    expect(err.dates).toEqual(['2026-12-31']);
    expect(err.conflicts).toEqual([{ date: '2026-12-31', entries: ['closures[0]', 'extraWorkdays[0]'] }]);
    expect(err.message).toContain('2026-12-31');
    expect(err.messageZh).toContain('冲突');
  });

  it('SPEC §3 overlapping closure ranges name every doubly-claimed date', () => {
    const err = conflictOf({
      closures: [
        { from: '2026-12-24', to: '2026-12-31' },
        { from: '2026-12-30', to: '2027-01-02' },
      ],
    });
    expect(err.dates).toEqual(['2026-12-30', '2026-12-31']);
  });

  it('SPEC §3 duplicate entries conflict even when identical', () => {
    expect(conflictOf({ extraWorkdays: ['2026-02-21', { from: '2026-02-21' }] }).dates).toEqual(['2026-02-21']);
  });

  it('official data claiming a date as both holiday and make-up day is refused', () => {
    const official: OfficialData = {
      source: 'test',
      years: [2030],
      holidays: { '2030-10-01': { name: 'National Day', nameZh: '国庆节' } },
      workdays: { '2030-10-01': { name: 'National Day', nameZh: '国庆节' } },
    };
    expect(() => buildCalendar({ official, range: { from: 2030, to: 2030 } })).toThrow(CalendarConflictError);
  });
});

describe('bad override input → CalendarInputError (API: 400)', () => {
  it.each([
    ['an impossible date', { closures: ['2026-02-30'] }, 'closures[0]'],
    ['a range ending before it starts', { closures: [{ from: '2026-05-10', to: '2026-05-08' }] }, 'closures[0].to'],
    ['a date outside the supported range', { extraWorkdays: ['2026-01-03', '2150-01-01'] }, 'extraWorkdays[1]'],
    ['a non-array', { closures: '2026-05-08' as unknown as string[] }, 'closures'],
  ] as const)('%s', (_what, overrides, field) => {
    expect(() => createCalendar(overrides)).toThrow(CalendarInputError);
    expect(() => createCalendar(overrides)).toThrow(expect.objectContaining({ field }));
  });
});

describe('hand-made calendar data (no chinese-days)', () => {
  const official: OfficialData = {
    source: 'hand-made',
    years: [2030],
    holidays: { '2030-01-01': { name: "New Year's Day", nameZh: '元旦' } },
    workdays: { '2030-01-05': { name: "New Year's Day", nameZh: '元旦' } },
  };
  const cal = buildCalendar({ official, range: { from: 2030, to: 2031 } });

  it('uses exactly the given data for the official year and provisional rules for the other', () => {
    expect(cal.supportedRange).toEqual({ from: 2030, to: 2031 });
    expect(cal.officialYears()).toEqual([2030]);
    expect(cal.explainDay('2030-01-05')).toMatchObject({ kind: 'makeup_workday', working: true, source: 'official' });
    // Spring Festival is not in the hand-made 2030 data, so 2030-02-04 (Mon) is an ordinary workday…
    expect(cal.explainDay('2030-02-04')).toMatchObject({ kind: 'workday', provisional: false });
    // …while 2031 is provisional and gets its statutory dates.
    expect(cal.explainDay('2031-01-23')).toMatchObject({ kind: 'holiday', nameZh: '春节', provisional: true });
    expect(dueAfterWorkingDays(cal, at('2030-01-03'), 2)).toMatchObject({ dueDate: '2030-01-05', provisional: false });
  });

  it('refuses a range outside 2000–2099', () => {
    expect(() => buildCalendar({ official, range: { from: 1999, to: 2030 } })).toThrow(expect.objectContaining({ field: 'range' }));
  });
});
