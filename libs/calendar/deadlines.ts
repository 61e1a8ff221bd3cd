/**
 * Deadline arithmetic (SPEC §3): "within N working days after X" = by 23:59:59 Asia/Shanghai
 * of the N-th working day after X's calendar day; X's own day never counts. Plus calendar
 * month / year offsets (R-16.1 one month, R-13.1 three years) and the recomputation helper
 * used when the calendar changes under a running workflow.
 *
 * Pure functions of (calendar, inputs); no clock reads. Asia/Shanghai is a fixed UTC+8 (no
 * DST since 1991), so day boundaries are plain offset arithmetic (see dates.ts).
 */
import type { WorkingCalendar } from './calendar.js';
import {
  civilOf,
  daysInMonth,
  endOfShanghaiDay,
  epochDayOf,
  instantMs,
  parseInstant,
  parseIsoDateToDay,
  shanghaiEpochDay,
  formatEpochDay,
  type IsoDate,
} from './dates.js';
import { CalendarInputError } from './errors.js';

export interface Deadline {
  /** 23:59:59 Asia/Shanghai of `dueDate` (= 15:59:59Z). */
  dueAt: Date;
  /** The due calendar date, Asia/Shanghai. */
  dueDate: IsoDate;
  /** True when any day examined lies in a year without a published official schedule. */
  provisional: boolean;
}

/** A calendar date together with its provisional flag. */
export interface CalendarDay {
  date: IsoDate;
  provisional: boolean;
}

/** What a deadline was computed from, serialisable into workflow state. */
export type DeadlineAnchor =
  | { kind: 'workingDays'; from: string; days: number }
  | { kind: 'months'; from: string; months: number }
  | { kind: 'years'; from: string; years: number };

function checkCount(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new CalendarInputError(
      field,
      `${field} must be a non-negative integer, got ${JSON.stringify(n)}`,
      `${field} 必须是非负整数，收到 ${JSON.stringify(n)}`,
    );
  }
  return n;
}

function pastRange(cal: WorkingCalendar, field: string): CalendarInputError {
  const { to } = cal.supportedRange;
  return new CalendarInputError(
    field,
    `the result falls after the end of the supported calendar range (${to}-12-31)`,
    `计算结果超出支持的日历范围（${to}-12-31 之后）`,
  );
}

function workingDaysDeadline(cal: WorkingCalendar, ms: number, n: number, fromField: string, daysField: string): Deadline {
  const i = cal.indexOfDay(shanghaiEpochDay(ms), fromField);
  // n = 0: the end of X's own day (nothing is counted, so nothing is provisional).
  const due = n === 0 ? i : cal.nthWorkingAfter(i, n);
  if (due < 0) throw pastRange(cal, daysField);
  return { dueAt: endOfShanghaiDay(cal.firstDay + due), dueDate: cal.isoAt(due), provisional: cal.anyProvisional(i + 1, due) };
}

/**
 * End (23:59:59 Asia/Shanghai) of the n-th working day after the calendar day of `after`.
 * n = 0 gives the end of `after`'s own day. The result is always a working day for n ≥ 1.
 */
export function dueAfterWorkingDays(cal: WorkingCalendar, after: Date, n: number): Deadline {
  return workingDaysDeadline(cal, instantMs(after, 'after'), checkCount(n, 'days'), 'after', 'days');
}

function monthsDeadline(ms: number, months: number, field: string): Deadline {
  const [y, m, d] = civilOf(shanghaiEpochDay(ms));
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year > 9999) {
    throw new CalendarInputError(field, `${field} is too large`, `${field} 过大`);
  }
  const day = epochDayOf(year, month, Math.min(d, daysInMonth(year, month)));
  // Calendar offsets do not depend on holidays: never provisional.
  return { dueAt: endOfShanghaiDay(day), dueDate: formatEpochDay(day), provisional: false };
}

/**
 * End of the same-numbered day `n` calendar months after `after`'s Asia/Shanghai date,
 * clamped to the month's last day (Jan 31 + 1 month → Feb 28/29). R-16.1 uses n = 1.
 */
export function addCalendarMonths(after: Date, n: number): Deadline {
  return monthsDeadline(instantMs(after, 'after'), checkCount(n, 'months'), 'months');
}

/** End of the same day `n` years later (Feb 29 → Feb 28). retention uses n = 3. */
export function addCalendarYears(after: Date, n: number): Deadline {
  return monthsDeadline(instantMs(after, 'after'), checkCount(n, 'years') * 12, 'years');
}

/**
 * Working days after `from`'s calendar day up to and including `to`'s calendar day, negative
 * when `to` is earlier. `workingDaysBetween(cal, x, dueAfterWorkingDays(cal, x, n).dueAt)`
 * is n for n ≥ 1.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: Date, to: Date): { days: number; provisional: boolean } {
  const a = cal.indexOfDay(shanghaiEpochDay(instantMs(from, 'from')), 'from');
  const b = cal.indexOfDay(shanghaiEpochDay(instantMs(to, 'to')), 'to');
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const days = cal.workingCount(lo + 1, hi);
  return { days: a <= b ? days : -days, provisional: cal.anyProvisional(lo + 1, hi) };
}

/** The first working day strictly after `date` (YYYY-MM-DD). */
export function nextWorkingDay(cal: WorkingCalendar, date: string): CalendarDay {
  const i = cal.indexOfDay(parseIsoDateToDay(date, 'date'), 'date');
  const next = cal.nthWorkingAfter(i, 1);
  if (next < 0) throw pastRange(cal, 'date');
  return { date: cal.isoAt(next), provisional: cal.anyProvisional(i + 1, next) };
}

/** The last working day strictly before `date` (e.g. for "remind 1 working day before"). */
export function previousWorkingDay(cal: WorkingCalendar, date: string): CalendarDay {
  const i = cal.indexOfDay(parseIsoDateToDay(date, 'date'), 'date');
  const prev = cal.lastWorkingBefore(i);
  if (prev < 0) {
    const { from } = cal.supportedRange;
    throw new CalendarInputError(
      'date',
      `no working day before ${date} within the supported calendar range (from ${from}-01-01)`,
      `${date} 之前在支持的日历范围内（${from}-01-01 起）没有工作日`,
    );
  }
  return { date: cal.isoAt(prev), provisional: cal.anyProvisional(prev, i - 1) };
}

/**
 * Recomputes a deadline from its anchor against a (possibly changed) calendar. Validates the
 * anchor, since it comes back from workflow state or the wire.
 */
export function recomputeDue(cal: WorkingCalendar, anchor: DeadlineAnchor): Deadline {
  if (typeof anchor !== 'object' || anchor === null) {
    throw new CalendarInputError('anchor', 'anchor must be an object', 'anchor 必须是对象');
  }
  const ms = parseInstant(anchor.from, 'anchor.from').getTime();
  switch (anchor.kind) {
    case 'workingDays':
      return workingDaysDeadline(cal, ms, checkCount(anchor.days, 'anchor.days'), 'anchor.from', 'anchor.days');
    case 'months':
      return monthsDeadline(ms, checkCount(anchor.months, 'anchor.months'), 'anchor.months');
    case 'years':
      return monthsDeadline(ms, checkCount(anchor.years, 'anchor.years') * 12, 'anchor.years');
    default: {
      const kind: unknown = (anchor as { kind?: unknown }).kind;
      throw new CalendarInputError(
        'anchor.kind',
        `anchor.kind must be workingDays, months or years, got ${JSON.stringify(kind)}`,
        `anchor.kind 必须是 workingDays、months 或 years，收到 ${JSON.stringify(kind)}`,
      );
    }
  }
}
