/**
 * Official years an admin imports (SPEC §3: "next year's holidays get published"): the State
 * Council notice usually comes out in November, often before a package release carries it. Pure:
 * the rows live in PostgreSQL (`calendar_official_imports`), the calendar store reads them.
 */
import type { OfficialData } from './calendar.js';
import { parseIsoDate } from './dates.js';
import { CalendarInputError } from './errors.js';
import type { HolidayName } from './provisional.js';

export interface OfficialDay {
  date: string;
  /** 春节, 国庆节 … as in the notice. */
  nameZh: string;
  /** English name; defaults to the Chinese one. */
  name?: string;
}

export interface ImportedOfficialYear {
  year: number;
  /** The notice it comes from, e.g. 国办发明电〔2026〕7号. */
  source: string;
  holidays: OfficialDay[];
  /** Make-up working days (调休上班). */
  workdays: OfficialDay[];
}

/**
 * Refuses what a notice cannot say: a day outside the year, a day listed twice or as both a
 * holiday and a working day, and a year without 春节 and 国庆节 (every notice since 1999 has both,
 * the same rule `detectOfficialYears` applies to the package's table).
 */
export function validateImportedYear(y: ImportedOfficialYear): void {
  const seen = new Map<string, string>();
  const check = (days: OfficialDay[], list: 'holidays' | 'workdays') =>
    days.forEach((d, i) => {
      const field = `${list}[${i}].date`;
      const date = parseIsoDate(d.date, field);
      if (Number(date.slice(0, 4)) !== y.year)
        throw new CalendarInputError(field, `${date} is not in ${y.year}`, `${date} 不在 ${y.year} 年内`);
      const earlier = seen.get(date);
      if (earlier) throw new CalendarInputError(field, `${date} is listed twice (also ${earlier})`, `${date} 重复列出（另见 ${earlier}）`);
      seen.set(date, field);
    });
  check(y.holidays, 'holidays');
  check(y.workdays, 'workdays');
  for (const nameZh of ['春节', '国庆节'])
    if (!y.holidays.some((d) => d.nameZh === nameZh))
      throw new CalendarInputError(
        'holidays',
        `an official schedule lists the ${nameZh} holiday; this one does not`,
        `国务院放假安排必含${nameZh}假期，本次导入没有`,
      );
}

/** The package's official data with the imported years added (a year the package has stays the package's). */
export function withImportedYears(base: OfficialData, imported: readonly ImportedOfficialYear[]): OfficialData {
  const own = new Set(base.years);
  const added = imported.filter((y) => !own.has(y.year));
  if (!added.length) return base;
  const names = (days: OfficialDay[]): Record<string, HolidayName> =>
    Object.fromEntries(days.map((d) => [d.date, { name: d.name ?? d.nameZh, nameZh: d.nameZh }]));
  return {
    source: `${base.source} + ${added.map((y) => `${y.year}: ${y.source}`).join('; ')}`,
    years: [...base.years, ...added.map((y) => y.year)].sort((a, b) => a - b),
    holidays: Object.assign({}, base.holidays, ...added.map((y) => names(y.holidays))),
    workdays: Object.assign({}, base.workdays, ...added.map((y) => names(y.workdays))),
  };
}
