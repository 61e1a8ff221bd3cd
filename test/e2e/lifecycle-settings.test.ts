/**
 * The lifecycle settings of the environment (LIFECYCLE_*, libs/config/config.ts) reach the
 * workflow: the API records the whole settings object in the input of each lifecycle it starts,
 * and the workflow computes its reminders from it. Real API, worker, dev server and PostgreSQL.
 */
import { createCalendar, previousWorkingDay, shanghaiDate } from '../../libs/calendar/index.js';
import type { DeadlineState } from '../../libs/domain/lifecycle.js';
import type { LifecycleInput } from '../../workflows/definitions.js';
import { activityBody } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const ENV = {
  LIFECYCLE_REMINDER_WORKING_DAYS: '2',
  LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS: '7',
  LIFECYCLE_FEEDBACK_MONTHS: '2',
  LIFECYCLE_RETENTION_YEARS: '10',
};

describe('lifecycle settings from the environment', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(ENV);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('R-10.2 R-13.1 R-16.1: a registration records the configured settings in the workflow input; reminders follow them', async () => {
    // Ended an hour ago: its deadlines are open and still ahead.
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const body = activityBody({ startAt: hoursAgo(3), endAt: hoursAgo(1) });
    const res = await stack.as('staff')('POST', '/api/activities', body);
    expect(res.status).toBe(201);

    const history = await stack.client.workflow.getHandle(res.body.workflowId as string).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input = JSON.parse(Buffer.from(payload!.data!).toString('utf8')) as LifecycleInput;
    expect(input.settings).toEqual({
      reminderWorkingDaysBefore: 2,
      specialMeetingReminderWorkingDays: 7,
      feedbackMonths: 2,
      retentionYears: 10,
    });
    expect(input.settings).toEqual(stack.config.lifecycle);

    // Each open deadline's reminder is 2 working days before its due day, at 09:00 Asia/Shanghai.
    const view = await eventually(
      () => stack.as('staff')('GET', `/api/activities/${res.body.id}`),
      (r) => (r.body?.lifecycle?.deadlines?.length ?? 0) > 0,
    );
    const deadlines = view.body.lifecycle.deadlines as DeadlineState[];
    const cal = createCalendar();
    for (const d of deadlines.filter((x) => x.anchor.kind === 'workingDays')) {
      const dueDay = shanghaiDate(new Date(d.dueAt));
      const twoBefore = previousWorkingDay(cal, previousWorkingDay(cal, dueDay).date).date;
      expect({ key: d.key, remindAt: d.remindAt }).toEqual({ key: d.key, remindAt: new Date(`${twoBefore}T09:00:00+08:00`).toISOString() });
    }
    expect(deadlines.map((d) => d.key)).toEqual(expect.arrayContaining(['baseData', 'draft', 'final']));
  });
});
