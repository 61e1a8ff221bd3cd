import { ApplicationFailure } from '@temporalio/common';
import { CalendarInputError, previousWorkingDay, recomputeDue, type DeadlineAnchor, type WorkingCalendar } from '../libs/calendar/index.js';
import { CALENDAR_INPUT_FAILURE } from '../libs/domain/failures.js';
import type { DeadlineKey } from '../libs/domain/lifecycle.js';
import type { DeadlineToOpen, OpenedDeadline } from '../libs/domain/lifecycle-machine.js';

export interface DeadlineActivityDeps {
  /** Returns the calendar in force now (official data + association overrides). */
  calendar: () => Promise<WorkingCalendar>;
}

/** A deadline to compute, and the calendar's answer (types of the lifecycle machine). */
export type DeadlineSpec = DeadlineToOpen;
export type ComputedDeadline = OpenedDeadline;

const LABELS: Record<DeadlineKey, string> = {
  baseData: 'Base data',
  draft: 'Draft',
  final: 'Final version',
  revision: 'Revision',
  specialMeeting: 'Special meeting reminder',
  archive: 'Archive',
  feedback: 'Feedback record',
  retention: 'Retention ends',
};

function anchorText(anchor: DeadlineAnchor): string {
  switch (anchor.kind) {
    case 'workingDays':
      return `${anchor.days} working day${anchor.days === 1 ? '' : 's'}`;
    case 'months':
      return `${anchor.months} month${anchor.months === 1 ? '' : 's'}`;
    case 'years':
      return `${anchor.years} year${anchor.years === 1 ? '' : 's'}`;
  }
}

/** Reminders go out at 09:00 Asia/Shanghai, the start of the working day before the due day. */
function reminderAt(cal: WorkingCalendar, dueDate: string, workingDaysBefore: number): string | null {
  if (workingDaysBefore <= 0) return null;
  let day = dueDate;
  for (let i = 0; i < workingDaysBefore; i++) day = previousWorkingDay(cal, day).date;
  return new Date(`${day}T09:00:00+08:00`).toISOString();
}

export function computeDeadline(cal: WorkingCalendar, spec: DeadlineSpec): ComputedDeadline {
  const due = recomputeDue(cal, spec.anchor);
  const label = spec.key === 'revision' && spec.occurrence > 1 ? `${LABELS.revision} #${spec.occurrence}` : LABELS[spec.key];
  return {
    ...spec,
    dueAt: due.dueAt.toISOString(),
    remindAt: reminderAt(cal, due.dueDate, spec.remindWorkingDaysBefore),
    provisional: due.provisional,
    description: `${label} due ${due.dueDate} (${anchorText(spec.anchor)}${due.provisional ? ', provisional' : ''})`,
  };
}

export function createDeadlineActivities({ calendar }: DeadlineActivityDeps) {
  return {
    /**
     * Calendar data is I/O and changes over time, so due times are computed here, never in
     * workflow code; the result is recorded in history and replays never change it.
     */
    async computeDeadlines(specs: DeadlineSpec[]): Promise<ComputedDeadline[]> {
      const cal = await calendar();
      try {
        return specs.map((spec) => computeDeadline(cal, spec));
      } catch (err) {
        // Bad input never heals with a retry: the workflow refuses the message that carried it.
        if (!(err instanceof CalendarInputError)) throw err;
        throw ApplicationFailure.create({
          type: CALENDAR_INPUT_FAILURE,
          message: err.message,
          nonRetryable: true,
          details: [{ field: err.field, messageZh: err.messageZh }],
        });
      }
    },
  };
}
