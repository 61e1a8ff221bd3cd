/**
 * Association overrides as stored rows, and the check a new row must pass (pure, no I/O).
 * No two rows may share a day: the same kind twice is redundant, a closure and an extra working
 * day on one day are contradictory. The database enforces the same rule (exclusion constraint).
 */
import {
  CalendarConflictError,
  CalendarInputError,
  createCalendar,
  parseIsoDate,
  type CalendarConflict,
  type CalendarOverrides,
  type IsoDate,
} from '../calendar/index.js';
import type { CalendarOverrideKind } from '../db/entities/calendar-override.entity.js';

export type { CalendarOverrideKind };
export const OVERRIDE_KINDS: readonly CalendarOverrideKind[] = ['closure', 'extra_workday'];

export interface CalendarOverrideRecord {
  id: string;
  kind: CalendarOverrideKind;
  dateFrom: IsoDate;
  /** Inclusive. */
  dateTo: IsoDate;
  nameZh: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface NewCalendarOverride {
  kind: CalendarOverrideKind;
  dateFrom: string;
  /** Defaults to dateFrom (a single day). */
  dateTo?: string;
  nameZh: string;
  reason?: string | null;
}

/** A new entry, checked and normalised. */
export type ValidOverride = Omit<CalendarOverrideRecord, 'id' | 'createdBy' | 'createdAt'>;

/** An existing entry sharing days with the candidate, and the shared span. */
export interface OverrideOverlap {
  existing: CalendarOverrideRecord;
  from: IsoDate;
  to: IsoDate;
  /** Different kinds: the day would be both closed and working. */
  contradictory: boolean;
  message: string;
  messageZh: string;
}

const KIND_EN: Record<CalendarOverrideKind, string> = { closure: 'closure', extra_workday: 'extra working day' };
const KIND_ZH: Record<CalendarOverrideKind, string> = { closure: '闭馆日', extra_workday: '加班工作日' };

const span = (from: string, to: string): string => (from === to ? from : `${from}..${to}`);
const spanZh = (from: string, to: string): string => (from === to ? from : `${from} 至 ${to}`);

/** The calendar library's input shape; names are given in Chinese only (the library shows them as entered). */
export function toCalendarOverrides(records: readonly CalendarOverrideRecord[]): CalendarOverrides {
  const entries = (kind: CalendarOverrideKind) =>
    records.filter((r) => r.kind === kind).map((r) => ({ from: r.dateFrom, to: r.dateTo, nameZh: r.nameZh }));
  return { closures: entries('closure'), extraWorkdays: entries('extra_workday') };
}

/** Existing entries that share at least one day with [from, to] (ISO dates compare as strings). */
export function findOverlaps(
  existing: readonly CalendarOverrideRecord[],
  candidate: Pick<ValidOverride, 'kind' | 'dateFrom' | 'dateTo'>,
): OverrideOverlap[] {
  return existing
    .filter((e) => e.dateFrom <= candidate.dateTo && candidate.dateFrom <= e.dateTo)
    .sort((a, b) => (a.dateFrom < b.dateFrom ? -1 : 1))
    .map((e) => {
      const from = e.dateFrom > candidate.dateFrom ? e.dateFrom : candidate.dateFrom;
      const to = e.dateTo < candidate.dateTo ? e.dateTo : candidate.dateTo;
      const contradictory = e.kind !== candidate.kind;
      const what = `the ${KIND_EN[e.kind]} "${e.nameZh}" (${span(e.dateFrom, e.dateTo)}, id ${e.id})`;
      const whatZh = `${KIND_ZH[e.kind]}「${e.nameZh}」（${spanZh(e.dateFrom, e.dateTo)}）`;
      return {
        existing: e,
        from,
        to,
        contradictory,
        message: contradictory
          ? `${span(from, to)} is already ${what}: a day cannot be both a closure and an extra working day`
          : `${span(from, to)} overlaps ${what}`,
        messageZh: contradictory
          ? `${spanZh(from, to)} 已是${whatZh}，同一天不能既是闭馆日又是加班工作日`
          : `${spanZh(from, to)} 与已有的${whatZh}重叠`,
      };
    });
}

/** A new entry overlapping or contradicting stored ones; `overlaps` has one item per stored entry. */
export class OverrideConflictError extends CalendarConflictError {
  constructor(
    readonly candidate: ValidOverride,
    readonly overlaps: OverrideOverlap[],
  ) {
    super(
      conflictsOf(candidate, overlaps),
      `新的${KIND_ZH[candidate.kind]}与已有日历条目冲突：${overlaps.map((o) => o.messageZh).join('；')}`,
    );
    // One line per stored entry instead of the library's one per day (a range can be long).
    const entries = overlaps.map((o) => o.message).join('; ');
    this.message = `The new ${KIND_EN[candidate.kind]} conflicts with existing calendar entries: ${entries}`;
  }
}

function conflictsOf(candidate: ValidOverride, overlaps: OverrideOverlap[]): CalendarConflict[] {
  const byDate = new Map<string, string[]>();
  for (const o of overlaps) {
    for (let d = o.from; d <= o.to; d = nextDate(d)) {
      const entries = byDate.get(d) ?? [`new ${KIND_EN[candidate.kind]}`];
      entries.push(`${KIND_EN[o.existing.kind]} ${o.existing.id}`);
      byDate.set(d, entries);
    }
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, entries]) => ({ date, entries }));
}

function nextDate(date: IsoDate): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) as IsoDate;
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * Checks a new entry against the stored ones: valid dates, to ≥ from, inside the calendar's
 * supported range, no shared day with any stored entry. Finally builds the calendar with it, so
 * anything else the calendar library refuses is refused here too, before the row is written.
 * Throws `CalendarInputError` (→ 400) or `OverrideConflictError` / `CalendarConflictError` (→ 409).
 */
export function validateNewOverride(existing: readonly CalendarOverrideRecord[], input: NewCalendarOverride): ValidOverride {
  if (!OVERRIDE_KINDS.includes(input.kind)) {
    throw new CalendarInputError(
      'kind',
      `kind must be closure or extra_workday, got ${JSON.stringify(input.kind)}`,
      `kind 必须是 closure 或 extra_workday，收到 ${JSON.stringify(input.kind)}`,
    );
  }
  const dateFrom = parseIsoDate(input.dateFrom, 'dateFrom');
  const dateTo = parseIsoDate(input.dateTo ?? input.dateFrom, 'dateTo');
  if (dateTo < dateFrom) {
    throw new CalendarInputError(
      'dateTo',
      `dateTo (${dateTo}) is before dateFrom (${dateFrom})`,
      `结束日期 dateTo（${dateTo}）早于开始日期 dateFrom（${dateFrom}）`,
    );
  }
  const current = createCalendar(toCalendarOverrides(existing));
  const { from, to } = current.supportedRange;
  for (const [field, date] of [
    ['dateFrom', dateFrom],
    ['dateTo', dateTo],
  ] as const) {
    if (yearOf(date) < from || yearOf(date) > to) {
      throw new CalendarInputError(
        field,
        `${field} ${date} is outside the supported calendar range ${from}-${to}`,
        `${field} ${date} 超出支持的日历范围（${from}–${to} 年）`,
      );
    }
  }
  const candidate: ValidOverride = { kind: input.kind, dateFrom, dateTo, nameZh: input.nameZh, reason: input.reason ?? null };
  const overlaps = findOverlaps(existing, candidate);
  if (overlaps.length > 0) throw new OverrideConflictError(candidate, overlaps);
  createCalendar(toCalendarOverrides([...existing, { ...candidate, id: 'new', createdBy: '', createdAt: '' }]));
  return candidate;
}
