import type { DeadlineKey } from '../libs/domain/lifecycle.js';
import { dueAfterWorkingDays, type WorkingCalendar } from '../libs/calendar/index.js';

export interface DeadlineActivityDeps {
  /** Returns the calendar in force now (official data + association overrides). */
  calendar: () => Promise<WorkingCalendar>;
}

export interface ComputedDeadline {
  key: DeadlineKey;
  dueAt: string;
  provisional: boolean;
  description: string;
}

/** SPEC §3: working days after the activity's end for the steps that count from it. */
export const END_ANCHORED_DEADLINES: ReadonlyArray<{ key: DeadlineKey; workingDays: number; label: string }> = [
  { key: 'baseData', workingDays: 2, label: 'Base data' },
  { key: 'draft', workingDays: 7, label: 'Draft' },
  { key: 'final', workingDays: 10, label: 'Final version' },
];

export function createDeadlineActivities({ calendar }: DeadlineActivityDeps) {
  return {
    /** Calendar data is I/O and changes over time, so deadlines are computed here, never in workflow code. */
    async computeEndDeadlines(endAt: string): Promise<ComputedDeadline[]> {
      const cal = await calendar();
      return END_ANCHORED_DEADLINES.map(({ key, workingDays, label }) => {
        const due = dueAfterWorkingDays(cal, new Date(endAt), workingDays);
        return {
          key,
          dueAt: due.dueAt.toISOString(),
          provisional: due.provisional,
          description: `${label} due ${due.dueDate} (${workingDays} working days${due.provisional ? ', provisional' : ''})`,
        };
      });
    },
  };
}
