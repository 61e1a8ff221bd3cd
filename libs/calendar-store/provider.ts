import type { DataSource } from 'typeorm';
import { createCalendar, type WorkingCalendar } from '../calendar/index.js';
import { CalendarOverrideStore } from './store.js';

export type CalendarProvider = () => Promise<WorkingCalendar>;

/**
 * The calendar in force: official data (with the years an admin imported) plus the association's
 * closures and extra working days from PostgreSQL. Each call reads the overrides' version counter (one primary-key SELECT) and
 * rebuilds only when it moved. The version is checked on every call, not every few seconds:
 * a workflow recomputes its deadlines as soon as the API's `calendarChanged` signal arrives,
 * milliseconds after the commit, and must not get the calendar from before it.
 */
export function calendarProvider(dataSource: DataSource): CalendarProvider {
  const store = new CalendarOverrideStore(dataSource);
  let cached: { version: string; calendar: WorkingCalendar } | undefined;
  let building: { version: string; calendar: Promise<WorkingCalendar> } | undefined;
  return async () => {
    const version = await store.version();
    if (cached?.version === version) return cached.calendar;
    if (building?.version !== version) {
      // Overrides are read after the version, so the data is at least that new; a change in
      // between only costs one more rebuild on the next call.
      const b = { version, calendar: Promise.all([store.overrides(), store.importedYears()]).then(([o, y]) => createCalendar(o, y)) };
      building = b;
      b.calendar
        .then(
          (calendar) => (cached = { version, calendar }),
          () => undefined,
        )
        .finally(() => {
          if (building === b) building = undefined;
        });
    }
    return building.calendar;
  };
}
