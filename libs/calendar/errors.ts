/**
 * Typed calendar errors. The API maps `CalendarInputError` to 400 and `CalendarConflictError`
 * to 409 (by `code`, once, at the edge); activities should turn both into non-retryable
 * business failures.
 */

export type CalendarErrorCode = 'CALENDAR_INPUT' | 'CALENDAR_CONFLICT';

/** Bad input: unparsable date or instant, year outside the supported range, negative count… */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
  readonly code: CalendarErrorCode = 'CALENDAR_INPUT';

  constructor(
    /** The offending input field, e.g. `after`, `days`, `closures[2].to`, `anchor.from`. */
    readonly field: string,
    message: string,
    /** The same message in Chinese, for the association's users. */
    readonly messageZh: string,
  ) {
    super(message);
  }
}

/** A date claimed by two override entries (twice a closure, or both a closure and an extra working day). */
export interface CalendarConflict {
  date: string;
  /** Labels of the entries that claim this date, e.g. `closures[0]`, `extraWorkdays[1]`. */
  entries: string[];
}

/** Overlapping or contradictory calendar entries. */
export class CalendarConflictError extends Error {
  override readonly name = 'CalendarConflictError';
  readonly code: CalendarErrorCode = 'CALENDAR_CONFLICT';
  /** The conflicting dates, sorted, each once. */
  readonly dates: string[];

  constructor(
    readonly conflicts: CalendarConflict[],
    readonly messageZh: string = `日历条目冲突：${conflicts.map((c) => c.date).join('、')}`,
  ) {
    super(`Conflicting calendar entries on ${conflicts.map((c) => `${c.date} (${c.entries.join(' vs ')})`).join(', ')}`);
    this.dates = conflicts.map((c) => c.date);
  }
}
