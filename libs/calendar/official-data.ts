/**
 * The only module of libs/calendar that does I/O: it reads the official PRC holiday tables
 * shipped with the `chinese-days` npm package (dist/chinese-days.json, generated from the
 * State Council notices cited in its src/holidays/generate.ts).
 *
 * chinese-days answers plain weekday/weekend for a year it has no notice for (2027-01-01 is
 * a "working day" in 1.5.7), so its query functions are never used. Which years are
 * official is decided from the table itself: see `detectOfficialYears`.
 */
import { createRequire } from 'node:module';
import type { OfficialData } from './calendar.js';
import type { HolidayName } from './provisional.js';

/** The raw table format of chinese-days: date → "English name,中文名,days". */
export interface ChineseDaysTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

function parseName(raw: string): HolidayName {
  const [name = raw, nameZh = name] = raw.split(',');
  return { name, nameZh };
}

/**
 * A year counts as official when the table holds both its Spring Festival and its National
 * Day holidays inside that Gregorian year: every State Council notice since 1999 covers both,
 * while a stray entry of a neighbouring year's notice (e.g. a make-up day in early January,
 * or a New Year's Day bridge starting on Dec 30/31) cannot make a year look published.
 */
export function detectOfficialYears(table: ChineseDaysTable): number[] {
  const spring = new Set<number>();
  const national = new Set<number>();
  for (const [date, raw] of Object.entries(table.holidays)) {
    const year = Number(date.slice(0, 4));
    const { nameZh } = parseName(raw);
    if (nameZh === '春节') spring.add(year);
    if (nameZh === '国庆节') national.add(year);
  }
  return [...spring].filter((y) => national.has(y)).sort((a, b) => a - b);
}

/** Converts a chinese-days table into `OfficialData` (pure; exported for tests). */
export function officialDataFromTable(table: ChineseDaysTable, source: string): OfficialData {
  const conv = (rec: Record<string, string>): Record<string, HolidayName> =>
    Object.fromEntries(Object.entries(rec).map(([d, raw]) => [d, parseName(raw)]));
  return {
    source,
    years: detectOfficialYears(table),
    holidays: conv(table.holidays),
    workdays: conv(table.workdays),
  };
}

let cached: OfficialData | undefined;

/** Loads (once) the official schedules from the installed chinese-days package. */
export function loadOfficialData(): OfficialData {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const table = require('chinese-days/dist/chinese-days.json') as ChineseDaysTable;
    const { version } = require('chinese-days/package.json') as { version: string };
    cached = officialDataFromTable(table, `chinese-days@${version}`);
  }
  return cached;
}
