/**
 * Date arithmetic on "epoch days" (days since 1970-01-01) in Asia/Shanghai.
 *
 * Asia/Shanghai has had no daylight saving time since 1991: it is a fixed UTC+08:00, so a
 * fixed-offset conversion is exact for every date this library supports (2000–2099) and no
 * time-zone database is needed. Nothing here reads the clock.
 */
import { CalendarInputError } from './errors.js';

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai when derived from an instant). */
export type IsoDate = `${number}-${number}-${number}`;

export const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai = UTC+08:00 all year (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Epoch day of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** `[year, month, day]` of an epoch day (H. Hinnant's civil_from_days). */
export function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

export function daysInMonth(year: number, month: number): number {
  return epochDayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - epochDayOf(year, month, 1);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

export function formatEpochDay(epochDay: number): IsoDate {
  const [y, m, d] = civilOf(epochDay);
  return `${y}-${pad2(m)}-${pad2(d)}` as IsoDate;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD` into an epoch day; throws `CalendarInputError` naming `field`. */
export function parseIsoDateToDay(value: unknown, field = 'date'): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return epochDayOf(y, mo, d);
  }
  throw new CalendarInputError(
    field,
    `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`,
    `${field} 必须是 YYYY-MM-DD 格式的有效日期，收到 ${JSON.stringify(value)}`,
  );
}

/** Validates and normalises a `YYYY-MM-DD` string. */
export function parseIsoDate(value: unknown, field = 'date'): IsoDate {
  return formatEpochDay(parseIsoDateToDay(value, field));
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 instant with an explicit offset (`2026-09-30T18:00:00+08:00`,
 * `2026-09-30T10:00:00.000Z`). A string without offset is refused: it would be ambiguous.
 */
export function parseInstant(value: unknown, field = 'instant'): Date {
  const m = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const ok =
      mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6] ?? 0) <= 59;
    const ms = Date.parse(value as string);
    if (ok && Number.isFinite(ms)) return new Date(ms);
  }
  throw new CalendarInputError(
    field,
    `${field} must be an ISO 8601 instant with an offset (e.g. 2026-09-30T18:00:00+08:00), got ${JSON.stringify(value)}`,
    `${field} 必须是带时区偏移的 ISO 8601 时间（如 2026-09-30T18:00:00+08:00），收到 ${JSON.stringify(value)}`,
  );
}

/** Epoch ms of a valid `Date`, or a `CalendarInputError` naming `field`. */
export function instantMs(value: unknown, field: string): number {
  // toString tag rather than instanceof: a Date from another realm (vm context) is still a Date.
  const ms = Object.prototype.toString.call(value) === '[object Date]' ? (value as Date).getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new CalendarInputError(field, `${field} must be a valid Date`, `${field} 必须是有效的时间`);
  }
  return ms;
}

/** Epoch day of the Asia/Shanghai calendar day containing the instant. */
export function shanghaiEpochDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return formatEpochDay(shanghaiEpochDay(instantMs(instant, 'instant')));
}

/** 23:59:59 Asia/Shanghai (= 15:59:59Z) of an epoch day. */
export function endOfShanghaiDay(epochDay: number): Date {
  return new Date((epochDay + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1000);
}
