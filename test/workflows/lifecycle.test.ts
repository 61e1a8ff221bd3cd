import { WorkflowFailedError } from '@temporalio/client';
import { computeDeadline } from '../../activities/deadline.activities.js';
import { createCalendar, type DeadlineAnchor } from '../../libs/calendar/index.js';
import { ActivityEntity } from '../../libs/db/entities/activity.entity.js';
import { EscalationEntity } from '../../libs/db/entities/escalation.entity.js';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import { calendarChangedSignal, reviewSignal, stateQuery, type LifecycleInput } from '../../workflows/definitions.js';
import { actors, from } from '../support/actors.js';
import { recordActivity, startTimeSkipping } from './support/env.js';
import { LifecycleDriver, refusalOf } from './support/lifecycle-driver.js';
import { eventually } from './support/lifecycle-messages.js';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => {
  t = await startTimeSkipping();
});
afterAll(async () => {
  await t?.stop();
});

const calendar = createCalendar();
/** The due time the calendar gives for an anchor (the calendar has its own table tests). */
const due = (anchor: DeadlineAnchor) => computeDeadline(calendar, { key: 'draft', occurrence: 1, anchor, remindWorkingDaysBefore: 1 });

/** An activity that ended an hour ago (so every deadline lies ahead), recorded and started. */
async function justEnded(overrides: Partial<LifecycleInput> = {}): Promise<LifecycleDriver> {
  const endAt = new Date((await t.env.currentTimeMs()) - 3_600_000).toISOString();
  const input = await recordActivity(t.dataSource, { endAt, ...overrides });
  const driver = await LifecycleDriver.start(t.env, t.taskQueue, input);
  await driver.until((s) => s.deadlines.length === 3);
  return driver;
}

const escalationsOf = (s: LifecycleState, kind: 'overdue' | 'reminder') =>
  s.escalations.filter((e) => e.kind === kind).map((e) => `${e.deadlineKey}#${e.occurrence}:${e.recipients.join('+')}`);

/** The overdue escalation of `key` fired when its deadline passed (within a minute), not a step later. */
/** The workflow's `IsOverdue` search attribute, once it reads `expected` (upserted with each change; visible after that task). */
async function isOverdueAttribute(d: LifecycleDriver, expected: boolean): Promise<unknown> {
  const read = async () => (await d.handle.describe()).searchAttributes.IsOverdue;
  return (await eventually(read, (v) => Array.isArray(v) && v[0] === expected)).value;
}

function expectFiredAtDue(s: LifecycleState, key: string, dueAt: string): void {
  const fired = s.escalations.find((e) => e.kind === 'overdue' && e.deadlineKey === key);
  expect(fired).toBeDefined();
  const lateMs = Date.parse(fired!.firedAt) - Date.parse(dueAt);
  expect(lateMs).toBeGreaterThanOrEqual(0);
  expect(lateMs).toBeLessThan(60_000);
}

describe('start of the lifecycle', () => {
  it('R-7.1 waits durably for the end, then computes base data, draft and final deadlines from the calendar', async () => {
    const now = await t.env.currentTimeMs();
    const endAt = new Date(now + 3 * 24 * 3_600_000).toISOString();
    const input = await recordActivity(t.dataSource, { endAt });
    const driver = await LifecycleDriver.start(t.env, t.taskQueue, input);
    expect((await driver.state()).stage).toBe('AWAITING_END');

    await t.env.sleep('3 days');
    const s = await driver.until((x) => x.deadlines.length === 3);
    expect(s.stage).toBe('DRAFTING');
    expect(s.deadlines.map((d) => [d.key, d.dueAt, d.status])).toEqual([
      ['baseData', due({ kind: 'workingDays', from: endAt, days: 2 }).dueAt, 'pending'],
      ['draft', due({ kind: 'workingDays', from: endAt, days: 7 }).dueAt, 'pending'],
      ['final', due({ kind: 'workingDays', from: endAt, days: 10 }).dueAt, 'pending'],
    ]);
    const row = await t.dataSource.getRepository(ActivityEntity).findOneByOrFail({ id: input.activityId });
    expect(row.stage).toBe('DRAFTING');
    // The end's step as a local activity (LOCAL_STEPS_PATCH) after a durable wait.
    await driver.recordHistory('local-steps-waited-for-the-end');
  });

  it(
    'R-7.1 R-7.2 R-7.3 an activity registered after its deadlines ' + 'marks each overdue exactly once, escalated to SPEC §3 recipients',
    async () => {
      const input = await recordActivity(t.dataSource, { endAt: '2026-09-30T09:30:00.000Z' });
      const driver = await LifecycleDriver.start(t.env, t.taskQueue, input);
      const s = await driver.until((x) => escalationsOf(x, 'overdue').length === 3 && x.escalations.every((e) => e.recipients.length));
      expect(driver.deadline(s, 'baseData')).toMatchObject({ dueAt: '2026-10-09T15:59:59.000Z', status: 'overdue' });
      expect(escalationsOf(s, 'overdue')).toEqual([
        'baseData#1:dept_head@publicity',
        'draft#1:dept_head@publicity+admin',
        'final#1:vp+secretary_general',
      ]);
      expect(escalationsOf(s, 'reminder')).toEqual([]); // too late to remind
      await t.env.sleep('30 days');
      expect((await driver.state()).escalations).toHaveLength(3);
      const rows = await t.dataSource.getRepository(EscalationEntity).findBy({ activityId: input.activityId });
      expect(rows.map((r) => r.deadlineKey).sort()).toEqual(['baseData', 'draft', 'final']);
    },
  );

  it('closes as an orphan when the registering transaction never committed its row', async () => {
    const input: LifecycleInput = {
      activityId: '00000000-0000-4000-8000-000000000000',
      name: 'never committed',
      type: 'other',
      leadDepartment: 'publicity',
      endAt: '2026-09-30T09:30:00.000Z',
      isMajor: false,
      permanent: false,
    };
    const handle = await t.env.client.workflow.start('activityLifecycle', {
      workflowId: 'activity-orphan',
      taskQueue: t.taskQueue,
      args: [input],
    });
    const result = (await handle.result().catch((e: unknown) => {
      throw e instanceof WorkflowFailedError ? (e.cause ?? e) : e;
    })) as LifecycleState;
    expect(result.stage).toBe('CLOSED');
  });
});

describe('on time through review, archive, feedback and retention', () => {
  it('R-7.1 R-7.2 R-8 R-7.3 R-12.3 R-16.1 R-13.1 every step on time: deadlines met, no escalation, disposal after 3 years', async () => {
    const d = await justEnded();
    await d.baseData();
    let s = await d.submit();
    expect(s.stage).toBe('IN_REVIEW_L1');
    expect((await d.review(1, 'approve')).stage).toBe('IN_REVIEW_L2');
    expect((await d.review(2, 'approve')).stage).toBe('IN_REVIEW_L3');
    s = await d.review(3, 'approve', actors.sg);
    expect(s.stage).toBe('ARCHIVING');
    for (const key of ['baseData', 'draft', 'final']) expect(d.deadline(s, key).status).toBe('met');
    expect(d.deadline(s, 'archive')).toMatchObject({ status: 'pending' });

    expect((await d.archive('paper')).stage).toBe('ARCHIVING');
    s = await d.archive('electronic');
    expect(s.stage).toBe('FEEDBACK');
    const archivedAt = s.archive[1]!.at;
    expect(d.deadline(s, 'feedback').dueAt).toBe(due({ kind: 'months', from: archivedAt, months: 1 }).dueAt);
    expect(d.deadline(s, 'retention').dueAt).toBe(due({ kind: 'years', from: archivedAt, years: 3 }).dueAt);

    const firstRunId = (await d.handle.describe()).runId;
    s = await d.feedback();
    expect(s.stage).toBe('RETAINED');
    expect(escalationsOf(s, 'overdue')).toEqual([]);

    // three years later the retention ends and the archivist reviews the disposal.
    await t.env.sleep(`${3 * 366} days`);
    s = await d.until((x) => d.deadline(x, 'retention').status === 'overdue');
    expect(escalationsOf(s, 'overdue')).toEqual(['retention#1:archivist']);
    expect(await isOverdueAttribute(d, true)).toEqual([true]);
    s = await d.dispose('destroy');
    expect(s.stage).toBe('DISPOSED');
    expect(((await d.handle.result()) as LifecycleState).stage).toBe('DISPOSED');
    // Closed with nothing open: the Temporal UI's IsOverdue filter no longer lists it.
    expect(await isOverdueAttribute(d, false)).toEqual([false]);
    await d.recordHistory('local-steps-on-time-until-retention', firstRunId);
    await d.recordHistory('local-steps-retention-run-disposed');
    const row = await t.dataSource.getRepository(ActivityEntity).findOneByOrFail({ id: s.activityId });
    expect(row).toMatchObject({ stage: 'DISPOSED', isOverdue: false });
    expect(row.lifecycle?.stage).toBe('DISPOSED');
  });

  it(
    'R-13.1 a permanent summary has no retention deadline and stays open once retained; ' +
      'admin undoes the mark and the retention runs from the archive date to the disposal review',
    async () => {
      const d = await justEnded({ permanent: true });
      await d.submit();
      await d.approveAll();
      await d.archive('electronic');
      let s = await d.archive('paper');
      expect(s.deadlines.map((x) => x.key)).not.toContain('retention');
      const archivedAt = s.archive[1]!.at;
      s = await d.feedback();
      expect(s.stage).toBe('RETAINED');
      // Years pass: nothing wakes it, and it is still there for the undo (continued as new at the boundary).
      await t.env.sleep('400 days');
      expect((await d.handle.describe()).status.name).toBe('RUNNING');

      s = await d.setPermanent(false, '误标为永久保管,恢复三年保管期');
      expect(s.permanent).toBe(false);
      expect(s.retentionChanges).toEqual([expect.objectContaining({ permanent: false, reason: '误标为永久保管,恢复三年保管期' })]);
      expect(d.deadline(s, 'retention')).toMatchObject({
        status: 'pending',
        dueAt: due({ kind: 'years', from: archivedAt, years: 3 }).dueAt,
      });
      await t.env.sleep(`${3 * 366} days`);
      s = await d.until((x) => d.deadline(x, 'retention').status === 'overdue');
      expect(escalationsOf(s, 'overdue')).toEqual(['retention#1:archivist']);

      // Marked permanent again at the disposal review: the overdue retention is waived, its escalation resolved.
      s = await d.setPermanent(true, '经理事会决定永久保存');
      expect(d.deadline(s, 'retention')).toMatchObject({ status: 'waived' });
      // The projection (lists, the activity row) follows: permanent, nothing overdue, the escalation resolved.
      const id = s.activityId;
      const row = await eventually(
        () => t.dataSource.getRepository(ActivityEntity).findOneByOrFail({ id }),
        (r) => r.permanent && !r.isOverdue,
      );
      expect(row.value).toMatchObject({ permanent: true, isOverdue: false });
      const escalation = await eventually(
        () =>
          t.dataSource
            .getRepository(EscalationEntity)
            .findOneByOrFail({ activityId: id, deadlineKey: 'retention', kind: 'overdue', occurrence: 1 }),
        (e) => e.resolvedAt !== null,
      );
      expect(escalation.ok).toBe(true);
      await d.recordHistory('local-steps-permanent-undone-then-marked-again');
    },
  );

  it(
    'R-13.1 extending the retention adds a new retention deadline from ' +
      'the old one; the expired one is waived and its escalation resolved',
    async () => {
      const d = await justEnded();
      await d.submit();
      await d.approveAll();
      await d.archive('paper');
      await d.archive('electronic');
      await d.feedback();
      await t.env.sleep(`${3 * 366} days`);
      await d.until((x) => x.deadlines.some((y) => y.key === 'retention' && y.status === 'overdue'));
      const s = await d.dispose('extend', 2);
      expect(s.stage).toBe('RETAINED');
      const first = d.deadline(s, 'retention', 1);
      expect(first.status).toBe('waived');
      expect(d.deadline(s, 'retention', 2).dueAt).toBe(due({ kind: 'years', from: first.dueAt, years: 2 }).dueAt);
      expect(s.deadlines.some((x) => x.status === 'overdue')).toBe(false);
      const escalation = () =>
        t.dataSource
          .getRepository(EscalationEntity)
          .findOneByOrFail({ activityId: s.activityId, deadlineKey: 'retention', kind: 'overdue', occurrence: 1 });
      for (let i = 0; i < 50 && !(await escalation()).resolvedAt; i++) await t.env.sleep('1 minute');
      expect((await escalation()).resolvedAt).not.toBeNull();
    },
  );
});

describe('reminders and overdue escalations', () => {
  it('SPEC §3 a reminder goes to whoever must act 1 working day before the base-data deadline', async () => {
    const d = await justEnded();
    const s0 = await d.state();
    const baseData = d.deadline(s0, 'baseData');
    expect(Date.parse(baseData.remindAt!)).toBeLessThan(Date.parse(baseData.dueAt));
    const s = await d.until((x) => escalationsOf(x, 'reminder').some((e) => e.startsWith('baseData')));
    expect(escalationsOf(s, 'reminder')[0]).toBe('baseData#1:staff@publicity');
    expect(d.deadline(s, 'baseData').status).toBe('pending');
  });

  it('R-7.2 a late draft escalates to the dept head and admin, and resolves when submitted', async () => {
    const d = await justEnded();
    const s = await d.until((x) => d.deadline(x, 'draft').status === 'overdue', '6 hours');
    expect(escalationsOf(s, 'overdue')).toEqual(expect.arrayContaining(['draft#1:dept_head@publicity+admin']));
    expect(await isOverdueAttribute(d, true)).toEqual([true]);
    const after = await d.submit();
    expect(d.deadline(after, 'draft')).toMatchObject({ status: 'met', escalatedAt: expect.any(String) });
    expect(await isOverdueAttribute(d, false)).toEqual([false]);
    const escalations = t.dataSource.getRepository(EscalationEntity);
    let rows = await escalations.findBy({ activityId: s.activityId, deadlineKey: 'draft', kind: 'overdue' });
    for (let i = 0; i < 20 && rows[0]?.resolvedAt == null; i++) {
      await d.env.sleep('1 second');
      rows = await escalations.findBy({ activityId: s.activityId, deadlineKey: 'draft', kind: 'overdue' });
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]!.resolvedAt).not.toBeNull();
    await d.recordHistory('local-steps-late-draft-escalated-then-resolved');
  });

  it('R-12.3 an archive not confirmed within 2 working days escalates to the admin head', async () => {
    const d = await justEnded();
    await d.submit();
    await d.approveAll();
    const s = await d.until((x) => d.deadline(x, 'archive').status === 'overdue', '6 hours');
    expect(escalationsOf(s, 'overdue')).toContain('archive#1:admin:head');
    // The coarse step only waits longer: the deadline is 2 working days after the final version,
    // and the escalation fires at that moment.
    const archive = d.deadline(s, 'archive');
    expect(archive.dueAt).toBe(due({ kind: 'workingDays', from: s.reviews.at(-1)!.at, days: 2 }).dueAt);
    expectFiredAtDue(s, 'archive', archive.dueAt);
  });

  it('R-16.1 feedback not collected within a month of archiving escalates to the dept head', async () => {
    const d = await justEnded();
    await d.submit();
    await d.approveAll();
    await d.archive('paper');
    await d.archive('electronic');
    const s = await d.until((x) => d.deadline(x, 'feedback').status === 'overdue', '1 day', 40);
    expect(escalationsOf(s, 'overdue')).toContain('feedback#1:dept_head@publicity');
    expect(s.stage).toBe('FEEDBACK');
  });
});

describe('returns, revisions and the special meeting', () => {
  it('R-10.1 a return moves to REVISING with a 3-working-day deadline; the resubmission re-enters at the returning level', async () => {
    const d = await justEnded();
    await d.submit();
    await d.review(1, 'approve');
    const s = await d.review(2, 'return');
    expect(s).toMatchObject({ stage: 'REVISING', revisionCount: 1, returnedAtLevel: 2 });
    const returnedAt = s.reviews.at(-1)!.at;
    expect(d.deadline(s, 'revision').dueAt).toBe(due({ kind: 'workingDays', from: returnedAt, days: 3 }).dueAt);
    expect(s.reviews.at(-1)!.comments).toEqual([{ module: 'effectiveness', text: '请补充问卷来源数据' }]);
    const back = await d.submit();
    expect(back.stage).toBe('IN_REVIEW_L2');
    expect(d.deadline(back, 'revision').status).toBe('met');
  });

  it('R-10.1 a revision not resubmitted within 3 working days escalates to the dept head and admin', async () => {
    const d = await justEnded();
    await d.submit();
    await d.review(1, 'return');
    // 3 working days can span a long holiday (the suite's clock wanders through future years).
    const s = await d.until((x) => d.deadline(x, 'revision').status === 'overdue', '6 hours');
    expect(escalationsOf(s, 'overdue')).toContain('revision#1:dept_head@publicity+admin');
    const revision = d.deadline(s, 'revision');
    expect(revision.dueAt).toBe(due({ kind: 'workingDays', from: s.reviews.at(-1)!.at, days: 3 }).dueAt);
    expectFiredAtDue(s, 'revision', revision.dueAt);
  });

  it.each([
    [1, false],
    [2, false],
  ])('R-10.2 a major activity returned %i time(s) is revised without a meeting', async (returns) => {
    const d = await justEnded({ isMajor: true });
    await d.submit();
    let s = await d.state();
    for (let i = 0; i < returns; i++) {
      s = await d.review(1, 'return');
      if (i < returns - 1) await d.submit();
    }
    expect(s.stage).toBe('REVISING');
    expect(s.revisionCount).toBe(returns);
  });

  it(
    'R-10.2 a major activity returned a 3rd time waits for the special meeting; VP and SG ' +
      'are reminded after 5 working days; revise starts a new 3-day revision from the meeting',
    async () => {
      const d = await justEnded({ isMajor: true });
      await d.submit();
      await d.review(1, 'return');
      await d.submit();
      await d.review(1, 'approve');
      await d.review(2, 'return');
      await d.submit();
      let s = await d.review(2, 'return');
      expect(s).toMatchObject({ stage: 'AWAITING_SPECIAL_MEETING', revisionCount: 3 });
      const entered = s.reviews.at(-1)!.at;
      expect(d.deadline(s, 'specialMeeting').dueAt).toBe(due({ kind: 'workingDays', from: entered, days: 5 }).dueAt);
      expect(await refusalOf(d.submit())).toMatchObject({ code: 'WRONG_STAGE', stage: 'AWAITING_SPECIAL_MEETING' });

      s = await d.until((x) => d.deadline(x, 'specialMeeting').status === 'overdue', '6 hours');
      expect(escalationsOf(s, 'overdue')).toContain('specialMeeting#1:vp+secretary_general');

      const meetingDate = new Date((await t.env.currentTimeMs()) + 8 * 3_600_000).toISOString().slice(0, 10);
      s = await d.meeting('revise', meetingDate);
      expect(s.stage).toBe('REVISING');
      expect(d.deadline(s, 'specialMeeting').status).toBe('met');
      const revision = s.deadlines.filter((x) => x.key === 'revision').at(-1)!;
      expect(revision.dueAt).toBe(due({ kind: 'workingDays', from: `${meetingDate}T12:00:00+08:00`, days: 3 }).dueAt);
      expect((await d.submit()).stage).toBe('IN_REVIEW_L2');
      await d.recordHistory('local-steps-major-three-returns-special-meeting-revise');
    },
  );

  it('R-10.2 the special meeting may finalize: the final version is formed and archiving starts', async () => {
    const d = await justEnded({ isMajor: true });
    await d.submit();
    for (let i = 0; i < 2; i++) {
      await d.review(1, 'return');
      await d.submit();
    }
    await d.review(1, 'return');
    const today = new Date((await t.env.currentTimeMs()) + 8 * 3_600_000).toISOString().slice(0, 10);
    const s = await d.meeting('finalize', today);
    expect(s.stage).toBe('ARCHIVING');
    expect(d.deadline(s, 'final').status).toBe('met');
  });

  it('R-10.2 a non-major activity never needs a meeting, however often it is returned', async () => {
    const d = await justEnded({ isMajor: false });
    await d.submit();
    let s = await d.state();
    for (let i = 0; i < 5; i++) {
      s = await d.review(1, 'return');
      expect(s.stage).toBe('REVISING');
      s = await d.submit();
    }
    expect(s.revisionCount).toBe(5);
    expect(s.deadlines.filter((x) => x.key === 'revision')).toHaveLength(5);
  });

  it('R-10.2 base data with more than 500 actual participants makes the activity major', async () => {
    const d = await justEnded({ isMajor: false });
    const s = await d.baseData({ online: 300, offline: 201 });
    expect(s.isMajor).toBe(true);
    const described = await d.handle.describe();
    expect(described.searchAttributes.IsMajor).toEqual([true]);
  });
});

describe('refused and repeated messages', () => {
  it.each([
    ['staff reviewing', (d: LifecycleDriver) => d.review(1, 'approve', actors.staff), 'WRONG_ROLE'],
    ['the head of another department reviewing L1', (d: LifecycleDriver) => d.review(1, 'approve', actors.otherDeptHead), 'WRONG_ROLE'],
    ['admin reviewing at L1', (d: LifecycleDriver) => d.review(1, 'approve', actors.admin), 'WRONG_ROLE'],
    ['a supervisor submitting', (d: LifecycleDriver) => d.submit(actors.supervisor), 'WRONG_ROLE'],
    ['an L2 review while the summary is at L1', (d: LifecycleDriver) => d.review(2, 'approve'), 'WRONG_LEVEL'],
    [
      'a review of a version other than the one under review',
      (d: LifecycleDriver) => d.review(1, 'approve', actors.deptHead, 'v-older'),
      'STALE_VERSION',
    ],
    ['archiving before the final version', (d: LifecycleDriver) => d.archive('paper'), 'WRONG_STAGE'],
    ['a special meeting without three returns', (d: LifecycleDriver) => d.meeting('finalize', '2026-12-01'), 'WRONG_STAGE'],
    ['a disposal decision during review', (d: LifecycleDriver) => d.dispose('destroy'), 'WRONG_STAGE'],
    ['a submission with blocking check findings', (d: LifecycleDriver) => d.submit(actors.staff, 2), 'CHECKS_FAILED'],
  ])('SPEC §3 refuses %s and changes nothing', async (_what, send, code) => {
    const d = await justEnded();
    await d.baseData();
    if (code !== 'CHECKS_FAILED' && _what !== 'a supervisor submitting') await d.submit();
    const before = await d.state();
    const refusal = await refusalOf(send(d));
    expect(refusal).toMatchObject({ code, stage: before.stage, message: expect.any(String), messageZh: expect.any(String) });
    expect(await d.state()).toEqual(before);
  });

  it('SPEC §3 the same request id twice has no second effect (update and signal)', async () => {
    const d = await justEnded();
    await d.submit();
    const msg = {
      ...from(actors.deptHead, 'same-request'),
      level: 1 as const,
      decision: 'return' as const,
      comments: [{ text: '请补充数据' }],
    };
    const { reviewUpdate } = await import('../../workflows/definitions.js');
    await d.handle.executeUpdate(reviewUpdate, { args: [msg] });
    await d.handle.executeUpdate(reviewUpdate, { args: [msg] });
    await d.handle.signal(reviewSignal, msg);
    const s = await d.state();
    expect(s.revisionCount).toBe(1);
    expect(s.reviews).toHaveLength(1);
  });

  it(
    'R-8 SPEC §4 a review names the version it read: one submitted since ' +
      'makes it stale (update and signal), comments per finding are kept',
    async () => {
      const d = await justEnded();
      const v1 = (await d.submit()).submissions[0]!.versionId;
      await d.review(1, 'return', actors.deptHead, v1);
      const v2 = (await d.submit()).submissions[1]!.versionId;
      expect(v2).not.toBe(v1);
      const stale = await refusalOf(d.review(1, 'approve', actors.deptHead, v1));
      expect(stale).toMatchObject({ code: 'STALE_VERSION', stage: 'IN_REVIEW_L1' });
      // The same stale review as a signal is logged and changes nothing.
      await d.handle.signal(reviewSignal, { ...from(actors.deptHead), level: 1, decision: 'approve', comments: [], versionId: v1 });
      const comments = [{ module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: '请写明具体数据' }];
      await d.handle.signal(reviewSignal, { ...from(actors.deptHead), level: 1, decision: 'approve', comments, versionId: v2 });
      const s = await d.until((x) => x.stage === 'IN_REVIEW_L2', '1 second', 20);
      expect(s.reviews.map((r) => [r.versionId, r.decision])).toEqual([
        [v1, 'return'],
        [v2, 'approve'],
      ]);
      expect(s.reviews[1]!.comments).toEqual(comments);
      await d.recordHistory('local-steps-reviews-bound-to-versions');
    },
  );

  it('SPEC §3 ops can send a message as a signal; a refused signal changes nothing', async () => {
    const d = await justEnded();
    await d.submit();
    await d.handle.signal(reviewSignal, { ...from(actors.staff), level: 1, decision: 'approve', comments: [] });
    expect((await d.state()).stage).toBe('IN_REVIEW_L1');
    const accepted = { ...from(actors.deptHead), level: 1 as const, decision: 'approve' as const, comments: [] };
    await d.handle.signal(reviewSignal, accepted);
    const s = await d.until((x) => x.stage === 'IN_REVIEW_L2', '1 second', 20);
    // Without a versionId the review is of the last submission; its request id keys the projection.
    expect(s.reviews).toEqual([expect.objectContaining({ versionId: s.submissions[0]!.versionId, requestId: accepted.requestId })]);
    await d.recordHistory('local-steps-signals-refused-and-accepted');
  });
});

describe('durability', () => {
  // A worker replaced mid-lifecycle: test/e2e/worker-replaced.test.ts, on the dev server (this
  // server never times out a stopped worker's sticky queue).

  it('SPEC §3 a calendar change moves pending deadlines in the running workflow', async () => {
    const d = await justEnded();
    const before = d.deadline(await d.state(), 'final');
    // The association closes on the final deadline's day (dueAt is 23:59:59 Shanghai, so its UTC
    // date is the Shanghai date): the deadline must move at least one working day on.
    try {
      t.setCalendarOverrides({ closures: [before.dueAt.slice(0, 10)] });
      await d.handle.signal(calendarChangedSignal, { reason: 'test closure' });
      const s = await d.until((x) => d.deadline(x, 'final').dueAt !== before.dueAt, '1 second', 20);
      expect(Date.parse(d.deadline(s, 'final').dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
      expect(d.deadline(s, 'baseData').status).toBe('pending');
      await d.recordHistory('local-steps-calendar-changed-recomputed');
    } finally {
      t.setCalendarOverrides({});
    }
  });

  it('R-13.1 the lifecycle continues as new at the retention boundary, carrying its state', async () => {
    const d = await justEnded();
    await d.submit();
    await d.approveAll();
    await d.archive('paper');
    await d.archive('electronic');
    const firstRun = (await d.handle.describe()).runId;
    const before = await d.feedback();
    const latest = t.env.client.workflow.getHandle(d.handle.workflowId);
    let runId = firstRun;
    for (let i = 0; i < 20 && runId === firstRun; i++) {
      await t.env.sleep('1 second');
      runId = (await latest.describe()).runId;
    }
    expect(runId).not.toBe(firstRun);
    const carried = await latest.query(stateQuery);
    expect(carried).toMatchObject({ stage: 'RETAINED', activityId: before.activityId });
    expect(carried.submissions).toEqual(before.submissions);
    expect(carried.deadlines.map((x) => x.key)).toEqual(before.deadlines.map((x) => x.key));
  });
});
