/**
 * One durable workflow per activity (SPEC §3). Deterministic: time comes from the workflow clock,
 * due times from activities (the calendar is I/O), and every decision is recorded in history.
 *
 * Shape: message handlers (updates for the API, signals for ops) change the state at once and
 * wake the main loop; the loop fires reminders and escalations whose time has come, writes the
 * PostgreSQL projection, and sleeps on one durable timer until the next due time or message.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import type { DeadlineSpec } from '../activities/deadline.activities.js';
import type { DeadlineAnchor } from '../libs/calendar/deadlines.js';
import type {
  DeadlineKey,
  DeadlineState,
  LifecycleState,
  MessageBase,
  Refusal,
  Stage,
} from '../libs/domain/lifecycle.js';
import { MESSAGE_REFUSED } from '../libs/domain/lifecycle.js';
import {
  calendarChangedSignal,
  confirmArchiveSignal,
  confirmArchiveUpdate,
  decideDisposalSignal,
  decideDisposalUpdate,
  DEFAULT_LIFECYCLE_SETTINGS,
  recordSpecialMeetingSignal,
  recordSpecialMeetingUpdate,
  reviewSignal,
  reviewUpdate,
  stateQuery,
  submitBaseDataSignal,
  submitBaseDataUpdate,
  submitDraftSignal,
  submitDraftUpdate,
  submitFeedbackSignal,
  submitFeedbackUpdate,
  type LifecycleInput,
  type LifecycleSettings,
} from './definitions.js';
import {
  needsSpecialMeeting,
  refuseArchive,
  refuseBaseData,
  refuseDisposal,
  refuseDraft,
  refuseFeedback,
  refuseReview,
  refuseSpecialMeeting,
} from './rules.js';
import { IsMajorKey, IsOverdueKey, NextDeadlineKey, StageKey } from './search-attributes.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Bounded retries: the registering transaction commits within seconds or never. */
const registration = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 12 },
});

const TERMINAL: readonly Stage[] = ['DISPOSED', 'CLOSED'];

export async function activityLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  const settings: LifecycleSettings = { ...DEFAULT_LIFECYCLE_SETTINGS, ...input.settings };
  const workflowId = workflowInfo().workflowId;
  const state: LifecycleState = input.resume?.state ?? {
    activityId: input.activityId,
    stage: 'AWAITING_END',
    isMajor: input.isMajor,
    permanent: input.permanent,
    endAt: input.endAt,
    revisionCount: 0,
    returnedAtLevel: null,
    deadlines: [],
    escalations: [],
    baseData: null,
    submissions: [],
    reviews: [],
    specialMeetings: [],
    archive: [],
    feedback: null,
    disposals: [],
    version: 0,
  };
  const processed = new Set(input.resume?.processedRequestIds ?? []);
  let wake = false;
  let projected = -1;
  let recomputeRequested = false;
  /** Escalations whose late step got done; the loop marks them resolved (handlers stay synchronous). */
  const toResolve: Array<{ workflowId: string; deadlineKey: DeadlineKey; occurrence: number; resolvedAt: string }> = [];
  const nowIso = () => new Date().toISOString();

  /** Every change goes through here: bump the version, refresh search attributes, wake the loop. */
  const changed = () => {
    state.version++;
    wake = true;
    publish(state);
  };
  const enter = (stage: Stage) => {
    state.stage = stage;
    changed();
  };
  const pendingOf = (key: DeadlineKey) => state.deadlines.find((d) => d.key === key && d.status === 'pending');
  /** A step was done: its deadline is met (late or not); a late one resolves its escalation. */
  const meet = (key: DeadlineKey) => {
    const d = state.deadlines.find((x) => x.key === key && (x.status === 'pending' || x.status === 'overdue'));
    if (!d) return;
    d.status = 'met';
    d.metAt = nowIso();
    if (d.escalatedAt) toResolve.push({ workflowId, deadlineKey: key, occurrence: d.occurrence, resolvedAt: d.metAt });
  };
  const addDeadlines = async (specs: Array<Omit<DeadlineSpec, 'remindWorkingDaysBefore' | 'occurrence'>>) => {
    const computed = await acts.computeDeadlines(
      specs.map((s) => ({
        ...s,
        occurrence: state.deadlines.filter((d) => d.key === s.key).length + 1,
        remindWorkingDaysBefore: settings.reminderWorkingDaysBefore,
      })),
    );
    for (const c of computed) {
      state.deadlines.push({
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
    changed();
  };
  const workingDaysFrom = (from: string, days: number): DeadlineAnchor => ({ kind: 'workingDays', from, days });
  /** the final version is formed (L3 approval or the special meeting's decision). */
  const finalize = async () => {
    meet('final');
    enter('ARCHIVING');
    await addDeadlines([{ key: 'archive', anchor: workingDaysFrom(nowIso(), 2) }]);
  };
  /** a return goes to revision, or for a major activity's 3rd return to a meeting. */
  const returned = async () => {
    state.revisionCount++;
    if (needsSpecialMeeting(state)) {
      enter('AWAITING_SPECIAL_MEETING');
      await addDeadlines([{ key: 'specialMeeting', anchor: workingDaysFrom(nowIso(), settings.specialMeetingReminderWorkingDays) }]);
    } else {
      enter('REVISING');
      await addDeadlines([{ key: 'revision', anchor: workingDaysFrom(nowIso(), 3) }]);
    }
  };

  /**
   * Registers a message as an update (validator refuses; the caller gets the new state) and as a
   * signal of the same name (a refusal is logged). The same requestId twice has no second effect.
   */
  function handle<M extends MessageBase>(
    update: UpdateDefinition<LifecycleState, [M]>,
    signal: SignalDefinition<[M]>,
    refusal: (m: M) => Refusal | null,
    apply: (m: M) => Promise<void> | void,
  ): void {
    const run = async (m: M): Promise<LifecycleState> => {
      if (processed.has(m.requestId)) return state;
      processed.add(m.requestId);
      await apply(m);
      return state;
    };
    setHandler(update, run, {
      validator: (m: M) => {
        if (!m || typeof m.requestId !== 'string' || !m.actor) {
          throw ApplicationFailure.create({ type: MESSAGE_REFUSED, message: 'requestId and actor are required', nonRetryable: true, details: [{ code: 'INVALID', stage: state.stage, message: 'requestId and actor are required', messageZh: '缺少 requestId 或 actor' }] });
        }
        if (processed.has(m.requestId)) return;
        const r = refusal(m);
        if (r) throw ApplicationFailure.create({ type: MESSAGE_REFUSED, message: r.message, nonRetryable: true, details: [r] });
      },
    });
    setHandler(signal, async (m: M) => {
      if (!m || typeof m.requestId !== 'string' || !m.actor || processed.has(m.requestId)) return;
      const r = refusal(m);
      if (r) {
        log.warn('signal refused', { refusal: r, requestId: m.requestId });
        return;
      }
      await run(m);
    });
  }

  // Handlers first, so a message that arrives early is never lost.
  setHandler(stateQuery, () => state);
  setHandler(calendarChangedSignal, () => {
    recomputeRequested = true;
    wake = true;
  });
  const lead = input.leadDepartment;

  handle(submitBaseDataUpdate, submitBaseDataSignal, (m) => refuseBaseData(state, m, lead), (m) => {
    state.baseData = { participants: m.participants, expenseSettled: m.expenseSettled, notes: m.notes ?? null, by: m.actor, at: nowIso() };
    meet('baseData');
    // "more than 500 participants (planned or actual)".
    if (m.participants.online + m.participants.offline > 500) state.isMajor = true;
    changed();
  });

  handle(submitDraftUpdate, submitDraftSignal, (m) => refuseDraft(state, m, lead), (m) => {
    const revising = state.stage === 'REVISING';
    state.submissions.push({ versionId: m.versionId, kind: revising ? 'revision' : 'draft', by: m.actor, at: nowIso(), warningFindings: m.warningFindings });
    if (revising) {
      meet('revision');
      enter(`IN_REVIEW_L${state.returnedAtLevel ?? 1}`);
    } else {
      meet('draft');
      enter('IN_REVIEW_L1');
    }
  });

  handle(reviewUpdate, reviewSignal, (m) => refuseReview(state, m, lead), async (m) => {
    const at = nowIso();
    // The request id lets the worker project the review into PostgreSQL once, whoever sent it.
    const versionId = m.versionId ?? state.submissions.at(-1)?.versionId ?? null;
    state.reviews.push({ level: m.level, decision: m.decision, comments: m.comments ?? [], reviewer: m.actor, versionId, at, requestId: m.requestId });
    if (m.decision === 'return') {
      state.returnedAtLevel = m.level;
      await returned();
    } else if (m.level === 3) {
      await finalize();
    } else {
      enter(m.level === 1 ? 'IN_REVIEW_L2' : 'IN_REVIEW_L3');
    }
  });

  handle(recordSpecialMeetingUpdate, recordSpecialMeetingSignal, (m) => refuseSpecialMeeting(state, m), async (m) => {
    state.specialMeetings.push({ decision: m.decision, date: m.date, attendees: m.attendees, minutes: m.minutes, recordedBy: m.actor, at: nowIso() });
    meet('specialMeeting');
    if (m.decision === 'finalize') {
      await finalize();
    } else {
      enter('REVISING');
      // a new 3-working-day revision deadline counted from the meeting day.
      await addDeadlines([{ key: 'revision', anchor: workingDaysFrom(`${m.date}T12:00:00+08:00`, 3) }]);
    }
  });

  handle(confirmArchiveUpdate, confirmArchiveSignal, (m) => refuseArchive(state, m), async (m) => {
    state.archive.push({ medium: m.medium, location: m.location, by: m.actor, at: nowIso() });
    changed();
    if (state.archive.length < 2) return; // paper and electronic both
    meet('archive');
    enter('FEEDBACK');
    const archivedAt = nowIso();
    await addDeadlines([
      { key: 'feedback', anchor: { kind: 'months', from: archivedAt, months: settings.feedbackMonths } },
      ...(state.permanent ? [] : [{ key: 'retention' as const, anchor: { kind: 'years' as const, from: archivedAt, years: settings.retentionYears } }]),
    ]);
  });

  handle(submitFeedbackUpdate, submitFeedbackSignal, (m) => refuseFeedback(state, m, lead), (m) => {
    state.feedback = { summary: m.summary, recordId: m.recordId ?? null, by: m.actor, at: nowIso() };
    meet('feedback');
    enter('RETAINED');
  });

  handle(decideDisposalUpdate, decideDisposalSignal, (m) => refuseDisposal(state, m), async (m) => {
    state.disposals.push({ decision: m.decision, extendYears: m.extendYears ?? null, reason: m.reason ?? null, by: m.actor, at: nowIso() });
    const expired = state.deadlines.find((d) => d.key === 'retention' && d.status === 'overdue');
    if (m.decision === 'destroy') {
      meet('retention');
      enter('DISPOSED');
      return;
    }
    if (expired) expired.status = 'waived';
    changed();
    await addDeadlines([{ key: 'retention', anchor: { kind: 'years', from: expired?.dueAt ?? nowIso(), years: m.extendYears ?? 1 } }]);
  });

  /* ---- start of the lifecycle ---- */
  if (!input.resume) {
    publish(state);
    try {
      await registration.confirmActivityRecorded(input.activityId);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('activity row never committed; closing the orphaned lifecycle', { activityId: input.activityId });
      enter('CLOSED');
      return state;
    }
    const untilEnd = Date.parse(input.endAt) - Date.now();
    if (untilEnd > 0) {
      setCurrentDetails(`Waiting for the activity to end at ${input.endAt}`);
      await sleep(untilEnd, { summary: `Activity ends ${input.endAt}` });
    }
    enter('DRAFTING');
    // base data, draft and final count from the activity's end.
    await addDeadlines([
      { key: 'baseData', anchor: workingDaysFrom(input.endAt, 2) },
      { key: 'draft', anchor: workingDaysFrom(input.endAt, 7) },
      { key: 'final', anchor: workingDaysFrom(input.endAt, 10) },
    ]);
  }

  /* ---- main loop: fire what is due, project, sleep until the next due time or message ---- */
  for (;;) {
    if (recomputeRequested) {
      recomputeRequested = false;
      await recomputePending(state);
      changed();
    }
    await fireDue();
    while (toResolve.length) await acts.resolveEscalations(toResolve.shift()!);
    if (projected !== state.version) {
      projected = state.version;
      await acts.recordProjection(state);
      continue; // a message may have arrived meanwhile
    }
    if (TERMINAL.includes(state.stage)) break;
    // A permanent summary, once feedback is in, has nothing left to wait for.
    if (state.stage === 'RETAINED' && state.permanent) break;
    // The 3-year retention wait starts a fresh history, and so does any long history.
    const atRetentionBoundary = state.stage === 'RETAINED' && !input.resume?.retained;
    if (atRetentionBoundary || workflowInfo().continueAsNewSuggested) {
      wake = false;
      await condition(allHandlersFinished);
      if (!wake) {
        const { resume: _old, ...rest } = input;
        await continueAsNew<typeof activityLifecycle>({
          ...rest,
          resume: { state, processedRequestIds: [...processed], retained: state.stage === 'RETAINED' },
        });
      }
      continue;
    }
    const next = nextEvent(state);
    setCurrentDetails(details(state, next?.label ?? null));
    wake = false;
    if (!next) {
      await condition(() => wake);
    } else {
      const ms = next.at - Date.now();
      if (ms > 0) await condition(() => wake, ms, { summary: next.label });
    }
  }
  await condition(allHandlersFinished);
  return state;

  /** Reminders 1 working day before, and exactly one escalation when a deadline passes. */
  async function fireDue(): Promise<void> {
    for (const d of state.deadlines) {
      if (d.status !== 'pending') continue;
      const now = Date.now();
      const due = Date.parse(d.dueAt);
      if (now >= due) {
        d.status = 'overdue';
        d.escalatedAt = nowIso();
        const record = { deadlineKey: d.key, occurrence: d.occurrence, kind: 'overdue' as const, recipients: [] as string[], firedAt: d.escalatedAt };
        state.escalations.push(record);
        changed();
        record.recipients = (await acts.notifyDeadline(notice(d, 'overdue', record.firedAt))).recipients;
        changed();
      } else if (d.remindAt && !d.reminderSentAt && now >= Date.parse(d.remindAt)) {
        d.reminderSentAt = nowIso();
        const record = { deadlineKey: d.key, occurrence: d.occurrence, kind: 'reminder' as const, recipients: [] as string[], firedAt: d.reminderSentAt };
        state.escalations.push(record);
        changed();
        record.recipients = (await acts.notifyDeadline(notice(d, 'reminder', record.firedAt))).recipients;
        changed();
      }
    }
  }

  function notice(d: DeadlineState, kind: 'overdue' | 'reminder', firedAt: string) {
    return { workflowId, activityId: state.activityId, leadDepartment: lead, deadlineKey: d.key, occurrence: d.occurrence, kind, dueAt: d.dueAt, firedAt };
  }
}

/** The calendar changed: pending due times move (SPEC §3), met and overdue ones stay as they were. */
async function recomputePending(state: LifecycleState): Promise<void> {
  const pending = state.deadlines.filter((d) => d.status === 'pending');
  if (!pending.length) return;
  const computed = await acts.computeDeadlines(
    pending.map((d) => ({ key: d.key, occurrence: d.occurrence, anchor: d.anchor, remindWorkingDaysBefore: d.remindAt ? 1 : 0 })),
  );
  computed.forEach((c, i) => {
    const d = pending[i]!;
    if (d.status !== 'pending') return;
    d.dueAt = c.dueAt;
    d.provisional = c.provisional;
    d.description = c.description;
    if (!d.reminderSentAt) d.remindAt = c.remindAt;
  });
}

function nextEvent(state: LifecycleState): { at: number; label: string } | null {
  let next: { at: number; label: string } | null = null;
  for (const d of state.deadlines) {
    if (d.status !== 'pending') continue;
    const candidates: Array<{ at: number; label: string }> = [{ at: Date.parse(d.dueAt), label: d.description }];
    if (d.remindAt && !d.reminderSentAt) candidates.push({ at: Date.parse(d.remindAt), label: `Reminder: ${d.description}` });
    for (const c of candidates) if (!next || c.at < next.at) next = c;
  }
  return next;
}

function details(state: LifecycleState, next: string | null): string {
  const overdue = state.deadlines.filter((d) => d.status === 'overdue').map((d) => d.key);
  return [
    `Stage ${state.stage}`,
    `revisions ${state.revisionCount}`,
    overdue.length ? `overdue: ${overdue.join(', ')}` : 'nothing overdue',
    next ? `next: ${next}` : 'no pending deadline',
  ].join(' · ');
}

function publish(state: LifecycleState): void {
  const pending = state.deadlines.filter((d) => d.status === 'pending').map((d) => Date.parse(d.dueAt));
  upsertSearchAttributes([
    { key: StageKey, value: state.stage },
    { key: IsMajorKey, value: state.isMajor },
    { key: NextDeadlineKey, value: pending.length ? new Date(Math.min(...pending)) : null },
    { key: IsOverdueKey, value: state.deadlines.some((d) => d.status === 'overdue') },
  ]);
}
