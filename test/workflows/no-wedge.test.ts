/**
 * The lifecycle no input can wedge (the workflow shell over libs/domain/lifecycle-machine.ts):
 * refusals change nothing, deadlines are computed before a transition, handlers take turns,
 * escalations always resolve, reminders reach whoever holds the summary, settings are recorded.
 */
import { computeDeadline } from '../../activities/deadline.activities.js';
import { createCalendar, type DeadlineAnchor } from '../../libs/calendar/index.js';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import { calendarChangedSignal, recordSpecialMeetingSignal, reviewUpdate, type LifecycleInput } from '../../workflows/definitions.js';
import { actors, from } from '../support/actors.js';
import { recordActivity, startTimeSkipping } from './support/env.js';
import { LifecycleDriver, refusalOf } from './support/lifecycle-driver.js';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => {
  t = await startTimeSkipping();
});
afterAll(async () => {
  await t?.stop();
});

const calendar = createCalendar();

async function justEnded(overrides: Partial<LifecycleInput> = {}): Promise<LifecycleDriver> {
  const endAt = new Date((await t.env.currentTimeMs()) - 3_600_000).toISOString();
  const input = await recordActivity(t.dataSource, { endAt, ...overrides });
  const driver = await LifecycleDriver.start(t.env, t.taskQueue, input);
  await driver.until((s) => s.deadlines.length === 3);
  return driver;
}

/** Today in Asia/Shanghai on the test server's clock. */
const today = async () => new Date((await t.env.currentTimeMs()) + 8 * 3_600_000).toISOString().slice(0, 10);

/** A major activity returned three times at level 1: it waits for the VP's special meeting. */
async function atSpecialMeeting(): Promise<LifecycleDriver> {
  const d = await justEnded({ isMajor: true });
  for (let i = 0; i < 3; i++) {
    await d.submit();
    await d.review(1, 'return');
  }
  expect((await d.state()).stage).toBe('AWAITING_SPECIAL_MEETING');
  return d;
}

describe('a typo cannot freeze a lifecycle', () => {
  it(
    'R-10.2 a special meeting dated 2026-02-30 is refused as update ' + 'and as signal; the lifecycle waits on and can still be finalized',
    async () => {
      const d = await atSpecialMeeting();
      const before = await d.state();

      const started = Date.now();
      const refusal = await refusalOf(d.meeting('revise', '2026-02-30'));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refusal).toMatchObject({ code: 'INVALID', field: 'date', stage: 'AWAITING_SPECIAL_MEETING' });
      expect(refusal.messageZh).toContain('2026-02-30');
      await d.handle.signal(recordSpecialMeetingSignal, d.meetingMessage('revise', '2026-02-30'));
      // A date before the activity ended, and one in the future, are refused the same way.
      expect(await refusalOf(d.meeting('revise', '2020-01-01'))).toMatchObject({ code: 'INVALID', field: 'date' });
      expect(await refusalOf(d.meeting('revise', '2099-01-01'))).toMatchObject({ code: 'INVALID', field: 'date' });
      expect(await d.state()).toEqual(before);

      const s = await d.meeting('finalize', await today());
      expect(s.stage).toBe('ARCHIVING');
      expect(d.deadline(s, 'specialMeeting').status).toBe('met');
      expect(d.deadline(s, 'archive').status).toBe('pending');
      await d.recordHistory('local-steps-special-meeting-typo-refused-then-finalized');
    },
  );

  it(
    'SPEC §3 a calendar that cannot be read refuses the message ' + '(UNAVAILABLE) within seconds and changes nothing; the retry succeeds',
    async () => {
      const d = await justEnded();
      await d.submit();
      const before = await d.state();
      t.setCalendarFailure(new Error('calendar store unreachable'));
      try {
        const started = Date.now();
        const refusal = await refusalOf(d.review(1, 'return'));
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(refusal).toMatchObject({ code: 'UNAVAILABLE', stage: 'IN_REVIEW_L1' });
        expect(await d.state()).toEqual(before);
      } finally {
        t.setCalendarFailure(null);
      }
      const s = await d.review(1, 'return');
      expect(s).toMatchObject({ stage: 'REVISING', revisionCount: 1 });
      expect(d.deadline(s, 'revision').status).toBe('pending');
    },
  );

  it('SPEC §3 two final approvals sent at once: one is taken, the other refused; one archive deadline', async () => {
    const d = await justEnded();
    await d.submit();
    await d.review(1, 'approve');
    await d.review(2, 'approve');
    const results = await Promise.allSettled([d.review(3, 'approve', actors.vp), d.review(3, 'approve', actors.sg)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(await refusalOf(Promise.reject(rejected.reason))).toMatchObject({ code: 'WRONG_STAGE', stage: 'ARCHIVING' });
    const s = await d.state();
    expect(s.deadlines.filter((x) => x.key === 'archive')).toHaveLength(1);
    expect(s.reviews.filter((r) => r.level === 3)).toHaveLength(1);
  });
});

describe('rules the workflow now keeps', () => {
  it('R-7.1 a draft needs base data first (BASE_DATA_MISSING); the base-data step is met only once the expenses are settled', async () => {
    const d = await justEnded();
    const { submitDraftUpdate } = await import('../../workflows/definitions.js');
    const draft = { ...from(actors.staff), versionId: 'v-early', blockingFindings: 0, warningFindings: 0 };
    expect(await refusalOf(d.handle.executeUpdate(submitDraftUpdate, { args: [draft] }))).toMatchObject({
      code: 'BASE_DATA_MISSING',
      stage: 'DRAFTING',
    });

    let s = await d.handle.executeUpdate((await import('../../workflows/definitions.js')).submitBaseDataUpdate, {
      args: [{ ...from(actors.staff), participants: { online: 10, offline: 20 }, expenseSettled: false }],
    });
    expect(d.deadline(s, 'baseData').status).toBe('pending');
    s = await d.baseData({ online: 12, offline: 20 });
    expect(d.deadline(s, 'baseData').status).toBe('met');
    expect(s.baseData?.participants).toEqual({ online: 12, offline: 20 });
    expect(s.baseDataHistory?.map((b) => b.participants)).toEqual([{ online: 10, offline: 20 }]);

    // Corrections are accepted until the final version exists.
    await d.submit();
    expect((await d.baseData({ online: 13, offline: 20 })).baseDataHistory).toHaveLength(2);
    await d.approveAll();
    expect(await refusalOf(d.baseData())).toMatchObject({ code: 'WRONG_STAGE', stage: 'ARCHIVING' });
  });

  it(
    'R-8 four eyes: a department head who submitted the version ' + 'cannot review it at level 1 (OWN_SUBMISSION); another head can',
    async () => {
      const d = await justEnded();
      await d.submit(actors.deptHead);
      const before = await d.state();
      expect(await refusalOf(d.review(1, 'approve', actors.deptHead))).toMatchObject({ code: 'OWN_SUBMISSION', stage: 'IN_REVIEW_L1' });
      expect(await d.state()).toEqual(before);
      const secondHead = { ...actors.deptHead, userId: 'u-dept-head-2' };
      expect((await d.review(1, 'approve', secondHead)).stage).toBe('IN_REVIEW_L2');
    },
  );

  it('R-8 a return needs a comment', async () => {
    const d = await justEnded();
    await d.submit();
    const msg = { ...from(actors.deptHead), level: 1 as const, decision: 'return' as const, comments: [{ text: '   ' }] };
    expect(await refusalOf(d.handle.executeUpdate(reviewUpdate, { args: [msg] }))).toMatchObject({ code: 'INVALID', field: 'comments' });
  });
});

describe('escalations always resolve and reach the right person', () => {
  it(
    'SPEC §3 a reminder goes to whoever holds the summary: the ' +
      'final-version reminder reaches admin while the summary waits at level 2',
    async () => {
      const d = await justEnded();
      await d.submit();
      await d.review(1, 'approve');
      const s = await d.until(
        (x) => x.escalations.some((e) => e.kind === 'reminder' && e.deadlineKey === 'final' && e.recipients.length > 0),
        '6 hours',
      );
      expect(s.stage).toBe('IN_REVIEW_L2');
      expect(s.escalations.find((e) => e.kind === 'reminder' && e.deadlineKey === 'final')!.recipients).toEqual(['admin']);
    },
  );
});

describe('settings recorded at registration', () => {
  const at = (anchor: DeadlineAnchor, before: number) =>
    computeDeadline(calendar, { key: 'draft', occurrence: 1, anchor, remindWorkingDaysBefore: before });

  it('SPEC §3 the reminder lead time comes from the recorded settings, also when a calendar change recomputes the deadlines', async () => {
    const d = await justEnded({ settings: { reminderWorkingDaysBefore: 2 } });
    let s: LifecycleState = await d.state();
    const draft = d.deadline(s, 'draft');
    expect(draft.remindAt).toBe(at(draft.anchor, 2).remindAt);
    await d.handle.signal(calendarChangedSignal, { reason: 'test' });
    s = await d.until((x) => x.version > s.version);
    expect(d.deadline(s, 'draft').remindAt).toBe(at(draft.anchor, 2).remindAt);
  });
});
