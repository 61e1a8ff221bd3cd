/**
 * One durable workflow per activity (SPEC §3): a thin shell over the pure lifecycle machine
 * (libs/domain/lifecycle-machine.ts), which makes every decision. The shell owns what is Temporal:
 * message handlers (updates for the API, signals for ops), the one durable timer, activities for
 * I/O (the calendar, PostgreSQL, notifications), search attributes and continue-as-new.
 *
 * A message is planned (refused or not, which deadlines it opens), the deadlines are computed by
 * an activity, and only then is the transition applied: a bad date or an unreadable calendar
 * refuses the message and changes nothing. Handlers run one at a time, so two messages never
 * plan against the same state.
 *
 * Runs recorded before the machine existed replay through `legacyReceive` (patch
 * LIFECYCLE_MACHINE_PATCH; see README "Changing the workflow").
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, SignalDefinition, TypedSearchAttributes, UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { CALENDAR_INPUT_FAILURE } from '../libs/domain/failures.js';
import { MESSAGE_REFUSED, type LifecycleState, type Refusal } from '../libs/domain/lifecycle.js';
import {
  activityEnded,
  addDeadlines,
  applyMessage,
  closeOut,
  committed,
  deadlinesAtEnd,
  dueNow,
  isFinished,
  isFinishedBeforeRetentionChanges,
  markFired,
  recordAllRecipients,
  newLifecycleState,
  nextWake,
  planMessage,
  recordRecipients,
  type DeadlineToOpen,
  type DueEvent,
  type LifecycleMessage,
  type MachineContext,
  type MessageName,
  type MessagePayloads,
  type OpenedDeadline,
  type ProjectedStep,
  type ResolvedEscalation,
  type Transition,
} from '../libs/domain/lifecycle-machine.js';
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
  setPermanentSignal,
  setPermanentUpdate,
  stateQuery,
  submitBaseDataSignal,
  submitBaseDataUpdate,
  submitDraftSignal,
  submitDraftUpdate,
  submitFeedbackSignal,
  submitFeedbackUpdate,
  type LifecycleInput,
} from './definitions.js';
import { IsMajorKey, IsOverdueKey, NextDeadlineKey, StageKey } from './search-attributes.js';

/**
 * Deadlines computed while a message waits for its answer: a few quick tries, then the message is
 * refused (UNAVAILABLE) with nothing changed, so no update outlives the API's patience. A calendar
 * input error never heals: not retried.
 */
const whileWaiting = proxyActivities<Activities>({
  startToCloseTimeout: '2 seconds', // 3 tries within ~7 s: inside the API's update deadline (10 s)
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumAttempts: 3,
    nonRetryableErrorTypes: [CALENDAR_INPUT_FAILURE],
  },
});

/**
 * Projection, escalations, and deadlines nobody waits on: PostgreSQL being down must delay them,
 * never drop them, so outages are retried without limit (a try at least every minute: the
 * projection catches up within a minute of PostgreSQL's return); business errors are non-retryable.
 */
const durable = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [CALENDAR_INPUT_FAILURE],
  },
});

/**
 * Is the activity row there? The registering transaction commits within seconds or never: the
 * activity itself gives up (non-retryable) once its grace period is over, and then the lifecycle
 * closes as an orphan. An unreachable database is retried without limit, so no outage, however
 * long, makes a recorded activity an orphan.
 */
const registration = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * The wake's and the registration's steps first run as local activities (LOCAL_STEPS_PATCH): in
 * the worker, inside the workflow task that needs them, with a marker in history instead of an
 * activity task and two more workflow tasks. A few quick tries, bounded well inside the workflow
 * task's timeout; what still fails (PostgreSQL down, a saturated pool) falls back to the durable
 * activity of the same name, whose retries wait in the server, not in the workflow task, so an
 * outage never inflates history with task heartbeats. The steps are idempotent (dedupe keys,
 * monotonic projection), so a local try that did half its work is safe to repeat.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '3 seconds',
  // Under the task heartbeat: the SDK heartbeats a workflow task at 80 % of its timeout, 4 s of the API's 5 s.
  scheduleToCloseTimeout: '3500 milliseconds',
  // Tries at 0, 0.8 and 2.4 s: room for the API's commit of the row the lifecycle starts inside of.
  retry: { initialInterval: '800 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * Recorded by every run that plans messages through the machine (compute deadlines first, then
 * transition; four eyes, base data first, date checks; escalations resolved on waiver and at the
 * end). Histories without it replay through the legacy path. Deprecate once no such run is open.
 */
export const LIFECYCLE_MACHINE_PATCH = 'lifecycle-machine';

/**
 * Recorded by a run that keeps a permanently retained lifecycle open, so admin can undo the mark
 * . Runs that ended there before replay as they were: they completed.
 */
export const PERMANENT_KEPT_OPEN_PATCH = 'permanent-kept-open';

/**
 * Recorded by a run that keeps its history lean (issue #16, the history budget): the deadlines a
 * message or the end opens are computed and the state they lead to projected by one activity
 * (`computeDeadlinesAndProject`), the timer stays while the next due time stays the same, and
 * search attributes are upserted only when one of them changed. Runs without it replay as they
 * were recorded.
 */
export const LEAN_HISTORY_PATCH = 'lean-history';

/**
 * Recorded by a run whose wakes send and project in one activity (issue #16): the reminders and
 * escalations due at one instant are sent, and the state with their recipients projected, by
 * `notifyDeadlinesAndProject`, so the loop does not schedule `recordProjection` after them. Runs
 * recorded before it replay through `notifyDeadlines`.
 */
export const NOTIFY_AND_PROJECT_PATCH = 'notify-and-project';

/**
 * Recorded by a run whose registration check and wakes run as local activities first (issue #16:
 * a lifecycle registered after its end used three workflow tasks and two activity tasks, now one
 * workflow task). Runs recorded before it replay through the durable activities.
 */
export const LOCAL_STEPS_PATCH = 'local-steps';

export async function activityLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  const settings = { ...DEFAULT_LIFECYCLE_SETTINGS, ...input.settings };
  const ctx: MachineContext = { leadDepartment: input.leadDepartment, plannedMajor: input.isMajor, settings };
  const workflowId = workflowInfo().workflowId;
  let state: LifecycleState =
    input.resume?.state ??
    newLifecycleState({ activityId: input.activityId, isMajor: input.isMajor, permanent: input.permanent, endAt: input.endAt });
  const processed = new Set(input.resume?.processedRequestIds ?? []);
  let wake = false;
  let busy = false;
  let projected = -1;
  let recomputeRequested = false;
  /** Escalations whose late step got done or was waived; the loop marks them resolved. */
  const toResolve: ResolvedEscalation[] = [];
  const nowIso = () => new Date().toISOString();
  /** The search attributes in force: at first those the run started with (the API's, or carried over by continue-as-new). */
  let published = JSON.stringify(searchAttributeValues(workflowInfo().typedSearchAttributes));
  /** The durable timer of the lean wait, kept while the next due time stays the same. */
  let timer: { at: number; scope: CancellationScope } | null = null;

  /** Every change goes through here: bump the version (the projection follows it), refresh search attributes, wake the loop. */
  const changed = () => {
    state = committed(state);
    wake = true;
    publish(state);
  };

  /** Upserts the search attributes of `s` (under LEAN_HISTORY_PATCH only when one of them changed). */
  function publish(s: LifecycleState): void {
    const attributes = searchAttributesOf(s);
    const key = JSON.stringify(attributes.map((a) => a.value ?? null));
    if (key === published && patched(LEAN_HISTORY_PATCH)) return;
    published = key;
    upsertSearchAttributes(attributes);
  }
  const commit = (t: Transition) => {
    state = t.state;
    toResolve.push(...t.resolved);
    changed();
  };

  /** Plan, compute the deadlines, then transition: a refusal at any point changes nothing. */
  async function receive(msg: LifecycleMessage, viaSignal: boolean): Promise<LifecycleState> {
    const { requestId } = msg.body;
    if (processed.has(requestId)) return state;
    // Lean runs follow today's rules without recording the machine's patch too (two events less).
    if (patched(LEAN_HISTORY_PATCH)) return await receiveLean(msg);
    // `return await`: the legacy path must settle in as many ticks as the code that recorded it.
    if (!patched(LIFECYCLE_MACHINE_PATCH)) return await legacyReceive(msg, viaSignal);
    if (busy) await condition(() => !busy);
    busy = true;
    try {
      if (processed.has(requestId)) return state;
      const plan = guarded(() => planMessage(state, msg, ctx, nowIso()));
      if (!plan.ok) throw refused(plan.refusal);
      const opened = plan.open.length ? await computeWhileWaiting(plan.open) : [];
      const t = guarded(() => ({ ok: true as const, transition: applyMessage(state, msg, ctx, nowIso(), opened) }));
      if (!t.ok) throw refused(t.refusal);
      commit(t.transition);
      processed.add(requestId);
      return state;
    } finally {
      busy = false;
    }
  }

  /**
   * `receive` under LEAN_HISTORY_PATCH: one instant for the plan and the transition, and the
   * activity that computes the deadlines also projects the state they lead to (then the loop does
   * not project it again).
   */
  async function receiveLean(msg: LifecycleMessage): Promise<LifecycleState> {
    const { requestId } = msg.body;
    if (busy) await condition(() => !busy);
    busy = true;
    try {
      if (processed.has(requestId)) return state;
      const now = nowIso();
      const plan = guarded(() => planMessage(state, msg, ctx, now));
      if (!plan.ok) throw refused(plan.refusal);
      const before = state;
      const step = plan.open.length
        ? await computeAndProjectWhileWaiting(plan.open, { kind: 'message', state, message: msg, ctx, now })
        : null;
      // The activity projected the step from the state it was given: this one, unless the loop changed it meanwhile.
      const ahead = step?.projected && state === before ? step.projected.version : null;
      const t = guarded(() => ({ ok: true as const, transition: applyMessage(state, msg, ctx, now, step?.opened ?? []) }));
      if (!t.ok) throw refused(t.refusal);
      commit(t.transition);
      if (ahead === state.version) projected = state.version;
      processed.add(requestId);
      return state;
    } finally {
      busy = false;
    }
  }

  /**
   * A message the machine cannot handle (a bug, or a payload nobody foresaw) is refused and logged:
   * thrown from a handler, it would fail every workflow task and wedge the lifecycle.
   */
  function guarded<T extends { ok: true }>(decide: () => T | { ok: false; refusal: Refusal }): T | { ok: false; refusal: Refusal } {
    try {
      return decide();
    } catch (err) {
      log.error('a message could not be handled; refused', { error: String(err) });
      const message = 'the message could not be handled; nothing was changed';
      return { ok: false, refusal: { code: 'INVALID', stage: state.stage, message, messageZh: '无法处理该消息，本次未做任何更改' } };
    }
  }

  /** The deadlines a message opens; a calendar that cannot answer refuses the message. */
  async function computeWhileWaiting(open: DeadlineToOpen[]): Promise<OpenedDeadline[]> {
    try {
      return await whileWaiting.computeDeadlines(open);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      throw calendarRefusal(err);
    }
  }

  /** `computeWhileWaiting` that also projects the state the step leads to (LEAN_HISTORY_PATCH). */
  async function computeAndProjectWhileWaiting(open: DeadlineToOpen[], step: ProjectedStep): Promise<ComputedStep> {
    try {
      return await whileWaiting.computeDeadlinesAndProject({ open, step });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      throw calendarRefusal(err);
    }
  }

  function calendarRefusal(err: ActivityFailure): ApplicationFailure {
    const cause = err.cause instanceof ApplicationFailure ? err.cause : null;
    if (cause?.type === CALENDAR_INPUT_FAILURE) {
      const d = (cause.details?.[0] ?? {}) as { field?: string; messageZh?: string };
      return refused({
        code: 'INVALID',
        stage: state.stage,
        message: cause.message,
        messageZh: d.messageZh ?? cause.message,
        ...(d.field ? { field: d.field } : {}),
      });
    }
    return refused({
      code: 'UNAVAILABLE',
      stage: state.stage,
      message: 'the working-day calendar could not be read; nothing was changed, please retry',
      messageZh: '工作日历暂时无法读取，本次未做任何更改，请稍后重试',
    });
  }

  /**
   * Deprecated: how runs recorded before LIFECYCLE_MACHINE_PATCH applied a message (rules v1,
   * transition first, deadlines after, the same search-attribute upserts). Kept for replay only.
   */
  async function legacyReceive(msg: LifecycleMessage, viaSignal: boolean): Promise<LifecycleState> {
    const legacy: MachineContext = { ...ctx, rules: 1 };
    const plan = planMessage(state, msg, legacy, nowIso());
    if (viaSignal && !plan.ok) return state;
    processed.add(msg.body.requestId);
    const before = state;
    const t = applyMessage(state, msg, legacy, nowIso(), []);
    state = t.state;
    toResolve.push(...t.resolved.filter((r) => r.how === 'met'));
    changed();
    const open = plan.ok ? plan.open : [];
    if (msg.name === 'confirmArchive' && before.stage !== state.stage) changed(); // v1 upserted twice here
    if (!open.length) return state;
    state = addDeadlines(state, await durable.computeDeadlines(open));
    changed();
    return state;
  }

  /** A message as an update (the validator refuses; the caller gets the new state) and as a signal (a refusal is logged). */
  function handle<K extends MessageName>(
    name: K,
    update: UpdateDefinition<LifecycleState, [MessagePayloads[K]]>,
    signal: SignalDefinition<[MessagePayloads[K]]>,
  ): void {
    const message = (body: MessagePayloads[K]) => ({ name, body }) as LifecycleMessage;
    setHandler(update, (m) => receive(message(m), false), {
      validator: (m) => {
        if (m && typeof m === 'object' && processed.has(m.requestId)) return;
        const plan = guarded(() => planMessage(state, message(m), ctx, nowIso()));
        if (!plan.ok) throw refused(plan.refusal);
      },
    });
    setHandler(signal, async (m) => {
      if (!m || typeof m !== 'object' || typeof m.requestId !== 'string') return;
      try {
        await receive(message(m), true);
      } catch (err) {
        if (!(err instanceof ApplicationFailure) || err.type !== MESSAGE_REFUSED) throw err;
        // `requestId` in log lines is the API request's (workflows/request-id.interceptors.ts); this is the message's dedupe id.
        log.warn('signal refused', { refusal: err.details?.[0], messageRequestId: m.requestId });
      }
    });
  }

  // Handlers first, so a message that arrives early is never lost.
  setHandler(stateQuery, () => state);
  setHandler(calendarChangedSignal, () => {
    recomputeRequested = true;
    wake = true;
  });
  handle('submitBaseData', submitBaseDataUpdate, submitBaseDataSignal);
  handle('submitDraft', submitDraftUpdate, submitDraftSignal);
  handle('review', reviewUpdate, reviewSignal);
  handle('recordSpecialMeeting', recordSpecialMeetingUpdate, recordSpecialMeetingSignal);
  handle('confirmArchive', confirmArchiveUpdate, confirmArchiveSignal);
  handle('submitFeedback', submitFeedbackUpdate, submitFeedbackSignal);
  handle('decideDisposal', decideDisposalUpdate, decideDisposalSignal);
  handle('setPermanent', setPermanentUpdate, setPermanentSignal);

  /* ---- start of the lifecycle ---- */
  if (!input.resume && patched(LEAN_HISTORY_PATCH)) {
    publish(state);
    if (!(await startLean())) return state;
  } else if (!input.resume) {
    publish(state);
    try {
      await registration.confirmActivityRecorded(input.activityId);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('activity row never committed; closing the orphaned lifecycle', { activityId: input.activityId });
      state = { ...state, stage: 'CLOSED', version: state.version + 1 };
      changed();
      return state;
    }
    const untilEnd = Date.parse(input.endAt) - Date.now();
    if (untilEnd > 0) {
      setCurrentDetails(`Waiting for the activity to end at ${input.endAt}`);
      await sleep(untilEnd, { summary: `Activity ends ${input.endAt}` });
    }
    // base data, draft and final count from the activity's end.
    const open = deadlinesAtEnd(state, ctx);
    if (patched(LIFECYCLE_MACHINE_PATCH)) {
      state = activityEnded(state, nowIso(), await computeDurable(open));
      changed();
    } else {
      state = activityEnded(state, nowIso(), []);
      changed();
      state = addDeadlines(state, await durable.computeDeadlines(open));
      changed();
    }
  }

  /* ---- main loop: fire what is due, project, sleep until the next due time or message ---- */
  for (;;) {
    if (recomputeRequested) {
      recomputeRequested = false;
      await recomputePending();
      changed();
    }
    await fireDue();
    while (toResolve.length) {
      const r = toResolve.shift()!;
      await bestEffort('resolveEscalations', () =>
        durable.resolveEscalations({ workflowId, deadlineKey: r.deadlineKey, occurrence: r.occurrence, resolvedAt: r.resolvedAt }),
      );
    }
    // A run about to end leaves no timer behind: one firing while the run ends would make the server refuse the ending.
    if (timer && (isFinished(state) || atRetentionBoundary() || workflowInfo().continueAsNewSuggested)) dropTimer();
    if (projected !== state.version) {
      projected = state.version;
      await bestEffort('recordProjection', () => durable.recordProjection(state));
      continue; // a message may have arrived meanwhile
    }
    // `patched` only where the old code ended a permanent lifecycle, and so recorded only there.
    const keptOpen = () => patched(LEAN_HISTORY_PATCH) || patched(PERMANENT_KEPT_OPEN_PATCH);
    if (isFinished(state) || (isFinishedBeforeRetentionChanges(state) && !keptOpen())) {
      // Nothing stays open or overdue once the lifecycle has ended.
      const t = closeOut(state, nowIso());
      if (t.state !== state && (patched(LEAN_HISTORY_PATCH) || patched(LIFECYCLE_MACHINE_PATCH))) {
        commit(t);
        continue;
      }
      break;
    }
    // The 3-year retention wait starts a fresh history, and so does any long history.
    if (atRetentionBoundary() || workflowInfo().continueAsNewSuggested) {
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
    const next = nextWake(state);
    setCurrentDetails(details(state, next?.label ?? null));
    wake = false;
    if (patched(LEAN_HISTORY_PATCH)) {
      await waitLean(next);
    } else if (!next) {
      await condition(() => wake);
    } else {
      const ms = next.at - Date.now();
      if (ms > 0) await condition(() => wake, ms, { summary: next.label });
    }
  }
  await condition(allHandlersFinished);
  return state;

  /**
   * Outages are retried without limit; what still fails is a business error (an unknown activity):
   * logged, and the lifecycle goes on rather than failing on it.
   */
  async function bestEffort<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.error(`${what} failed for good`, { error: String(err.cause ?? err) });
      return undefined;
    }
  }

  /**
   * The start under LEAN_HISTORY_PATCH: the registered row's check, the wait for the end, then the
   * end's deadlines with the projection of the state they open. An activity registered after it
   * ended gets all of it from one activity. False: the row never committed, the lifecycle closed.
   */
  async function startLean(): Promise<boolean> {
    let end: { step: ProjectedStep & { kind: 'ended' }; computed: ComputedStep } | null = null;
    try {
      if (Date.parse(input.endAt) <= Date.now()) {
        const step = { kind: 'ended' as const, state, now: nowIso() };
        const open = deadlinesAtEnd(state, ctx);
        const check = { activityId: input.activityId, open, step };
        end = { step, computed: await localFirst(registration, (a) => a.confirmRecordedAndComputeDeadlines(check)) };
      } else {
        await registration.confirmActivityRecorded(input.activityId);
      }
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('activity row never committed; closing the orphaned lifecycle', { activityId: input.activityId });
      state = { ...state, stage: 'CLOSED', version: state.version + 1 };
      changed();
      return false;
    }
    if (!end) {
      const untilEnd = Date.parse(input.endAt) - Date.now();
      if (untilEnd > 0) {
        setCurrentDetails(`Waiting for the activity to end at ${input.endAt}`);
        await sleep(untilEnd, { summary: `Activity ends ${input.endAt}` });
      }
      const step = { kind: 'ended' as const, state, now: nowIso() };
      end = { step, computed: await computeAndProjectDurable(deadlinesAtEnd(state, ctx), step) };
    }
    // base data, draft and final count from the activity's end.
    const { step, computed } = end;
    const ahead = computed.projected && state === step.state ? computed.projected.version : null;
    // The end takes effect when its deadlines are known (histories recorded before the answer had it: the end's time).
    state = activityEnded(state, computed.now ?? step.now, computed.opened);
    changed();
    if (ahead === state.version) projected = state.version;
    return true;
  }

  /**
   * `call` as a local activity first (LOCAL_STEPS_PATCH), then, if it failed, through `fallback`'s
   * durable retries. Every failure falls back, a final one too: a local activity's last failure
   * arrives bare (an ApplicationFailure, not an ActivityFailure), and the durable try answers it
   * the way the callers already handle (an orphan, a calendar error). Only a cancelled workflow's
   * cancellation goes through.
   */
  async function localFirst<T>(fallback: typeof durable, call: (a: typeof durable) => Promise<T>): Promise<T> {
    if (!patched(LOCAL_STEPS_PATCH)) return await call(fallback);
    try {
      return await call(local);
    } catch (err) {
      if (!(err instanceof TemporalFailure) || CancellationScope.current().consideredCancelled) throw err;
      // Expected in an outage, a slow commit or a saturated pool: not a warning.
      log.info('local step did not finish; retrying it as a durable activity', { error: String(err) });
      return await call(fallback);
    }
  }

  /** Deadlines nobody waits on; a calendar input error is logged and leaves them unset. */
  async function computeDurable(open: DeadlineToOpen[]): Promise<OpenedDeadline[]> {
    try {
      return await durable.computeDeadlines(open);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('deadlines could not be computed', { keys: open.map((o) => o.key), error: String(err.cause ?? err) });
      return [];
    }
  }

  /** `computeDurable` that also projects the state the step leads to (LEAN_HISTORY_PATCH). */
  async function computeAndProjectDurable(open: DeadlineToOpen[], step: ProjectedStep): Promise<ComputedStep> {
    try {
      return await localFirst(durable, (a) => a.computeDeadlinesAndProject({ open, step }));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('deadlines could not be computed', { keys: open.map((o) => o.key), error: String(err.cause ?? err) });
      return { opened: [], projected: null, now: nowIso() };
    }
  }

  function atRetentionBoundary(): boolean {
    return state.stage === 'RETAINED' && !input.resume?.retained;
  }

  function dropTimer(): void {
    timer?.scope.cancel();
    timer = null;
  }

  /**
   * Sleeps until the next due time or a message (LEAN_HISTORY_PATCH). The timer outlives the wait:
   * a message that leaves the next due time where it was keeps it (no cancel and restart in
   * history); one that moves it, or leaves none, cancels it. While a handler is taking a message
   * the loop only waits for it: the due time it would arm for is about to change.
   */
  async function waitLean(next: { at: number; label: string } | null): Promise<void> {
    // A message is being taken: its change is about to move the due time, so no timer for this one.
    if (busy) {
      await condition(() => wake || !busy);
      return;
    }
    if (timer && timer.at !== next?.at) dropTimer();
    if (next && !timer) {
      const ms = next.at - Date.now();
      if (ms <= 0) return;
      const t = { at: next.at, scope: new CancellationScope() };
      timer = t;
      t.scope
        .run(() => sleep(ms, { summary: next.label }))
        .then(
          () => {
            if (timer === t) timer = null;
            wake = true;
          },
          () => undefined, // cancelled: a newer due time replaced it
        );
    }
    await condition(() => wake);
  }

  /** Reminders before, and exactly one escalation when a deadline passes (SPEC §3). */
  async function fireDue(): Promise<void> {
    if (patched(LEAN_HISTORY_PATCH)) return await fireDueTogether();
    for (let e = dueNow(state, Date.now()); e; e = dueNow(state, Date.now())) {
      const firedAt = nowIso();
      state = markFired(state, e, firedAt);
      changed();
      const sent = await bestEffort('notifyDeadline', () => durable.notifyDeadline(notice(e, firedAt)));
      state = recordRecipients(state, e, firedAt, sent?.recipients ?? []);
      changed();
    }
  }

  /**
   * `fireDue` under LEAN_HISTORY_PATCH: everything due at this instant (a lifecycle registered late
   * has three overdue steps at once) is marked fired, then sent by one `notifyDeadlines` activity.
   * One activity and one workflow task per wake instead of one per escalation: in a deadline wave
   * the Temporal server writes a third of the events.
   */
  async function fireDueTogether(): Promise<void> {
    const firedAt = nowIso();
    // Whether everything up to now is projected: only then may the activity's projection stand in
    // for the loop's. A step into the archive that is not projected yet (a message moved the
    // lifecycle into ARCHIVING or DISPOSED just now) must still reach `recordProjection`, which
    // does the archive step.
    const upToDate = projected === state.version;
    const due: DueEvent[] = [];
    for (let e = dueNow(state, Date.now()); e; e = dueNow(state, Date.now())) {
      state = markFired(state, e, firedAt);
      due.push(e);
    }
    if (!due.length) return;
    changed();
    const notices = due.map((e) => notice(e, firedAt));
    if (patched(NOTIFY_AND_PROJECT_PATCH)) {
      const before = state;
      const given = { notices, state };
      const answer = await bestEffort('notifyDeadlinesAndProject', () => localFirst(durable, (a) => a.notifyDeadlinesAndProject(given)));
      // Projected from the state it was given: this one, unless a message changed it meanwhile.
      const ahead = upToDate && answer?.projected && state === before ? answer.projected.version : null;
      state = recordAllRecipients(
        state,
        due.map((e, i) => ({ ...e, firedAt, recipients: answer?.sent[i]?.recipients ?? [] })),
      );
      changed();
      if (ahead === state.version) projected = state.version;
      return;
    }
    const sent = await bestEffort('notifyDeadlines', () => durable.notifyDeadlines(notices));
    due.forEach((e, i) => (state = recordRecipients(state, e, firedAt, sent?.[i]?.recipients ?? [])));
    changed();
  }

  function notice(e: DueEvent, firedAt: string) {
    const d = state.deadlines.find((x) => x.key === e.deadlineKey && x.occurrence === e.occurrence)!;
    return {
      workflowId,
      activityId: state.activityId,
      leadDepartment: input.leadDepartment,
      deadlineKey: e.deadlineKey,
      occurrence: e.occurrence,
      kind: e.kind,
      dueAt: d.dueAt,
      firedAt,
      stage: state.stage,
    };
  }

  /** The calendar changed: pending due times move (SPEC §3), met and overdue ones stay as they were. */
  async function recomputePending(): Promise<void> {
    const pending = state.deadlines.filter((d) => d.status === 'pending');
    if (!pending.length) return;
    const computed = await computeDurable(
      pending.map((d) => ({
        key: d.key,
        occurrence: d.occurrence,
        anchor: d.anchor,
        remindWorkingDaysBefore: d.remindAt ? settings.reminderWorkingDaysBefore : 0,
      })),
    );
    const byKey = new Map(computed.map((c) => [`${c.key}#${c.occurrence}`, c]));
    state = {
      ...state,
      version: state.version + 1,
      deadlines: state.deadlines.map((d) => {
        const c = byKey.get(`${d.key}#${d.occurrence}`);
        if (!c || d.status !== 'pending') return d;
        return {
          ...d,
          dueAt: c.dueAt,
          provisional: c.provisional,
          description: c.description,
          remindAt: d.reminderSentAt ? d.remindAt : c.remindAt,
        };
      }),
    };
  }
}

/** An update refusal the API maps to 400/403/409/503 (apps/api/src/activities/lifecycle.client.ts). */
function refused(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: MESSAGE_REFUSED, message: r.message, nonRetryable: true, details: [r] });
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

/** What `computeDeadlinesAndProject` answers: the deadlines, and the state they lead to as projected (null: not projected). */
interface ComputedStep {
  opened: OpenedDeadline[];
  projected: LifecycleState | null;
  now?: string;
}

/** The lifecycle's own search attributes as `searchAttributesOf` lists them, comparable (unset and null alike). */
function searchAttributeValues(sa: TypedSearchAttributes): unknown[] {
  return [sa.get(StageKey), sa.get(IsMajorKey), sa.get(NextDeadlineKey), sa.get(IsOverdueKey)].map((v) => v ?? null);
}

function searchAttributesOf(state: LifecycleState): SearchAttributeUpdatePair[] {
  const pending = state.deadlines.filter((d) => d.status === 'pending').map((d) => Date.parse(d.dueAt));
  return [
    { key: StageKey, value: state.stage },
    { key: IsMajorKey, value: state.isMajor },
    { key: NextDeadlineKey, value: pending.length ? new Date(Math.min(...pending)) : null },
    { key: IsOverdueKey, value: state.deadlines.some((d) => d.status === 'overdue') },
  ];
}
