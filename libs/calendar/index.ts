/**
 * Working-day calendar for deadline arithmetic (SPEC §3, §7).
 *
 * `createCalendar` loads the official schedules from chinese-days (the only I/O, in
 * official-data.ts); everything else is pure and can be given hand-made data through
 * `buildCalendar`. Deadlines are computed in activities, never in workflow code: the workflow
 * keeps the `DeadlineAnchor` and asks an activity to `recomputeDue` when the calendar changes.
 */
import { buildCalendar, type CalendarOverrides, type WorkingCalendar } from './calendar.js';
import { withImportedYears, type ImportedOfficialYear } from './imported-years.js';
import { loadOfficialData } from './official-data.js';

export {
  buildCalendar,
  DAY_KINDS,
  DAY_SOURCES,
  MAX_SUPPORTED_RANGE,
  WorkingCalendar,
  type BuildCalendarOptions,
  type CalendarOverrides,
  type DateEntry,
  type DayInfo,
  type DayKind,
  type DaySource,
  type OfficialData,
  type YearRange,
} from './calendar.js';
export {
  addCalendarMonths,
  addCalendarYears,
  dueAfterWorkingDays,
  nextWorkingDay,
  previousWorkingDay,
  recomputeDue,
  workingDaysBetween,
  type CalendarDay,
  type Deadline,
  type DeadlineAnchor,
} from './deadlines.js';
export { parseInstant, parseIsoDate, shanghaiDate, type IsoDate } from './dates.js';
export { CalendarConflictError, CalendarInputError, type CalendarConflict, type CalendarErrorCode } from './errors.js';
export { detectOfficialYears, loadOfficialData, officialDataFromTable, type ChineseDaysTable } from './official-data.js';
export { statutoryHolidays, type HolidayName, type StatutoryHoliday } from './provisional.js';
export { validateImportedYear, withImportedYears, type ImportedOfficialYear, type OfficialDay } from './imported-years.js';

/**
 * The association's calendar: official PRC schedules (chinese-days, plus years an admin imported),
 * provisional years, overrides.
 */
export function createCalendar(overrides?: CalendarOverrides, imported: readonly ImportedOfficialYear[] = []): WorkingCalendar {
  return buildCalendar({ official: withImportedYears(loadOfficialData(), imported), overrides });
}

/** The official years in force: the package's and the imported ones (the worker announces new ones at start). */
export function officialYearsWith(imported: readonly ImportedOfficialYear[]): number[] {
  return withImportedYears(loadOfficialData(), imported).years.slice();
}
