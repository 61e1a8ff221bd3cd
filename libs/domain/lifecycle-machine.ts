/**
 * The lifecycle's decisions in one place (SPEC §1, §3, R-7 – R-16): who may send which message in
 * which stage, the transitions, the deadlines each step opens or meets, the escalations a met or
 * closed step resolves. A pure state machine, `(state, message, now) → new state + effects`:
 *
 *   planMessage   — may this message be applied now, and which deadlines would it open?
 *                   (changes nothing; the update validator, the API's 403/409 pre-checks and
 *                   `allowedActions` all ask it)
 *   applyMessage  — the transition, given the deadlines the calendar computed for the plan.
 *
 * Deadlines are I/O (the working-day calendar), so the workflow computes the planned ones in an
 * activity first and applies the transition only when they are known: a bad date can refuse a
 * message, never leave it half-applied. Timers enter through `dueNow`/`markFired`, the end of the
 * lifecycle through `closeOut`.
 *
 * Pure data and functions only (workflow code imports it); every function returns a new state.
 */
import { formatEpochDay, parseIsoDateToDay, shanghaiEpochDay } from '../calendar/dates.js';
import type { DeadlineAnchor } from '../calendar/deadlines.js';
import { isMajorActivity } from './activity.js';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  type DeadlineKey,
  type DeadlineState,
  type EscalationRecord,
  type LifecycleSettings,
  type LifecycleState,
  type MessageBase,
  type Refusal,
  type RefusalCode,
  type ReviewLevel,
  type Stage,
  type SubmitBaseData,
  type SubmitDraft,
  type SubmitFeedback,
  type SubmitReview,
  type ConfirmArchive,
  type DecideDisposal,
  type RecordSpecialMeeting,
  type SetPermanent,
} from './lifecycle.js';
import { ROLES, ROLE_LABELS_ZH, type Actor, type Role } from './roles.js';

/* ---- the regulation's numbers ---- */

/** Working days the regulation gives each step (R-7.1, R-7.2, R-7.3, R-10.1, R-12.3). */
export const WORKING_DAYS = { baseData: 2, draft: 7, final: 10, revision: 3, archive: 2 } as const;

/** R-10.2: a major activity's summary returned for the 3rd time goes to the special meeting. */
export const SPECIAL_MEETING_AFTER_RETURNS = 3;

/** Bounds of a retention extension at the disposal review (R-13.1), in years. */
export const EXTEND_YEARS = { min: 1, max: 30 } as const;

/** Longest reason admin may give for marking an activity permanent or undoing it (R-13.1). */
export const RETENTION_REASON_MAX = 500;

/* ---- names people read ---- */

export const STAGE_LABELS_ZH: Record<Stage, string> = {
  AWAITING_END: '等待活动结束',
  DRAFTING: '编制初稿',
  IN_REVIEW_L1: '部门负责人初审',
  IN_REVIEW_L2: '行政部复核',
  IN_REVIEW_L3: '分管副会长/秘书长终审',
  REVISING: '退回修改',
  AWAITING_SPECIAL_MEETING: '等待专题会议',
  ARCHIVING: '归档中',
  FEEDBACK: '收集反馈',
  RETAINED: '保管中',
  DISPOSED: '已销毁',
  CLOSED: '已关闭',
};

/** Short stage names for tags, tables and the timeline, in the regulation's terms (初审/复核/终审). */
export const STAGE_SHORT_LABELS_ZH: Record<Stage, string> = {
  AWAITING_END: '待活动结束',
  DRAFTING: '编制初稿',
  IN_REVIEW_L1: '初审中',
  IN_REVIEW_L2: '复核中',
  IN_REVIEW_L3: '终审中',
  REVISING: '修订中',
  AWAITING_SPECIAL_MEETING: '待专题会议',
  ARCHIVING: '归档中',
  FEEDBACK: '收集反馈',
  RETAINED: '保管中',
  DISPOSED: '已销毁',
  CLOSED: '已关闭',
};

/** R-8 review levels as the regulation names them; the signature block and the web use these. */
export const REVIEW_LEVEL_LABELS_ZH: Record<ReviewLevel, string> = { 1: '初审', 2: '复核', 3: '终审' };

export const DEADLINE_LABELS_ZH: Record<DeadlineKey, string> = {
  baseData: '基础数据',
  draft: '初稿',
  final: '终稿',
  revision: '修改稿',
  specialMeeting: '专题会议',
  archive: '归档',
  feedback: '反馈记录单',
  retention: '保管期限',
};

/* ---- messages ---- */

export const MESSAGE_NAMES = [
  'submitBaseData',
  'submitDraft',
  'review',
  'recordSpecialMeeting',
  'confirmArchive',
  'submitFeedback',
  'decideDisposal',
  'setPermanent',
] as const;
export type MessageName = (typeof MESSAGE_NAMES)[number];

export interface MessagePayloads {
  submitBaseData: SubmitBaseData;
  submitDraft: SubmitDraft;
  review: SubmitReview;
  recordSpecialMeeting: RecordSpecialMeeting;
  confirmArchive: ConfirmArchive;
  submitFeedback: SubmitFeedback;
  decideDisposal: DecideDisposal;
  setPermanent: SetPermanent;
}

export type LifecycleMessage = { [K in MessageName]: { name: K; body: MessagePayloads[K] } }[MessageName];

/** What the machine knows besides the state: fixed at registration, recorded in the workflow input. */
export interface MachineContext {
  leadDepartment: string;
  /** The registration's major flag (planned participants, policy release); actual participants can add to it. */
  plannedMajor: boolean;
  settings: LifecycleSettings;
  /**
   * 1: the rules before base data was required, four eyes and date checks (replaying histories
   * recorded before that change, see README "Changing the workflow"); 2: today's rules.
   */
  rules?: 1 | 2;
}

/** A deadline a step opens, before the calendar turned it into a due time. */
export interface DeadlineToOpen {
  key: DeadlineKey;
  occurrence: number;
  anchor: DeadlineAnchor;
  /** Working days before the due day that the reminder goes out (0 = none). */
  remindWorkingDaysBefore: number;
}

/** The calendar's answer for a `DeadlineToOpen`. */
export interface OpenedDeadline extends DeadlineToOpen {
  dueAt: string;
  remindAt: string | null;
  provisional: boolean;
  description: string;
}

export type Plan = { ok: true; open: DeadlineToOpen[] } | { ok: false; refusal: Refusal };

/** An overdue escalation whose step got done, was waived, or whose lifecycle ended. */
export interface ResolvedEscalation {
  deadlineKey: DeadlineKey;
  occurrence: number;
  resolvedAt: string;
  /** `met`: the step was done; `waived`: it no longer applies. */
  how: 'met' | 'waived';
}

export interface Transition {
  state: LifecycleState;
  resolved: ResolvedEscalation[];
}

/* ---- who may act ---- */

const TERMINAL_STAGES: readonly Stage[] = ['DISPOSED', 'CLOSED'];

/**
 * Nothing can happen to the lifecycle any more. A permanent summary is not finished: admin may
 * undo the mark (R-13.1), and then its retention runs again.
 */
export function isFinished(s: LifecycleState): boolean {
  return TERMINAL_STAGES.includes(s.stage);
}

/** How lifecycles ended before admin could undo a permanent mark: also when retained permanently. Replay only. */
export function isFinishedBeforeRetentionChanges(s: LifecycleState): boolean {
  return isFinished(s) || (s.stage === 'RETAINED' && s.permanent);
}

/** Stages in which the activity has ended and the summary is being written or reviewed. */
const WRITING_STAGES: readonly Stage[] = [
  'DRAFTING',
  'IN_REVIEW_L1',
  'IN_REVIEW_L2',
  'IN_REVIEW_L3',
  'REVISING',
  'AWAITING_SPECIAL_MEETING',
];

export const REVIEWERS: Record<ReviewLevel, { roles: readonly Role[]; label: string; labelZh: string }> = {
  1: { roles: ['dept_head'], label: 'the head of the lead department', labelZh: '主办部门负责人' },
  2: { roles: ['admin'], label: 'administration (admin)', labelZh: '行政部' },
  3: { roles: ['vp', 'secretary_general'], label: 'the vice-president or the secretary-general', labelZh: '分管副会长或秘书长' },
};

/** Where a reviewer's return leads (R-10): the summary waits for its revision, or for the special meeting. */
export const RETURN_STAGES: readonly Stage[] = ['REVISING', 'AWAITING_SPECIAL_MEETING'];

/** The review level a stage waits for, or null. */
export function reviewLevelOf(stage: Stage): ReviewLevel | null {
  const m = /^IN_REVIEW_L([123])$/.exec(stage);
  return m ? (Number(m[1]) as ReviewLevel) : null;
}

/** Staff or the head of the lead department: they compile and submit the summary (R-4). */
function isLeadMember(actor: Actor, ctx: MachineContext): boolean {
  return (actor.role === 'staff' || actor.role === 'dept_head') && actor.department === ctx.leadDepartment;
}

/** R-8: L1 the head of the lead department, L2 admin, L3 the VP or the secretary-general. */
export function mayReview(actor: Actor, level: ReviewLevel, leadDepartment: string): boolean {
  return REVIEWERS[level].roles.includes(actor.role) && (level !== 1 || actor.department === leadDepartment);
}

function refuse(s: LifecycleState, code: RefusalCode, message: string, messageZh: string, field?: string): Refusal {
  return { code, stage: s.stage, message, messageZh, ...(field ? { field } : {}) };
}

function wrongStage(s: LifecycleState, what: string, whatZh: string): Refusal {
  return refuse(s, 'WRONG_STAGE', `${what} is not allowed in stage ${s.stage}`, `当前阶段（${STAGE_LABELS_ZH[s.stage]}）不允许${whatZh}`);
}

function wrongRole(s: LifecycleState, actor: Actor, allowed: string, allowedZh: string): Refusal {
  const who = `role ${actor.role}${actor.department ? ` of ${actor.department}` : ''}`;
  return refuse(
    s,
    'WRONG_ROLE',
    `${who} may not do this; allowed: ${allowed}`,
    `当前角色（${ROLE_LABELS_ZH[actor.role] ?? actor.role}）无权执行此操作，仅限：${allowedZh}`,
  );
}

const leadOnly = (s: LifecycleState, a: Actor, ctx: MachineContext) =>
  isLeadMember(a, ctx) ? null : wrongRole(s, a, `staff or head of ${ctx.leadDepartment}`, '主办部门编制人或负责人');
const roleOnly = (role: Role) => (s: LifecycleState, a: Actor) =>
  a.role === role
    ? null
    : wrongRole(s, a, role === 'vp' ? 'the vice-president (chairs the meeting, R-10.2)' : `the ${role}`, ROLE_LABELS_ZH[role]);

/** The version the lifecycle has under review: its last submission. */
function underReview(s: LifecycleState) {
  return s.submissions.at(-1) ?? null;
}

/**
 * Each message's three gates, asked in order: who (role and department), when (stage and the
 * state), what (the payload). `allowedActions` asks only the first two.
 */
interface MessageRules<M extends MessageBase> {
  who(s: LifecycleState, actor: Actor, ctx: MachineContext): Refusal | null;
  when(s: LifecycleState, actor: Actor, ctx: MachineContext): Refusal | null;
  what(s: LifecycleState, m: M, ctx: MachineContext, now: string): Refusal | null;
  /** The deadlines applying it would open (called only once the gates passed). */
  opens(s: LifecycleState, m: M, ctx: MachineContext, now: string): DeadlineToOpen[];
  apply(s: LifecycleState, m: M, ctx: MachineContext, now: string, fx: StepEffects): void;
  /** For `allowedActions` when who + when is not precise enough (review: the current level's reviewer). */
  may?(s: LifecycleState, actor: Actor, ctx: MachineContext): boolean;
}

/** What a transition does to deadlines; each records the escalation it resolves. */
interface StepEffects {
  /** The step was done: its deadline is met (late or not). */
  meet(key: DeadlineKey): void;
  /** The deadline no longer applies (an extended retention, an ended lifecycle). */
  waive(d: DeadlineState): void;
}

const RULES: { [K in MessageName]: MessageRules<MessagePayloads[K]> } = {
  submitBaseData: {
    who: leadOnly,
    when(s, _a, ctx) {
      if (!WRITING_STAGES.includes(s.stage)) return wrongStage(s, 'submitting base data', '提交基础数据');
      // R-7.1: corrections are new entries, until the final version exists; rules v1 took one entry.
      if (s.baseData && (ctx.rules ?? 2) < 2) return refuse(s, 'ALREADY_DONE', 'base data was already recorded', '基础数据已提交');
      return null;
    },
    what(s, m) {
      const bad = (['online', 'offline'] as const).find((k) => !isCount(m.participants?.[k]));
      if (bad) return invalid(s, `participants.${bad}`, 'must be a whole number from 0 to 10,000,000', '必须是 0 到 10000000 之间的整数');
      if (typeof m.expenseSettled !== 'boolean') return invalid(s, 'expenseSettled', 'must be true or false', '必须是 true 或 false');
      return null;
    },
    opens: () => [],
    apply(s, m, ctx, now, { meet }) {
      if (s.baseData) (s.baseDataHistory ??= []).push(s.baseData);
      s.baseData = { participants: m.participants, expenseSettled: m.expenseSettled, notes: m.notes ?? null, by: m.actor, at: now };
      // R-7.1: the step is done once participants are recorded and the expenses settled (rules v1: any entry).
      if (m.expenseSettled || (ctx.rules ?? 2) < 2) meet('baseData');
      // R-10.2: more than 500 participants, planned or actual, makes the activity major.
      const actualMajor = isMajorActivity({
        plannedParticipants: { online: 0, offline: 0 },
        actualParticipants: m.participants,
        releasesPolicy: false,
      });
      // A correction can take it back (rules v1 never did).
      s.isMajor = ctx.plannedMajor || actualMajor || ((ctx.rules ?? 2) < 2 && s.isMajor);
    },
  },

  submitDraft: {
    who: leadOnly,
    when(s, _a, ctx) {
      if (s.stage !== 'DRAFTING' && s.stage !== 'REVISING') return wrongStage(s, 'submitting a summary', '提交总结');
      if (!s.baseData && (ctx.rules ?? 2) >= 2) {
        return refuse(
          s,
          'BASE_DATA_MISSING',
          'record the base data (R-7.1) before submitting the draft',
          '请先提交基础数据（参与人数、费用结算，R-7.1），再提交初稿',
        );
      }
      return null;
    },
    what(s, m) {
      if (typeof m.versionId !== 'string' || !m.versionId) return invalid(s, 'versionId', 'is required', '必填');
      if (m.blockingFindings > 0) {
        return refuse(
          s,
          'CHECKS_FAILED',
          `the version has ${m.blockingFindings} blocking check finding(s)`,
          `该版本有 ${m.blockingFindings} 项阻断性检查问题，不能提交`,
        );
      }
      return null;
    },
    opens: () => [],
    apply(s, m, _ctx, now, { meet }) {
      const revising = s.stage === 'REVISING';
      s.submissions.push({
        versionId: m.versionId,
        kind: revising ? 'revision' : 'draft',
        by: m.actor,
        ...(m.compiledBy ? { compiledBy: m.compiledBy } : {}),
        at: now,
        warningFindings: m.warningFindings,
      });
      meet(revising ? 'revision' : 'draft');
      // R-10.1: a revision re-enters review at the level that returned it.
      enter(s, revising ? `IN_REVIEW_L${s.returnedAtLevel ?? 1}` : 'IN_REVIEW_L1', now);
    },
  },

  review: {
    who: (s, a, ctx) =>
      ([1, 2, 3] as const).some((l) => mayReview(a, l, ctx.leadDepartment)) ? null : wrongRole(s, a, 'a reviewer', '审核人'),
    when: (s, a, ctx) => (reviewLevelOf(s.stage) ? ownSubmission(s, a, ctx) : wrongStage(s, 'a review', '审核')),
    may: (s, a, ctx) => mayReview(a, reviewLevelOf(s.stage)!, ctx.leadDepartment),
    what(s, m, ctx) {
      // Own properties only: a level such as 'toString' is refused, not found on the prototype.
      const reviewer = Object.hasOwn(REVIEWERS, m.level) ? REVIEWERS[m.level] : undefined;
      if (!reviewer) return invalid(s, 'level', `unknown review level ${String(m.level)}`, `审核层级 ${String(m.level)} 无效`);
      if (m.decision !== 'approve' && m.decision !== 'return')
        return invalid(s, 'decision', 'must be approve or return', '必须是 approve 或 return');
      if (!mayReview(m.actor, m.level, ctx.leadDepartment)) return wrongRole(s, m.actor, reviewer.label, reviewer.labelZh);
      const current = reviewLevelOf(s.stage);
      if (current !== m.level) {
        return refuse(
          s,
          'WRONG_LEVEL',
          `the summary is at review level ${current}, not ${m.level}`,
          `总结当前处于第 ${current} 级审核，而非第 ${m.level} 级`,
          'level',
        );
      }
      // A review names the version it read; one submitted since then is not what was reviewed.
      const version = underReview(s)?.versionId;
      if (m.versionId && version && m.versionId !== version) {
        return refuse(
          s,
          'STALE_VERSION',
          `version ${m.versionId} is not the version under review (${version})`,
          `所审核的版本 ${m.versionId} 不是当前待审版本（${version}）`,
          'versionId',
        );
      }
      if ((ctx.rules ?? 2) >= 2 && m.comments !== undefined && !isCommentList(m.comments)) {
        return invalid(s, 'comments', 'must be a list of comments, each with a text', '必须是审核意见列表，每条意见须有文字');
      }
      if (m.decision === 'return' && (ctx.rules ?? 2) >= 2 && !(m.comments ?? []).some((c) => c.text.trim())) {
        return invalid(s, 'comments', 'a return needs at least one comment (R-8)', '退回修改必须附审核意见（R-8）');
      }
      return null;
    },
    opens(s, m, ctx, now) {
      if (m.decision === 'return') {
        if (goesToSpecialMeeting(s))
          return [open(s, 'specialMeeting', workingDays(now, ctx.settings.specialMeetingReminderWorkingDays), ctx)];
        return [open(s, 'revision', workingDays(now, WORKING_DAYS.revision), ctx)];
      }
      return m.level === 3 ? [open(s, 'archive', workingDays(now, WORKING_DAYS.archive), ctx)] : [];
    },
    apply(s, m, _ctx, now, { meet }) {
      const versionId = m.versionId ?? underReview(s)?.versionId ?? null;
      s.reviews.push({
        level: m.level,
        decision: m.decision,
        comments: m.comments ?? [],
        reviewer: m.actor,
        versionId,
        at: now,
        requestId: m.requestId,
      });
      if (m.decision === 'return') {
        const toMeeting = goesToSpecialMeeting(s);
        s.revisionCount++;
        s.returnedAtLevel = m.level;
        enter(s, toMeeting ? 'AWAITING_SPECIAL_MEETING' : 'REVISING', now);
      } else if (m.level === 3) {
        finalize(s, now, meet);
      } else {
        enter(s, m.level === 1 ? 'IN_REVIEW_L2' : 'IN_REVIEW_L3', now);
      }
    },
  },

  recordSpecialMeeting: {
    who: roleOnly('vp'),
    when: (s) => (s.stage === 'AWAITING_SPECIAL_MEETING' ? null : wrongStage(s, 'recording a special meeting', '记录专题会议')),
    what(s, m, ctx, now) {
      if (m.decision !== 'revise' && m.decision !== 'finalize')
        return invalid(s, 'decision', 'must be revise or finalize', '必须是 revise 或 finalize');
      if ((ctx.rules ?? 2) >= 2) return meetingDateRefusal(s, m.date, now);
      return null;
    },
    opens(s, m, ctx, now) {
      // R-10.2: a new revision deadline counted from the meeting day; a finalized summary is archived (R-12.3).
      if (m.decision === 'finalize') return [open(s, 'archive', workingDays(now, WORKING_DAYS.archive), ctx)];
      return [open(s, 'revision', workingDays(`${m.date}T12:00:00+08:00`, WORKING_DAYS.revision), ctx)];
    },
    apply(s, m, _ctx, now, { meet }) {
      s.specialMeetings.push({
        decision: m.decision,
        date: m.date,
        attendees: m.attendees,
        minutes: m.minutes,
        recordedBy: m.actor,
        at: now,
      });
      meet('specialMeeting');
      if (m.decision === 'finalize') finalize(s, now, meet);
      else enter(s, 'REVISING', now);
    },
  },

  confirmArchive: {
    who: roleOnly('archivist'),
    when: (s) => (s.stage === 'ARCHIVING' ? null : wrongStage(s, 'confirming the archive', '确认归档')),
    what(s, m) {
      if (m.medium !== 'paper' && m.medium !== 'electronic')
        return invalid(s, 'medium', 'must be paper or electronic', '必须是 paper 或 electronic');
      if (s.archive.some((a) => a.medium === m.medium)) {
        return refuse(
          s,
          'ALREADY_DONE',
          `the ${m.medium} copy is already archived`,
          `${m.medium === 'paper' ? '纸质版' : '电子版'}已确认归档`,
          'medium',
        );
      }
      return null;
    },
    opens(s, _m, ctx, now) {
      if (s.archive.length + 1 < 2) return [];
      return [
        open(s, 'feedback', { kind: 'months', from: now, months: ctx.settings.feedbackMonths }, ctx),
        ...(s.permanent ? [] : [open(s, 'retention', { kind: 'years', from: now, years: ctx.settings.retentionYears }, ctx)]),
      ];
    },
    apply(s, m, _ctx, now, { meet }) {
      s.archive.push({ medium: m.medium, location: m.location, by: m.actor, at: now });
      if (s.archive.length < 2) return; // R-12.3: paper and electronic both
      meet('archive');
      enter(s, 'FEEDBACK', now);
    },
  },

  submitFeedback: {
    who: leadOnly,
    when: (s) => (s.stage === 'FEEDBACK' ? null : wrongStage(s, 'submitting the feedback record', '提交反馈记录单')),
    what: (s, m) => (typeof m.summary === 'string' && m.summary.trim() ? null : invalid(s, 'summary', 'is required', '必填')),
    opens: () => [],
    apply(s, m, _ctx, now, { meet }) {
      s.feedback = { summary: m.summary, recordId: m.recordId ?? null, by: m.actor, at: now };
      meet('feedback');
      enter(s, 'RETAINED', now);
    },
  },

  decideDisposal: {
    who: roleOnly('archivist'),
    // R-13.1: the disposal review follows the feedback (RETAINED) once the retention has ended.
    when: (s) =>
      s.stage === 'RETAINED' && expiredRetention(s)
        ? null
        : wrongStage(s, 'a disposal decision before the retention period ends', '保管期满前作出处置决定'),
    what(s, m) {
      if (m.decision !== 'destroy' && m.decision !== 'extend')
        return invalid(s, 'decision', 'must be destroy or extend', '必须是 destroy 或 extend');
      if (
        m.decision === 'extend' &&
        !(Number.isInteger(m.extendYears) && m.extendYears! >= EXTEND_YEARS.min && m.extendYears! <= EXTEND_YEARS.max)
      ) {
        return invalid(
          s,
          'extendYears',
          `must be a whole number from ${EXTEND_YEARS.min} to ${EXTEND_YEARS.max}`,
          `延长年限必须是 ${EXTEND_YEARS.min} 到 ${EXTEND_YEARS.max} 的整数`,
        );
      }
      return null;
    },
    opens(s, m, ctx) {
      if (m.decision !== 'extend') return [];
      return [open(s, 'retention', { kind: 'years', from: expiredRetention(s)!.dueAt, years: m.extendYears ?? 1 }, ctx)];
    },
    apply(s, m, _ctx, now, { meet, waive }) {
      s.disposals.push({ decision: m.decision, extendYears: m.extendYears ?? null, reason: m.reason ?? null, by: m.actor, at: now });
      if (m.decision === 'destroy') {
        meet('retention');
        enter(s, 'DISPOSED', now);
      } else {
        waive(expiredRetention(s)!);
      }
    },
  },

  setPermanent: {
    who: roleOnly('admin'),
    when: (s) => (isFinished(s) ? wrongStage(s, 'changing the retention', '更改保管期限') : null),
    what(s, m) {
      if (typeof m.permanent !== 'boolean') return invalid(s, 'permanent', 'must be true or false', '必须是 true 或 false');
      if (typeof m.reason !== 'string' || !m.reason.trim()) return invalid(s, 'reason', 'is required', '必填（请说明理由）');
      if (m.reason.length > RETENTION_REASON_MAX)
        return invalid(s, 'reason', `must be at most ${RETENTION_REASON_MAX} characters`, `不能超过 ${RETENTION_REASON_MAX} 个字符`);
      if (s.permanent === m.permanent) {
        return m.permanent
          ? refuse(s, 'ALREADY_DONE', 'the activity is already kept permanently', '该活动已是永久保管', 'permanent')
          : refuse(s, 'ALREADY_DONE', 'the activity is not kept permanently', '该活动不是永久保管', 'permanent');
      }
      return null;
    },
    opens(s, m, ctx) {
      // Undone after archiving: the retention runs again from where it stood (R-13.1 archive + 3 years,
      // with any extension) — at once overdue, and so the disposal review, if that time has passed.
      if (m.permanent || s.archive.length < 2) return [];
      const last = s.deadlines.filter((d) => d.key === 'retention').at(-1);
      return [open(s, 'retention', last?.anchor ?? { kind: 'years', from: s.archive.at(-1)!.at, years: ctx.settings.retentionYears }, ctx)];
    },
    apply(s, m, _ctx, now, { waive }) {
      s.permanent = m.permanent;
      (s.retentionChanges ??= []).push({ permanent: m.permanent, reason: m.reason.trim(), by: m.actor, at: now });
      // Kept for ever: no retention to run out, no disposal review (an overdue one resolves).
      if (m.permanent) s.deadlines.filter((d) => d.key === 'retention' && isOpen(d)).forEach(waive);
    },
  },
};

/* ---- the machine ---- */

/** Whether the message may be applied now, and which deadlines it would open. Changes nothing. */
export function planMessage(s: LifecycleState, msg: LifecycleMessage, ctx: MachineContext, now: string): Plan {
  // Own properties only: a name such as `toString` must be refused, not looked up on the prototype.
  const rules = Object.hasOwn(RULES, msg?.name) ? (RULES[msg.name] as MessageRules<MessageBase>) : undefined;
  const m = msg?.body;
  if (!rules) return { ok: false, refusal: invalid(s, 'name', `unknown message ${String(msg?.name)}`, `未知的消息 ${String(msg?.name)}`) };
  if (!m || typeof m !== 'object' || typeof m.requestId !== 'string' || !m.requestId || !isActor(m.actor)) {
    return { ok: false, refusal: invalid(s, 'actor', 'requestId and actor are required', '缺少 requestId 或 actor') };
  }
  const refusal = rules.who(s, m.actor, ctx) ?? rules.when(s, m.actor, ctx) ?? rules.what(s, m, ctx, now);
  if (refusal) return { ok: false, refusal };
  return { ok: true, open: rules.opens(s, m, ctx, now) };
}

/**
 * The transition of a planned message. `opened` are the calendar's due times for the plan's
 * deadlines (the workflow's rules v1 adds them later with `addDeadlines`).
 */
export function applyMessage(
  s: LifecycleState,
  msg: LifecycleMessage,
  ctx: MachineContext,
  now: string,
  opened: OpenedDeadline[],
): Transition {
  const next = clone(s);
  const fx = effects(next, now);
  (RULES[msg.name] as MessageRules<MessageBase>).apply(next, msg.body, ctx, now, fx);
  const withDeadlines = addDeadlines(next, opened);
  withDeadlines.version++;
  return { state: withDeadlines, resolved: fx.resolved };
}

function effects(s: LifecycleState, now: string): StepEffects & { resolved: ResolvedEscalation[] } {
  const resolved: ResolvedEscalation[] = [];
  const close = (d: DeadlineState, status: 'met' | 'waived') => {
    d.status = status;
    d.metAt = now;
    if (d.escalatedAt) resolved.push({ deadlineKey: d.key, occurrence: d.occurrence, resolvedAt: now, how: status });
  };
  return {
    resolved,
    meet(key) {
      const d = s.deadlines.find((x) => x.key === key && (x.status === 'pending' || x.status === 'overdue'));
      if (d) close(d, 'met');
    },
    waive: (d) => close(d, 'waived'),
  };
}

/** Appends computed deadlines as pending. */
export function addDeadlines(s: LifecycleState, opened: OpenedDeadline[]): LifecycleState {
  if (!opened.length) return s;
  const next = clone(s);
  for (const c of opened) {
    next.deadlines.push({
      key: c.key,
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
    });
  }
  return next;
}

/** The message names `actor` may send now: the web form shows exactly these buttons. */
export function allowedActions(s: LifecycleState, actor: Actor, ctx: MachineContext): MessageName[] {
  if (!isActor(actor)) return [];
  return MESSAGE_NAMES.filter((name) => {
    const rules = RULES[name] as MessageRules<MessageBase>;
    return !rules.who(s, actor, ctx) && !rules.when(s, actor, ctx) && (rules.may?.(s, actor, ctx) ?? true);
  });
}

/**
 * The roles that may send `name` at all (for their own department, in some stage): the machine's
 * own "who" gate asked for each role. The API's route guards (@Roles) take their lists from here.
 */
export function senderRoles(name: MessageName): Role[] {
  const rules = RULES[name] as MessageRules<MessageBase>;
  const ctx: MachineContext = { leadDepartment: 'lead', plannedMajor: false, settings: DEFAULT_LIFECYCLE_SETTINGS };
  const s = newLifecycleState({ activityId: 'probe', isMajor: false, permanent: false, endAt: '1970-01-01T00:00:00Z' });
  return ROLES.filter((role) => !rules.who(s, { userId: 'probe', role, department: ctx.leadDepartment }, ctx));
}

/** A registered activity's lifecycle before anything happened: waiting for the activity to end. */
export function newLifecycleState(init: Pick<LifecycleState, 'activityId' | 'isMajor' | 'permanent' | 'endAt'>): LifecycleState {
  return {
    ...init,
    stage: 'AWAITING_END',
    revisionCount: 0,
    returnedAtLevel: null,
    deadlines: [],
    escalations: [],
    baseData: null,
    stageHistory: [],
    submissions: [],
    reviews: [],
    specialMeetings: [],
    archive: [],
    feedback: null,
    disposals: [],
    version: 0,
  };
}

/** The deadlines an ended activity opens (R-7.1, R-7.2, R-7.3), counted from its end. */
export function deadlinesAtEnd(s: LifecycleState, ctx: MachineContext): DeadlineToOpen[] {
  return (['baseData', 'draft', 'final'] as const).map((key) => open(s, key, workingDays(s.endAt, WORKING_DAYS[key]), ctx));
}

/** The activity has ended: drafting starts, with the deadlines `deadlinesAtEnd` planned. */
export function activityEnded(s: LifecycleState, now: string, opened: OpenedDeadline[]): LifecycleState {
  const next = clone(s);
  enter(next, 'DRAFTING', now);
  next.version++;
  return addDeadlines(next, opened);
}

/** The state the workflow holds once it takes a new state: every change bumps the version the projection follows. */
export function committed(s: LifecycleState): LifecycleState {
  return { ...s, version: s.version + 1 };
}

/**
 * A step whose deadlines an activity computes: the end (R-7) or a message. Given the deadlines,
 * `stateAfterStep` is the state the workflow commits, so the same activity can project it.
 */
export type ProjectedStep =
  | { kind: 'ended'; state: LifecycleState; now: string }
  | { kind: 'message'; state: LifecycleState; message: LifecycleMessage; ctx: MachineContext; now: string };

export function stateAfterStep(step: ProjectedStep, opened: OpenedDeadline[]): LifecycleState {
  const next =
    step.kind === 'ended'
      ? activityEnded(step.state, step.now, opened)
      : applyMessage(step.state, step.message, step.ctx, step.now, opened).state;
  return committed(next);
}

/* ---- timers ---- */

export interface DueEvent {
  deadlineKey: DeadlineKey;
  occurrence: number;
  kind: 'overdue' | 'reminder';
}

/** The first reminder or escalation whose time has come, or null. */
export function dueNow(s: LifecycleState, nowMs: number): DueEvent | null {
  for (const d of s.deadlines) {
    if (d.status !== 'pending') continue;
    if (nowMs >= Date.parse(d.dueAt)) return { deadlineKey: d.key, occurrence: d.occurrence, kind: 'overdue' };
    if (d.remindAt && !d.reminderSentAt && nowMs >= Date.parse(d.remindAt))
      return { deadlineKey: d.key, occurrence: d.occurrence, kind: 'reminder' };
  }
  return null;
}

/**
 * Records a reminder or the one escalation of an overdue deadline (SPEC §3: exactly once; the
 * deadline leaves `pending`, so it never fires again). Recipients are filled in once sent.
 */
export function markFired(s: LifecycleState, e: DueEvent, now: string): LifecycleState {
  const next = clone(s);
  const d = next.deadlines.find((x) => x.key === e.deadlineKey && x.occurrence === e.occurrence && x.status === 'pending');
  if (!d) return s;
  if (e.kind === 'overdue') {
    d.status = 'overdue';
    d.escalatedAt = now;
  } else {
    d.reminderSentAt = now;
  }
  next.escalations.push({ deadlineKey: e.deadlineKey, occurrence: e.occurrence, kind: e.kind, recipients: [], firedAt: now });
  next.version++;
  return next;
}

/** Fills in who an escalation or reminder reached. */
export function recordRecipients(s: LifecycleState, e: DueEvent, firedAt: string, recipients: string[]): LifecycleState {
  const next = clone(s);
  const record = next.escalations.find(
    (x: EscalationRecord) => x.deadlineKey === e.deadlineKey && x.occurrence === e.occurrence && x.kind === e.kind && x.firedAt === firedAt,
  );
  if (!record) return s;
  record.recipients = recipients;
  next.version++;
  return next;
}

/** A reminder or escalation fired at `firedAt` and sent to `recipients`. */
export interface SentNotice extends DueEvent {
  firedAt: string;
  recipients: string[];
}

/** `recordRecipients` for everything fired together (one wake), in order. */
export function recordAllRecipients(s: LifecycleState, sent: readonly SentNotice[]): LifecycleState {
  return sent.reduce((acc, n) => recordRecipients(acc, n, n.firedAt, n.recipients), s);
}

/**
 * The state the workflow commits once the notices fired together are sent: what the activity that
 * sends them projects, so the loop does not project it again (issue #16, the history budget).
 */
export function stateAfterNotices(s: LifecycleState, sent: readonly SentNotice[]): LifecycleState {
  return committed(recordAllRecipients(s, sent));
}

/** The next moment a timer must wake the lifecycle: a due time or a reminder. */
export function nextWake(s: LifecycleState): { at: number; label: string } | null {
  let next: { at: number; label: string } | null = null;
  for (const d of s.deadlines) {
    if (d.status !== 'pending') continue;
    const candidates = [{ at: Date.parse(d.dueAt), label: d.description }];
    if (d.remindAt && !d.reminderSentAt) candidates.push({ at: Date.parse(d.remindAt), label: `Reminder: ${d.description}` });
    for (const c of candidates) if (!next || c.at < next.at) next = c;
  }
  return next;
}

/**
 * The lifecycle ended (destroyed, closed, or permanently retained): every deadline still open is
 * waived and every escalation still open resolves, so nothing stays overdue.
 */
export function closeOut(s: LifecycleState, now: string): Transition {
  if (!s.deadlines.some(isOpen)) return { state: s, resolved: [] };
  const next = clone(s);
  const fx = effects(next, now);
  next.deadlines.filter(isOpen).forEach(fx.waive);
  next.version++;
  return { state: next, resolved: fx.resolved };
}

function isOpen(d: DeadlineState): boolean {
  return d.status === 'pending' || d.status === 'overdue';
}

/* ---- recipients: who holds the summary ---- */

/** A role to notify: in the lead department, or association-wide; `headOnly` picks the head among its holders. */
export interface RecipientRule {
  role: Role;
  scope: 'lead_department' | 'association';
  headOnly?: true;
}

const leadStaff: RecipientRule = { role: 'staff', scope: 'lead_department' };
const leadHead: RecipientRule = { role: 'dept_head', scope: 'lead_department' };
const admin: RecipientRule = { role: 'admin', scope: 'association' };
const vp: RecipientRule = { role: 'vp', scope: 'association' };
const sg: RecipientRule = { role: 'secretary_general', scope: 'association' };
const archivist: RecipientRule = { role: 'archivist', scope: 'association' };

/** Who must act on the summary in each stage: the compiler while writing, the current reviewer in review. */
const HOLDER: Record<Stage, readonly RecipientRule[]> = {
  AWAITING_END: [leadStaff],
  DRAFTING: [leadStaff],
  REVISING: [leadStaff],
  IN_REVIEW_L1: [leadHead],
  IN_REVIEW_L2: [admin],
  IN_REVIEW_L3: [vp, sg],
  AWAITING_SPECIAL_MEETING: [vp], // the VP convenes and chairs the meeting
  ARCHIVING: [archivist],
  FEEDBACK: [leadStaff],
  RETAINED: [archivist], // the disposal review is the archivist's
  DISPOSED: [],
  CLOSED: [],
};

/** Escalation when a deadline passes: the "overdue" column of SPEC §3. */
const OVERDUE: Record<DeadlineKey, readonly RecipientRule[]> = {
  baseData: [leadHead], // R-7.1
  draft: [leadHead, admin], // R-7.2
  revision: [leadHead, admin], // R-10.1
  final: [vp, sg], // R-7.3
  specialMeeting: [vp, sg], // R-10.2: no meeting record after 5 wd
  archive: [{ ...admin, headOnly: true }], // R-12.3: the head of administration
  feedback: [leadHead], // R-16.1
  // R-13.1: the end of retention opens the archivist's disposal review.
  retention: [archivist],
};

/**
 * Who is told: an overdue deadline goes to SPEC §3's recipients; a reminder to whoever holds the
 * summary at that moment (base data is always the compiler's to collect).
 */
export function recipientRules(deadlineKey: DeadlineKey, kind: 'overdue' | 'reminder', stage: Stage): RecipientRule[] {
  const rules = kind === 'overdue' ? OVERDUE[deadlineKey] : deadlineKey === 'baseData' ? [leadStaff] : HOLDER[stage];
  return rules.map((r) => ({ ...r }));
}

/* ---- helpers ---- */

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function enter(s: LifecycleState, stage: Stage, now: string): void {
  s.stage = stage;
  (s.stageHistory ??= []).push({ stage, at: now });
}

/** R-7.3: the final version is formed (L3 approval or the special meeting's decision). */
function finalize(s: LifecycleState, now: string, meet: StepEffects['meet']): void {
  meet('final');
  enter(s, 'ARCHIVING', now);
}

/** R-10.2: a major activity's summary returned for the third time (more than two revisions). */
function goesToSpecialMeeting(s: LifecycleState): boolean {
  return s.isMajor && s.revisionCount + 1 >= SPECIAL_MEETING_AFTER_RETURNS;
}

function expiredRetention(s: LifecycleState): DeadlineState | undefined {
  return s.deadlines.find((d) => d.key === 'retention' && d.status === 'overdue');
}

/** Four eyes (R-8, R-6.4): nobody reviews a version they compiled or submitted. */
function ownSubmission(s: LifecycleState, a: Actor, ctx: MachineContext): Refusal | null {
  if ((ctx.rules ?? 2) < 2) return null;
  const sub = underReview(s);
  if (!sub || (sub.by.userId !== a.userId && sub.compiledBy !== a.userId)) return null;
  return refuse(
    s,
    'OWN_SUBMISSION',
    'you compiled or submitted this version; another reviewer must review it',
    '您编制或提交了此版本，不能审核自己的总结，请由其他审核人审核',
  );
}

function open(s: LifecycleState, key: DeadlineKey, anchor: DeadlineAnchor, ctx: MachineContext): DeadlineToOpen {
  return {
    key,
    occurrence: s.deadlines.filter((d) => d.key === key).length + 1,
    anchor,
    remindWorkingDaysBefore: ctx.settings.reminderWorkingDaysBefore,
  };
}

function workingDays(from: string, days: number): DeadlineAnchor {
  return { kind: 'workingDays', from, days };
}

function invalid(s: LifecycleState, field: string, message: string, messageZh: string): Refusal {
  return refuse(s, 'INVALID', `${field} ${message}`, `${field} ${messageZh}`, field);
}

function isCommentList(v: unknown): v is Array<{ text: string }> {
  return Array.isArray(v) && v.every((c) => !!c && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string');
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 10_000_000;
}

function isActor(a: unknown): a is Actor {
  const x = a as Actor | null;
  return (
    !!x && typeof x === 'object' && typeof x.userId === 'string' && typeof x.role === 'string' && Object.hasOwn(ROLE_LABELS_ZH, x.role)
  );
}

/**
 * R-10.2 the meeting day: a real calendar date, not before the activity ended and not in the
 * future (a meeting is recorded once held). A typo such as 2026-02-30 is refused here, before
 * anything changes.
 */
export function meetingDateRefusal(s: LifecycleState, date: unknown, now: string): Refusal | null {
  let day: number;
  try {
    day = parseIsoDateToDay(date, 'date');
  } catch {
    return invalid(
      s,
      'date',
      `must be a real calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`,
      `必须是真实存在的日期（YYYY-MM-DD），收到 ${JSON.stringify(date)}`,
    );
  }
  const ended = shanghaiEpochDay(Date.parse(s.endAt));
  const today = shanghaiEpochDay(Date.parse(now));
  if (day < ended || day > today) {
    const [from, to] = [formatEpochDay(ended), formatEpochDay(today)];
    return invalid(
      s,
      'date',
      `must lie between the activity's end (${from}) and today (${to})`,
      `必须在活动结束日（${from}）与今天（${to}）之间`,
    );
  }
  return null;
}
