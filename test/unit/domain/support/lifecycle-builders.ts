/**
 * Small test-data builders for the pure lifecycle machine (libs/domain/lifecycle-machine.ts): the
 * actors of SPEC §1, a state in each stage, one valid message of each kind, and `send`, which plays
 * the workflow's part (plan → compute the planned deadlines with the real calendar → apply).
 */
import { computeDeadline } from '../../../../activities/deadline.activities.js';
import { CalendarInputError, createCalendar, type DeadlineAnchor } from '../../../../libs/calendar/index.js';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  type DeadlineKey,
  type DeadlineState,
  type LifecycleState,
  type Refusal,
  type ReviewLevel,
  type Stage,
} from '../../../../libs/domain/lifecycle.js';
import {
  newLifecycleState,
  applyMessage,
  planMessage,
  WORKING_DAYS,
  type DeadlineToOpen,
  type LifecycleMessage,
  type MachineContext,
  type MessageName,
  type MessagePayloads,
  type OpenedDeadline,
  type Transition,
} from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { actors } from '../../../support/actors.js';

export const LEAD = 'publicity';
/** 2026-09-30 17:30 Asia/Shanghai (SPEC §7's example activity). */
export const END = '2026-09-30T09:30:00.000Z';
/** 2026-10-12 10:00 Asia/Shanghai: after the end, before the draft is due. */
export const NOW = '2026-10-12T02:00:00.000Z';

export const calendar = createCalendar();

export function context(overrides: Partial<MachineContext> = {}): MachineContext {
  return { leadDepartment: LEAD, plannedMajor: false, settings: DEFAULT_LIFECYCLE_SETTINGS, ...overrides };
}

/** Every SPEC §1 role; staff and dept heads both of the lead department and of another one. */
export const who = {
  staff: actors.staff,
  otherStaff: { userId: 'u-training-staff', role: 'staff', department: 'training' },
  head: actors.deptHead,
  otherHead: actors.otherDeptHead,
  admin: actors.admin,
  archivist: actors.archivist,
  vp: actors.vp,
  sg: actors.sg,
  management: actors.management,
  supervisor: actors.supervisor,
  external: { userId: 'u-external', role: 'external', department: null },
} satisfies Record<string, Actor>;
export type Who = keyof typeof who;

export function label(a: Actor): string {
  return a.department ? `${a.role}@${a.department}` : a.role;
}

/* ---- deadlines and states ---- */

/** The calendar's answer for a deadline spec, or the calendar's input error. */
export function compute(spec: DeadlineToOpen): OpenedDeadline {
  return computeDeadline(calendar, spec);
}

const ANCHOR: Record<DeadlineKey, (from: string) => DeadlineAnchor> = {
  baseData: (from) => ({ kind: 'workingDays', from, days: WORKING_DAYS.baseData }),
  draft: (from) => ({ kind: 'workingDays', from, days: WORKING_DAYS.draft }),
  final: (from) => ({ kind: 'workingDays', from, days: WORKING_DAYS.final }),
  revision: (from) => ({ kind: 'workingDays', from, days: WORKING_DAYS.revision }),
  specialMeeting: (from) => ({ kind: 'workingDays', from, days: 5 }),
  archive: (from) => ({ kind: 'workingDays', from, days: WORKING_DAYS.archive }),
  feedback: (from) => ({ kind: 'months', from, months: 1 }),
  retention: (from) => ({ kind: 'years', from, years: 3 }),
};

/** A deadline as the workflow stores it, computed by the real calendar from `from` (the activity's end by default). */
export function aDeadline(key: DeadlineKey, overrides: Partial<DeadlineState> & { from?: string } = {}): DeadlineState {
  const { from = END, ...rest } = overrides;
  const c = compute({ key, occurrence: rest.occurrence ?? 1, anchor: ANCHOR[key](from), remindWorkingDaysBefore: 1 });
  return {
    key,
    occurrence: c.occurrence,
    dueAt: c.dueAt,
    status: 'pending',
    metAt: null,
    provisional: c.provisional,
    description: c.description,
    anchor: c.anchor,
    remindAt: c.remindAt,
    reminderSentAt: null,
    escalatedAt: null,
    ...rest,
  };
}

const met = (key: DeadlineKey, o: Partial<DeadlineState> & { from?: string } = {}) => aDeadline(key, { status: 'met', metAt: NOW, ...o });

/** Rows of the stage tables: every stage, RETAINED both while retention runs and once it ended. */
export const STAGE_ROWS = [
  'AWAITING_END',
  'DRAFTING',
  'IN_REVIEW_L1',
  'IN_REVIEW_L2',
  'IN_REVIEW_L3',
  'REVISING',
  'AWAITING_SPECIAL_MEETING',
  'ARCHIVING',
  'FEEDBACK',
  'RETAINED',
  'RETAINED_ENDED',
  'DISPOSED',
  'CLOSED',
] as const;
export type StageRow = (typeof STAGE_ROWS)[number];

/**
 * A plausible state in `row`'s stage, as the machine would have left it: base data recorded (and
 * settled), a draft submitted by lead staff once past DRAFTING, the deadlines of each step.
 */
export function aState(row: StageRow, overrides: Partial<LifecycleState> = {}): LifecycleState {
  const stage: Stage = row === 'RETAINED_ENDED' ? 'RETAINED' : row;
  const s: LifecycleState = {
    ...newLifecycleState({ activityId: 'a-1', isMajor: false, permanent: false, endAt: END }),
    stage,
    version: 1,
  };
  const order = STAGE_ROWS.indexOf(row);
  const past = (r: StageRow) => order >= STAGE_ROWS.indexOf(r) && row !== 'CLOSED';
  if (row === 'CLOSED' || row === 'AWAITING_END') return { ...s, ...overrides };

  s.baseData = { participants: { online: 50, offline: 100 }, expenseSettled: true, notes: null, by: who.staff, at: NOW };
  s.deadlines.push(met('baseData'), aDeadline('draft'), aDeadline('final'));
  if (row === 'DRAFTING') return { ...s, ...overrides };

  s.submissions.push({ versionId: 'v1', kind: 'draft', by: who.staff, at: NOW, warningFindings: 0 });
  s.deadlines[1] = met('draft');
  const review = (level: ReviewLevel, decision: 'approve' | 'return', reviewer: Actor) =>
    s.reviews.push({
      level,
      decision,
      comments: decision === 'return' ? [{ text: '请补充数据' }] : [],
      reviewer,
      versionId: 'v1',
      at: NOW,
    });
  if (row === 'REVISING') {
    review(1, 'return', who.head);
    s.deadlines.push(aDeadline('revision', { from: NOW }));
    return { ...s, revisionCount: 1, returnedAtLevel: 1, ...overrides };
  }
  if (row === 'AWAITING_SPECIAL_MEETING') {
    for (const v of ['v2', 'v3']) s.submissions.push({ versionId: v, kind: 'revision', by: who.staff, at: NOW, warningFindings: 0 });
    review(1, 'return', who.head);
    review(1, 'return', who.head);
    review(1, 'return', who.head);
    s.deadlines.push(met('revision', { from: NOW }), met('revision', { from: NOW, occurrence: 2 }));
    s.deadlines.push(aDeadline('specialMeeting', { from: NOW }));
    return { ...s, isMajor: true, revisionCount: 3, returnedAtLevel: 1, ...overrides };
  }
  if (past('IN_REVIEW_L2')) review(1, 'approve', who.head);
  if (past('IN_REVIEW_L3')) review(2, 'approve', who.admin);
  if (!past('ARCHIVING')) return { ...s, ...overrides };

  review(3, 'approve', who.vp);
  s.deadlines[2] = met('final');
  s.deadlines.push(aDeadline('archive', { from: NOW }));
  if (row === 'ARCHIVING') return { ...s, ...overrides };

  s.archive.push(
    { medium: 'paper', location: '档案室 A-1', by: who.archivist, at: NOW },
    { medium: 'electronic', location: '活动总结/2026/', by: who.archivist, at: NOW },
  );
  s.deadlines[3] = met('archive', { from: NOW });
  s.deadlines.push(aDeadline('feedback', { from: NOW }), aDeadline('retention', { from: NOW }));
  if (row === 'FEEDBACK') return { ...s, ...overrides };

  s.feedback = { summary: '协办部门反馈：数据核对无误', recordId: null, by: who.staff, at: NOW };
  s.deadlines[4] = met('feedback', { from: NOW });
  if (row === 'RETAINED') return { ...s, ...overrides };

  const retention = s.deadlines[5]!;
  s.deadlines[5] = { ...retention, status: 'overdue', escalatedAt: retention.dueAt };
  s.escalations.push({ deadlineKey: 'retention', occurrence: 1, kind: 'overdue', recipients: ['archivist'], firedAt: retention.dueAt });
  if (row === 'RETAINED_ENDED') return { ...s, ...overrides };

  s.deadlines[5] = { ...s.deadlines[5]!, status: 'met', metAt: retention.dueAt };
  s.disposals.push({ decision: 'destroy', extendYears: null, reason: null, by: who.archivist, at: retention.dueAt });
  return { ...s, ...overrides };
}

/** The moment the retention of `aState('RETAINED_ENDED')` has ended (a day after its due time). */
export function afterRetention(s: LifecycleState): string {
  const d = s.deadlines.find((x) => x.key === 'retention')!;
  return new Date(Date.parse(d.dueAt) + 86_400_000).toISOString();
}

/* ---- messages ---- */

let requests = 0;
const envelope = (actor: Actor) => ({ requestId: `req-${++requests}`, actor });

/** One valid message of each kind, sent by `actor`; override what a test is about. */
export const message = {
  submitBaseData: (actor: Actor, o: Partial<MessagePayloads['submitBaseData']> = {}): LifecycleMessage => ({
    name: 'submitBaseData',
    body: { ...envelope(actor), participants: { online: 50, offline: 100 }, expenseSettled: true, ...o },
  }),
  submitDraft: (actor: Actor, o: Partial<MessagePayloads['submitDraft']> = {}): LifecycleMessage => ({
    name: 'submitDraft',
    body: { ...envelope(actor), versionId: `v-${requests}`, blockingFindings: 0, warningFindings: 1, ...o },
  }),
  review: (actor: Actor, o: Partial<MessagePayloads['review']> = {}): LifecycleMessage => ({
    name: 'review',
    body: {
      ...envelope(actor),
      level: 1,
      decision: 'approve',
      comments: o.decision === 'return' ? [{ module: 'effectiveness', text: '请补充问卷来源数据' }] : [],
      ...o,
    },
  }),
  recordSpecialMeeting: (actor: Actor, o: Partial<MessagePayloads['recordSpecialMeeting']> = {}): LifecycleMessage => ({
    name: 'recordSpecialMeeting',
    body: {
      ...envelope(actor),
      decision: 'revise',
      date: NOW.slice(0, 10),
      attendees: ['分管副会长', '行政部'],
      minutes: '专题会议纪要',
      ...o,
    },
  }),
  confirmArchive: (actor: Actor, o: Partial<MessagePayloads['confirmArchive']> = {}): LifecycleMessage => ({
    name: 'confirmArchive',
    body: { ...envelope(actor), medium: 'paper', location: '活动总结/2026/学术研讨/', ...o },
  }),
  submitFeedback: (actor: Actor, o: Partial<MessagePayloads['submitFeedback']> = {}): LifecycleMessage => ({
    name: 'submitFeedback',
    body: { ...envelope(actor), summary: '协办部门反馈：数据核对无误', ...o },
  }),
  decideDisposal: (actor: Actor, o: Partial<MessagePayloads['decideDisposal']> = {}): LifecycleMessage => ({
    name: 'decideDisposal',
    body: { ...envelope(actor), decision: 'destroy', ...o },
  }),
  setPermanent: (actor: Actor, o: Partial<MessagePayloads['setPermanent']> = {}): LifecycleMessage => ({
    name: 'setPermanent',
    body: { ...envelope(actor), permanent: true, reason: '协会成立二十周年庆典，具有长期史料价值', ...o },
  }),
} satisfies Record<MessageName, (actor: Actor, o?: never) => LifecycleMessage>;

/**
 * What the workflow does with a message: plan it, compute the deadlines it opens with the real
 * calendar (a calendar input error refuses it, as the workflow's activity does), then apply it.
 */
export function send(
  s: LifecycleState,
  msg: LifecycleMessage,
  ctx: MachineContext = context(),
  now: string = NOW,
): ({ ok: true } & Transition) | { ok: false; refusal: Refusal } {
  const plan = planMessage(s, msg, ctx, now);
  if (!plan.ok) return plan;
  let opened: OpenedDeadline[];
  try {
    opened = plan.open.map(compute);
  } catch (err) {
    if (!(err instanceof CalendarInputError)) throw err;
    return { ok: false, refusal: { code: 'INVALID', stage: s.stage, message: err.message, messageZh: err.messageZh, field: err.field } };
  }
  return { ok: true, ...applyMessage(s, msg, ctx, now, opened) };
}

/** `send` for a message that must be accepted: the new state (fails with the refusal otherwise). */
export function accept(s: LifecycleState, msg: LifecycleMessage, ctx: MachineContext = context(), now: string = NOW): Transition {
  const r = send(s, msg, ctx, now);
  if (!r.ok) throw new Error(`${msg.name} by ${label(msg.body.actor)} refused in ${s.stage}: ${r.refusal.code} ${r.refusal.message}`);
  return r;
}
