/**
 * Compact Chinese lunisolar table for 2000–2099 and the Qingming solar term.
 *
 * Why not chinese-days' own helpers: its `getSolarDateFromLunar` / `getSolarTermDate` mix
 * UTC parsing with local-time getters, so under a negative-offset process time zone
 * (e.g. TZ=America/Los_Angeles) they return the day before/after (2027 Spring Festival comes
 * back as 2027-02-07). This module is pure integer arithmetic and time-zone independent.
 *
 * LUNAR_INFO entries (the widely used table, same values as chinese-days' LUNAR_INFO, MIT):
 *   bits 16     : length of the leap month (1 = 30 days, 0 = 29)
 *   bits 15..4  : months 1..12, 1 = 30 days, 0 = 29
 *   bits 3..0   : which month is followed by a leap month (0 = none)
 * Lunar year 2000 began on 2000-02-05. The month starts were checked against astronomical
 * new moons (Meeus ch. 49, Beijing time) for 2001–2099: they agree except 2060 month 4 and
 * 2097 month 7 (both one day off, near-midnight cases), neither of which moves New Year,
 * 5/5 or 8/15, the only dates used here. Tests compare the results with chinese-days and
 * with the official schedules 2008–2026.
 */
import { epochDayOf } from './dates.js';

const FIRST_LUNAR_YEAR = 2000;
// prettier-ignore
const LUNAR_INFO: readonly number[] = [
  0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000–2009
  0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010–2019
  0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020–2029
  0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030–2039
  0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040–2049
  0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050–2059
  0x0a2e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060–2069
  0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070–2079
  0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080–2089
  0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090–2099
];
export const LUNAR_RANGE = { from: FIRST_LUNAR_YEAR, to: FIRST_LUNAR_YEAR + LUNAR_INFO.length - 1 } as const;

function info(year: number): number {
  const v = LUNAR_INFO[year - FIRST_LUNAR_YEAR];
  if (v === undefined || !Number.isInteger(year)) {
    throw new RangeError(`lunar year ${year} outside ${LUNAR_RANGE.from}-${LUNAR_RANGE.to}`);
  }
  return v;
}

/** The leap month of a lunar year (0 = none). */
export function leapMonth(year: number): number {
  return info(year) & 0xf;
}

/** Days in (non-leap) lunar month `month` of `year`. */
export function lunarMonthDays(year: number, month: number): number {
  return info(year) & (0x10000 >> month) ? 30 : 29;
}

function leapMonthDays(year: number): number {
  return leapMonth(year) ? (info(year) & 0x10000 ? 30 : 29) : 0;
}

function lunarYearDays(year: number): number {
  let days = leapMonthDays(year);
  for (let m = 1; m <= 12; m++) days += lunarMonthDays(year, m);
  return days;
}

/** Epoch day of lunar New Year (正月初一) for each lunar year of the table. */
const NEW_YEAR_DAYS: readonly number[] = (() => {
  const out: number[] = [];
  let d = epochDayOf(2000, 2, 5);
  for (let y = LUNAR_RANGE.from; y <= LUNAR_RANGE.to; y++) {
    out.push(d);
    d += lunarYearDays(y);
  }
  return out;
})();

/** Epoch day of lunar date `month`/`day` (a non-leap month) in lunar year `year`. */
export function lunarToEpochDay(year: number, month: number, day: number): number {
  const newYear = NEW_YEAR_DAYS[year - FIRST_LUNAR_YEAR];
  if (newYear === undefined || month < 1 || month > 12 || day < 1 || day > lunarMonthDays(year, month)) {
    throw new RangeError(`no lunar date ${year}/${month}/${day}`);
  }
  let result = newYear;
  const leap = leapMonth(year);
  for (let m = 1; m < month; m++) {
    result += lunarMonthDays(year, m);
    if (m === leap) result += leapMonthDays(year);
  }
  return result + day - 1;
}

/**
 * Epoch day of the Qingming solar term (清明, sun at 15° longitude), Beijing time, 2000–2099:
 * April ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ with Y = year mod 100 (the standard 21st-century formula,
 * done in integers). It agrees with a Meeus solar-longitude computation for every year
 * 2000–2099 and with the official Qingming holidays 2008–2026.
 */
export function qingmingEpochDay(year: number): number {
  info(year); // range check
  const y = year % 100;
  const day = Math.floor((y * 2422 + 48_100) / 10_000) - Math.floor(y / 4);
  return epochDayOf(year, 4, day);
}
