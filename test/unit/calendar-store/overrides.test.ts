import { CalendarConflictError, CalendarInputError, createCalendar, dueAfterWorkingDays } from '../../../libs/calendar/index.js';
import {
  findOverlaps,
  OverrideConflictError,
  toCalendarOverrides,
  validateNewOverride,
  type CalendarOverrideRecord,
  type NewCalendarOverride,
} from '../../../libs/calendar-store/overrides.js';

const stored = (
  over: Partial<CalendarOverrideRecord> & Pick<CalendarOverrideRecord, 'kind' | 'dateFrom' | 'dateTo'>,
): CalendarOverrideRecord => ({
  id: `id-${over.dateFrom}`,
  nameZh: '协会年会',
  reason: null,
  createdBy: 'admin',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

const existing = [
  stored({ kind: 'closure', dateFrom: '2026-12-08', dateTo: '2026-12-10', nameZh: '年终盘点' }),
  stored({ kind: 'extra_workday', dateFrom: '2026-12-19', dateTo: '2026-12-19', nameZh: '周六加班' }),
];

function refusal(input: NewCalendarOverride, list = existing): unknown {
  try {
    validateNewOverride(list, input);
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('SPEC §3 validating a new association closure or extra working day against stored ones', () => {
  it('SPEC §3 accepts an entry sharing no day with the stored ones, normalised, dateTo defaulting to dateFrom', () => {
    expect(validateNewOverride(existing, { kind: 'closure', dateFrom: '2026-12-11', nameZh: '闭馆' })).toEqual({
      kind: 'closure',
      dateFrom: '2026-12-11',
      dateTo: '2026-12-11',
      nameZh: '闭馆',
      reason: null,
    });
    // Adjacent ranges touch but do not overlap.
    expect(
      validateNewOverride(existing, { kind: 'extra_workday', dateFrom: '2026-12-20', dateTo: '2026-12-20', nameZh: '加班' }).dateTo,
    ).toBe('2026-12-20');
  });

  it('SPEC §3 refuses a closure overlapping a stored closure, naming the entry and the shared days', () => {
    const err = refusal({ kind: 'closure', dateFrom: '2026-12-10', dateTo: '2026-12-12', nameZh: '新闭馆' });
    expect(err).toBeInstanceOf(OverrideConflictError);
    expect(err).toBeInstanceOf(CalendarConflictError);
    const conflict = err as OverrideConflictError;
    expect(conflict.dates).toEqual(['2026-12-10']);
    expect(conflict.overlaps).toHaveLength(1);
    expect(conflict.overlaps[0]).toMatchObject({ from: '2026-12-10', to: '2026-12-10', contradictory: false });
    expect(conflict.message).toContain('2026-12-10 overlaps the closure "年终盘点" (2026-12-08..2026-12-10, id id-2026-12-08)');
    expect(conflict.messageZh).toContain('2026-12-10 与已有的闭馆日「年终盘点」（2026-12-08 至 2026-12-10）重叠');
  });

  it('SPEC §3 refuses an extra working day on a closed day as contradictory', () => {
    const err = refusal({ kind: 'extra_workday', dateFrom: '2026-12-09', nameZh: '加班' }) as OverrideConflictError;
    expect(err).toBeInstanceOf(OverrideConflictError);
    expect(err.overlaps[0]).toMatchObject({ contradictory: true, from: '2026-12-09', to: '2026-12-09' });
    expect(err.message).toContain('a day cannot be both a closure and an extra working day');
    expect(err.conflicts).toEqual([{ date: '2026-12-09', entries: ['new extra working day', 'closure id-2026-12-08'] }]);
  });

  it('SPEC §3 a range covering several stored entries names each of them once, in date order', () => {
    const err = refusal({ kind: 'closure', dateFrom: '2026-12-01', dateTo: '2026-12-31', nameZh: '整月闭馆' }) as OverrideConflictError;
    expect(err.overlaps.map((o) => [o.existing.nameZh, o.from, o.to, o.contradictory])).toEqual([
      ['年终盘点', '2026-12-08', '2026-12-10', false],
      ['周六加班', '2026-12-19', '2026-12-19', true],
    ]);
    expect(err.dates).toEqual(['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-19']);
  });

  it(
    'SPEC §3 a range ending before it starts, an impossible date or a year outside the calendar ' +
      'is a CalendarInputError naming the field',
    () => {
      const cases: Array<[NewCalendarOverride, string]> = [
        [{ kind: 'closure', dateFrom: '2026-12-12', dateTo: '2026-12-11', nameZh: 'x' }, 'dateTo'],
        [{ kind: 'closure', dateFrom: '2026-02-30', nameZh: 'x' }, 'dateFrom'],
        [{ kind: 'closure', dateFrom: '2026-12-30', dateTo: '2100-01-01', nameZh: 'x' }, 'dateTo'],
        [{ kind: 'closure', dateFrom: '1999-12-31', nameZh: 'x' }, 'dateFrom'],
        [{ kind: 'holiday' as never, dateFrom: '2026-12-30', nameZh: 'x' }, 'kind'],
      ];
      for (const [input, field] of cases) {
        const err = refusal(input);
        expect(err).toBeInstanceOf(CalendarInputError);
        expect(err).toMatchObject({ field, messageZh: expect.stringMatching(/[\u4e00-\u9fff]/) });
      }
    },
  );

  it('SPEC §3 findOverlaps is symmetric in what it counts as shared (inclusive ends)', () => {
    const a = stored({ kind: 'closure', dateFrom: '2026-12-08', dateTo: '2026-12-08' });
    expect(findOverlaps([a], { kind: 'closure', dateFrom: '2026-12-08', dateTo: '2026-12-08' })).toHaveLength(1);
    expect(findOverlaps([a], { kind: 'closure', dateFrom: '2026-12-07', dateTo: '2026-12-07' })).toHaveLength(0);
    expect(findOverlaps([a], { kind: 'closure', dateFrom: '2026-12-09', dateTo: '2026-12-09' })).toHaveLength(0);
    expect(findOverlaps([a], { kind: 'closure', dateFrom: '2026-12-01', dateTo: '2026-12-31' })).toHaveLength(1);
  });

  it('SPEC §3 stored rows become calendar overrides that move deadlines, shown with their Chinese name', () => {
    const cal = createCalendar(toCalendarOverrides(existing));
    expect(cal.explainDay('2026-12-09')).toMatchObject({
      working: false,
      kind: 'closure',
      source: 'association',
      nameZh: '年终盘点',
      name: '年终盘点',
    });
    expect(cal.explainDay('2026-12-19')).toMatchObject({ working: true, kind: 'extra_workday', nameZh: '周六加班' });
    // From Fri 2026-12-04: Mon 7th is the 1st working day, the closure skips 8–10, Fri 11th is the 2nd.
    expect(dueAfterWorkingDays(cal, new Date('2026-12-04T12:00:00+08:00'), 2).dueDate).toBe('2026-12-11');
  });
});
