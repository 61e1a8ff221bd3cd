/**
 * Provisional holidays for a year whose official schedule (国务院办公厅放假安排) is not published
 * yet: the statutory dates of 《全国年节及纪念日放假办法》 as amended in 2024 (in force 2025),
 * without any 调休 (make-up working days) or 补假 (substitute days), which only the yearly
 * notice fixes. Everything derived from these is flagged `provisional`.
 */
import { epochDayOf, type IsoDate, formatEpochDay } from './dates.js';
import { lunarToEpochDay, qingmingEpochDay } from './lunar.js';

export interface HolidayName {
  /** English name as in chinese-days, e.g. `Spring Festival`. */
  name: string;
  /** Chinese name, e.g. `春节`. */
  nameZh: string;
}

export interface StatutoryHoliday extends HolidayName {
  date: IsoDate;
}

const NEW_YEAR: HolidayName = { name: "New Year's Day", nameZh: '元旦' };
const SPRING: HolidayName = { name: 'Spring Festival', nameZh: '春节' };
const QINGMING: HolidayName = { name: 'Tomb-sweeping Day', nameZh: '清明' };
const LABOUR: HolidayName = { name: 'Labour Day', nameZh: '劳动节' };
const DRAGON_BOAT: HolidayName = { name: 'Dragon Boat Festival', nameZh: '端午' };
const MID_AUTUMN: HolidayName = { name: 'Mid-autumn Festival', nameZh: '中秋' };
const NATIONAL: HolidayName = { name: 'National Day', nameZh: '国庆节' };

/** Statutory holiday days of a Gregorian year as epoch day → name (2000–2099). */
export function statutoryHolidayDays(year: number): Map<number, HolidayName> {
  const out = new Map<number, HolidayName>();
  const add = (day: number, name: HolidayName): void => {
    const prev = out.get(day);
    // e.g. 2028-10-03 is both National Day and Mid-Autumn: keep both names.
    out.set(day, prev ? { name: `${prev.name} / ${name.name}`, nameZh: `${prev.nameZh}、${name.nameZh}` } : name);
  };
  add(epochDayOf(year, 1, 1), NEW_YEAR);
  const springDay1 = lunarToEpochDay(year, 1, 1);
  for (let d = springDay1 - 1; d <= springDay1 + 2; d++) add(d, SPRING); // eve (除夕) + days 1–3
  add(qingmingEpochDay(year), QINGMING);
  add(epochDayOf(year, 5, 1), LABOUR);
  add(epochDayOf(year, 5, 2), LABOUR);
  add(lunarToEpochDay(year, 5, 5), DRAGON_BOAT);
  add(lunarToEpochDay(year, 8, 15), MID_AUTUMN);
  for (let d = 1; d <= 3; d++) add(epochDayOf(year, 10, d), NATIONAL);
  return out;
}

/** The statutory holidays of a year, sorted by date (for display and tests). */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  return [...statutoryHolidayDays(year)].sort(([a], [b]) => a - b).map(([day, n]) => ({ date: formatEpochDay(day), ...n }));
}
