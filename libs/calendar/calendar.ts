/**
 * The working-day calendar (SPEC §3): Monday–Friday, minus public holidays, plus make-up
 * working days (调休上班), minus association closures, plus association extra working days;
 * Asia/Shanghai calendar dates.
 *
 * Pure: built from explicit data (`OfficialData` + `CalendarOverrides`), no clock, no I/O.
 * Every day of the supported range is precomputed into typed arrays (kind, source and a
 * cumulative working-day count), so a deadline is two array look-ups.
 */
import { CalendarConflictError, CalendarInputError, type CalendarConflict } from './errors.js';
import { epochDayOf, formatEpochDay, isoWeekday, parseIsoDateToDay, type IsoDate } from './dates.js';
import { LUNAR_RANGE } from './lunar.js';
import { statutoryHolidayDays, type HolidayName } from './provisional.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'closure' | 'extra_workday';
export type DaySource = 'official' | 'provisional' | 'association';

export interface DayInfo {
  date: IsoDate;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  kind: DayKind;
  /** Holiday / make-up / closure name (English for official data; as entered for closures). */
  name?: string;
  nameZh?: string;
  /** Who decided this day: the State Council notice, the provisional rule, or the association. */
  source: DaySource;
  /** True for every day of a year without a published official schedule. */
  provisional: boolean;
}

/** Official schedules: the years they cover, and their holiday and make-up working dates. */
export interface OfficialData {
  /** Where the data came from, e.g. `chinese-days@1.5.7`. */
  source: string;
  /** Years whose official schedule is published; every other year is provisional. */
  years: readonly number[];
  /** Official holiday dates (YYYY-MM-DD) → name. */
  holidays: Readonly<Record<string, HolidayName>>;
  /** Official make-up working dates (调休上班) → name of the holiday they belong to. */
  workdays: Readonly<Record<string, HolidayName>>;
}

/** A single date `YYYY-MM-DD`, or an inclusive range. */
export type DateEntry = string | { from: string; to?: string; name?: string; nameZh?: string };

/** Association-specific changes to the official calendar. */
export interface CalendarOverrides {
  /** Days the association is closed (non-working even if officially working). */
  closures?: readonly DateEntry[];
  /** Days the association works although officially off. */
  extraWorkdays?: readonly DateEntry[];
}

/** Inclusive range of Gregorian years. */
export interface YearRange {
  from: number;
  to: number;
}

/** The widest range possible: the lunar table (provisional holidays) covers 2000–2099. */
export const MAX_SUPPORTED_RANGE: YearRange = { from: LUNAR_RANGE.from, to: LUNAR_RANGE.to };

export interface BuildCalendarOptions {
  official: OfficialData;
  overrides?: CalendarOverrides;
  /** Years the calendar covers; default: first official year (or 2000) – 2099. */
  range?: YearRange;
}

export const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup_workday', 'closure', 'extra_workday'];
const K_WORKDAY = 0;
const K_WEEKEND = 1;
const K_HOLIDAY = 2;
const K_MAKEUP = 3;
const K_CLOSURE = 4;
const K_EXTRA = 5;
export const DAY_SOURCES: readonly DaySource[] = ['official', 'provisional', 'association'];
const S_OFFICIAL = 0;
const S_PROVISIONAL = 1;
const S_ASSOCIATION = 2;

function isWorkingKind(k: number): boolean {
  return k === K_WORKDAY || k === K_MAKEUP || k === K_EXTRA;
}

function validRange(range: YearRange): YearRange {
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < MAX_SUPPORTED_RANGE.from || to > MAX_SUPPORTED_RANGE.to) {
    throw new CalendarInputError(
      'range',
      `calendar range must be whole years within ${MAX_SUPPORTED_RANGE.from}-${MAX_SUPPORTED_RANGE.to}, got ${from}-${to}`,
      `日历范围必须是 ${MAX_SUPPORTED_RANGE.from}–${MAX_SUPPORTED_RANGE.to} 年内的整年，收到 ${from}–${to}`,
    );
  }
  return { from, to };
}

interface ExpandedEntry {
  label: string;
  days: number[];
  name?: string;
  nameZh?: string;
}

export class WorkingCalendar {
  /** Years covered (inclusive). Dates outside raise `CalendarInputError`. */
  readonly supportedRange: Readonly<YearRange>;
  /** Where the official data came from, e.g. `chinese-days@1.5.7`. */
  readonly officialSource: string;

  /** @internal epoch day of index 0 (Jan 1 of `supportedRange.from`). */
  readonly firstDay: number;
  private readonly size: number;
  private readonly kinds: Uint8Array;
  private readonly sources: Uint8Array;
  /** cumWork[i] = working days among indices < i (length size + 1). */
  private readonly cumWork: Int32Array;
  /** cumProv[i] = provisional days among indices < i (length size + 1). */
  private readonly cumProv: Int32Array;
  /** Indices of the working days, ascending. */
  private readonly workList: Int32Array;
  private readonly names = new Map<number, HolidayName>();
  private readonly official: ReadonlySet<number>;
  private readonly isoCache: (IsoDate | undefined)[];

  constructor(options: BuildCalendarOptions) {
    const { official, overrides = {} } = options;
    const officialYears = new Set(official.years);
    const firstOfficial = Math.min(...official.years.filter((y) => y >= MAX_SUPPORTED_RANGE.from));
    const range = validRange(
      options.range ?? { from: Number.isFinite(firstOfficial) ? firstOfficial : MAX_SUPPORTED_RANGE.from, to: MAX_SUPPORTED_RANGE.to },
    );
    this.supportedRange = Object.freeze(range);
    this.officialSource = official.source;
    this.official = new Set([...officialYears].filter((y) => y >= range.from && y <= range.to));
    this.firstDay = epochDayOf(range.from, 1, 1);
    this.size = epochDayOf(range.to + 1, 1, 1) - this.firstDay;
    this.kinds = new Uint8Array(this.size);
    this.sources = new Uint8Array(this.size);
    this.isoCache = new Array<IsoDate | undefined>(this.size);

    const provisionalDay = new Uint8Array(this.size);
    // 1. weekdays / weekends; 2. statutory holidays of provisional years.
    for (let year = range.from; year <= range.to; year++) {
      const start = epochDayOf(year, 1, 1) - this.firstDay;
      const end = epochDayOf(year + 1, 1, 1) - this.firstDay;
      const prov = !this.official.has(year);
      for (let i = start; i < end; i++) {
        this.kinds[i] = isoWeekday(this.firstDay + i) >= 6 ? K_WEEKEND : K_WORKDAY;
        this.sources[i] = prov ? S_PROVISIONAL : S_OFFICIAL;
        provisionalDay[i] = prov ? 1 : 0;
      }
      if (prov) {
        for (const [day, name] of statutoryHolidayDays(year)) this.set(day - this.firstDay, K_HOLIDAY, S_PROVISIONAL, name);
      }
    }
    // 3. official entries, wherever they fall in the range.
    this.applyOfficial(official);
    // 4. association overrides.
    this.applyOverrides(overrides);

    this.cumWork = new Int32Array(this.size + 1);
    this.cumProv = new Int32Array(this.size + 1);
    let work = 0;
    let prov = 0;
    for (let i = 0; i < this.size; i++) {
      if (isWorkingKind(this.kinds[i] ?? K_WEEKEND)) work++;
      prov += provisionalDay[i] ?? 0;
      this.cumWork[i + 1] = work;
      this.cumProv[i + 1] = prov;
    }
    this.workList = new Int32Array(work);
    for (let i = 0, w = 0; i < this.size; i++) if (isWorkingKind(this.kinds[i] ?? K_WEEKEND)) this.workList[w++] = i;
  }

  private set(index: number, kind: number, source: number, name?: HolidayName): void {
    if (index < 0 || index >= this.size) return;
    this.kinds[index] = kind;
    this.sources[index] = source;
    if (name) this.names.set(index, name);
    else this.names.delete(index);
  }

  private applyOfficial(official: OfficialData): void {
    const conflicts: CalendarConflict[] = [];
    for (const [date, name] of Object.entries(official.holidays)) {
      const day = parseIsoDateToDay(date, 'official.holidays');
      if (date in official.workdays) conflicts.push({ date, entries: ['official.holidays', 'official.workdays'] });
      this.set(day - this.firstDay, K_HOLIDAY, S_OFFICIAL, name);
    }
    if (conflicts.length > 0) {
      throw new CalendarConflictError(conflicts.sort((a, b) => (a.date < b.date ? -1 : 1)));
    }
    for (const [date, name] of Object.entries(official.workdays)) {
      this.set(parseIsoDateToDay(date, 'official.workdays') - this.firstDay, K_MAKEUP, S_OFFICIAL, name);
    }
  }

  private expand(list: readonly DateEntry[] | undefined, field: string): ExpandedEntry[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      throw new CalendarInputError(field, `${field} must be an array`, `${field} 必须是数组`);
    }
    return list.map((entry: DateEntry, i): ExpandedEntry => {
      const label = `${field}[${i}]`;
      const isObj = typeof entry === 'object' && entry !== null;
      const from = this.checkedDay(isObj ? entry.from : entry, isObj ? `${label}.from` : label);
      const to = isObj && entry.to !== undefined ? this.checkedDay(entry.to, `${label}.to`) : from;
      if (to < from) {
        throw new CalendarInputError(
          `${label}.to`,
          `${label}: range ends (${formatEpochDay(to)}) before it starts (${formatEpochDay(from)})`,
          `${label}：结束日期 ${formatEpochDay(to)} 早于开始日期 ${formatEpochDay(from)}`,
        );
      }
      const days: number[] = [];
      for (let d = from; d <= to; d++) days.push(d);
      const out: ExpandedEntry = { label, days };
      if (isObj && entry.name !== undefined) out.name = entry.name;
      if (isObj && entry.nameZh !== undefined) out.nameZh = entry.nameZh;
      return out;
    });
  }

  private applyOverrides(overrides: CalendarOverrides): void {
    const closures = this.expand(overrides.closures, 'closures');
    const extras = this.expand(overrides.extraWorkdays, 'extraWorkdays');
    const claimed = new Map<number, string[]>();
    for (const e of [...closures, ...extras]) {
      for (const d of e.days) {
        const labels = claimed.get(d);
        if (labels) labels.push(e.label);
        else claimed.set(d, [e.label]);
      }
    }
    const conflicts = [...claimed]
      .filter(([, labels]) => labels.length > 1)
      .sort(([a], [b]) => a - b)
      .map(([d, entries]) => ({ date: formatEpochDay(d), entries }));
    if (conflicts.length > 0) throw new CalendarConflictError(conflicts);

    const apply = (entries: ExpandedEntry[], kind: number, fallback: HolidayName): void => {
      for (const e of entries) {
        const name: HolidayName = { name: e.name ?? e.nameZh ?? fallback.name, nameZh: e.nameZh ?? e.name ?? fallback.nameZh };
        for (const d of e.days) this.set(d - this.firstDay, kind, S_ASSOCIATION, name);
      }
    };
    apply(closures, K_CLOSURE, { name: 'Association closure', nameZh: '协会闭馆' });
    apply(extras, K_EXTRA, { name: 'Association working day', nameZh: '协会加班工作日' });
  }

  // ---- public API -------------------------------------------------------------------

  /** Official years inside the supported range, ascending. All other years are provisional. */
  officialYears(): number[] {
    return [...this.official].sort((a, b) => a - b);
  }

  isOfficialYear(year: number): boolean {
    return this.official.has(year);
  }

  isWorkingDay(date: string): boolean {
    return isWorkingKind(this.kinds[this.indexOf(date, 'date')] ?? K_WEEKEND);
  }

  /** What a day is, why, and whether it is provisional. */
  explainDay(date: string): DayInfo {
    return this.infoAt(this.indexOf(date, 'date'));
  }

  /** Every day of a year, explained. */
  year(year: number): DayInfo[] {
    if (!Number.isInteger(year) || year < this.supportedRange.from || year > this.supportedRange.to) {
      throw new CalendarInputError(
        'year',
        `year must be an integer within ${this.supportedRange.from}-${this.supportedRange.to}, got ${String(year)}`,
        `年份必须是 ${this.supportedRange.from}–${this.supportedRange.to} 之间的整数，收到 ${String(year)}`,
      );
    }
    const start = epochDayOf(year, 1, 1) - this.firstDay;
    const end = epochDayOf(year + 1, 1, 1) - this.firstDay;
    const out: DayInfo[] = [];
    for (let i = start; i < end; i++) out.push(this.infoAt(i));
    return out;
  }

  // ---- kernel used by deadlines.ts (not for application code) ----------------------------

  /** @internal index of an epoch day, or a `CalendarInputError` naming `field`. */
  indexOfDay(epochDay: number, field: string): number {
    const i = epochDay - this.firstDay;
    if (i >= 0 && i < this.size) return i;
    const { from, to } = this.supportedRange;
    const shown = formatEpochDay(epochDay);
    throw new CalendarInputError(
      field,
      `${field} ${shown} is outside the supported calendar range ${from}-${to}`,
      `${field} ${shown} 超出支持的日历范围（${from}–${to} 年）`,
    );
  }

  /** @internal index of the n-th (n ≥ 1) working day after index i, or -1 past the range. */
  nthWorkingAfter(i: number, n: number): number {
    return this.workList[(this.cumWork[i + 1] ?? 0) + n - 1] ?? -1;
  }

  /** @internal index of the last working day before index i, or -1. */
  lastWorkingBefore(i: number): number {
    return this.workList[(this.cumWork[i] ?? 0) - 1] ?? -1;
  }

  /** @internal working days among indices from..to inclusive (0 if to < from). */
  workingCount(from: number, to: number): number {
    return to < from ? 0 : (this.cumWork[to + 1] ?? 0) - (this.cumWork[from] ?? 0);
  }

  /** @internal whether any index in from..to inclusive lies in a provisional year. */
  anyProvisional(from: number, to: number): boolean {
    return to >= from && (this.cumProv[to + 1] ?? 0) - (this.cumProv[from] ?? 0) > 0;
  }

  /** @internal the date of an index (cached). */
  isoAt(i: number): IsoDate {
    return (this.isoCache[i] ??= formatEpochDay(this.firstDay + i));
  }

  private checkedDay(value: unknown, field: string): number {
    return this.indexOfDay(parseIsoDateToDay(value, field), field) + this.firstDay;
  }

  private indexOf(date: string, field: string): number {
    return this.indexOfDay(parseIsoDateToDay(date, field), field);
  }

  private infoAt(i: number): DayInfo {
    const kind = this.kinds[i] ?? K_WEEKEND;
    const info: DayInfo = {
      date: this.isoAt(i),
      weekday: isoWeekday(this.firstDay + i),
      working: isWorkingKind(kind),
      kind: DAY_KINDS[kind] ?? 'weekend',
      source: DAY_SOURCES[this.sources[i] ?? S_OFFICIAL] ?? 'official',
      provisional: this.anyProvisional(i, i),
    };
    const name = this.names.get(i);
    if (name) {
      info.name = name.name;
      info.nameZh = name.nameZh;
    }
    return info;
  }
}

/** Builds a calendar from explicit data (pure; use `createCalendar` for the official data). */
export function buildCalendar(options: BuildCalendarOptions): WorkingCalendar {
  return new WorkingCalendar(options);
}
