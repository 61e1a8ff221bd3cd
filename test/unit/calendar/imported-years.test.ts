import {
  CalendarInputError,
  createCalendar,
  loadOfficialData,
  officialYearsWith,
  validateImportedYear,
  withImportedYears,
  type ImportedOfficialYear,
} from '../../../libs/calendar/index.js';

/** An abridged notice for a year the package has no schedule for. */
const NOTICE: ImportedOfficialYear = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', nameZh: '元旦', name: "New Year's Day" },
    { date: '2027-02-08', nameZh: '春节' },
    { date: '2027-10-07', nameZh: '国庆节', name: 'National Day' },
  ],
  workdays: [{ date: '2027-02-20', nameZh: '春节' }],
};

const refusal = (y: ImportedOfficialYear) => {
  try {
    validateImportedYear(y);
  } catch (err) {
    if (err instanceof CalendarInputError) return { field: err.field, zh: err.messageZh };
    throw err;
  }
  return null;
};

describe('official years an admin imports (SPEC §3)', () => {
  it('accepts a notice with 春节 and 国庆节 inside its year', () => {
    expect(refusal(NOTICE)).toBeNull();
  });

  it('refuses a day outside the year, an impossible date, a day listed twice, and a notice without 春节 or 国庆节', () => {
    expect(refusal({ ...NOTICE, holidays: [...NOTICE.holidays, { date: '2028-01-01', nameZh: '元旦' }] })).toMatchObject({
      field: 'holidays[3].date',
    });
    expect(refusal({ ...NOTICE, workdays: [{ date: '2027-02-30', nameZh: '春节' }] })).toMatchObject({ field: 'workdays[0].date' });
    expect(refusal({ ...NOTICE, workdays: [{ date: '2027-02-08', nameZh: '春节' }] })).toMatchObject({ field: 'workdays[0].date' });
    expect(refusal({ ...NOTICE, holidays: NOTICE.holidays.filter((d) => d.nameZh !== '国庆节') })).toMatchObject({
      field: 'holidays',
      zh: expect.stringContaining('国庆节'),
    });
    expect(refusal({ ...NOTICE, holidays: NOTICE.holidays.filter((d) => d.nameZh !== '春节') })).toMatchObject({ field: 'holidays' });
  });

  it('makes the year official in the calendar: its days off and make-up days as the notice says', () => {
    expect(createCalendar().isOfficialYear(2027)).toBe(false);
    const cal = createCalendar(undefined, [NOTICE]);
    expect(cal.isOfficialYear(2027)).toBe(true);
    expect(cal.officialSource).toContain(NOTICE.source);
    // 2027-10-07 is a Thursday the notice gives off; 2027-02-20 a Saturday it makes a working day.
    expect(cal.explainDay('2027-10-07')).toMatchObject({ working: false, source: 'official', provisional: false });
    expect(cal.explainDay('2027-02-20')).toMatchObject({ working: true, source: 'official' });
    expect(officialYearsWith([NOTICE])).toEqual([...loadOfficialData().years, 2027]);
  });

  it('leaves a year the package has as the package has it', () => {
    const base = loadOfficialData();
    const latest = base.years.at(-1)!;
    expect(withImportedYears(base, [{ ...NOTICE, year: latest }])).toBe(base);
  });
});
