/**
 * The property tests' model of the lifecycle: random "intents" (fast-check arbitraries) that a
 * small simulator turns into messages against the current state — valid ones, ones with one odd
 * field, any message from anyone, repeated request ids — interleaved with time passing; the
 * stage graph of SPEC §3; and the simulator itself, which plays the workflow's part (plan →
 * compute the deadlines with the real calendar → apply; fire due timers; closeOut once finished).
 *
 * Intents are plain numbers picked by fast-check and interpreted against the state, so a
 * counterexample shrinks to a short list of intents and replays identically from its seed.
 */
import fc from 'fast-check';
import { CalendarInputError, shanghaiDate } from '../../../../libs/calendar/index.js';
import type { DeadlineState, LifecycleState, Refusal, ReviewLevel, Stage } from '../../../../libs/domain/lifecycle.js';
import {
  newLifecycleState,
  activityEnded,
  allowedActions,
  applyMessage,
  closeOut,
  deadlinesAtEnd,
  dueNow,
  isFinished,
  markFired,
  MESSAGE_NAMES,
  nextWake,
  planMessage,
  recipientRules,
  recordRecipients,
  reviewLevelOf,
  type DeadlineToOpen,
  type DueEvent,
  type LifecycleMessage,
  type MachineContext,
  type MessageName,
  type OpenedDeadline,
  type ResolvedEscalation,
} from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { compute, context, LEAD } from './lifecycle-builders.js';

/* ---- who sends messages ---- */

/** Everyone who may send a message: every SPEC §1 role, two users of most, one department apart for staff and heads. */
export const ROSTER: readonly Actor[] = [
  { userId: 'u-staff', role: 'staff', department: LEAD },
  { userId: 'u-staff-2', role: 'staff', department: LEAD },
  { userId: 'u-training-staff', role: 'staff', department: 'training' },
  { userId: 'u-dept-head', role: 'dept_head', department: LEAD },
  { userId: 'u-dept-head-2', role: 'dept_head', department: LEAD },
  { userId: 'u-training-head', role: 'dept_head', department: 'training' },
  { userId: 'u-admin', role: 'admin', department: null },
  { userId: 'u-admin-2', role: 'admin', department: null },
  { userId: 'u-archivist', role: 'archivist', department: null },
  { userId: 'u-vp', role: 'vp', department: null },
  { userId: 'u-sg', role: 'secretary_general', department: null },
  { userId: 'u-management', role: 'management', department: null },
  { userId: 'u-supervisor', role: 'supervisor', department: null },
  { userId: 'u-external', role: 'external', department: null },
];

/** Senders that are no actors at all. */
const NOT_ACTORS: readonly unknown[] = [
  null,
  { userId: 42, role: 'staff', department: LEAD },
  { userId: 'u-x', role: 'intern', department: LEAD },
  'u-staff',
];

/* ---- the stage graph (SPEC §3) ---- */

/**
 * Where an accepted message may take each stage; a stage a message cannot move is absent. The
 * activity's end (AWAITING_END → DRAFTING) is a timer, not a message; timers and closeOut move
 * no stage. REVISING → IN_REVIEW_Lx is checked against the level that returned the summary.
 */
export const GRAPH: Record<MessageName, Partial<Record<Stage, readonly Stage[]>>> = {
  submitBaseData: {
    DRAFTING: ['DRAFTING'],
    IN_REVIEW_L1: ['IN_REVIEW_L1'],
    IN_REVIEW_L2: ['IN_REVIEW_L2'],
    IN_REVIEW_L3: ['IN_REVIEW_L3'],
    REVISING: ['REVISING'],
    AWAITING_SPECIAL_MEETING: ['AWAITING_SPECIAL_MEETING'],
  },
  submitDraft: { DRAFTING: ['IN_REVIEW_L1'], REVISING: ['IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3'] },
  review: {
    IN_REVIEW_L1: ['IN_REVIEW_L2', 'REVISING', 'AWAITING_SPECIAL_MEETING'],
    IN_REVIEW_L2: ['IN_REVIEW_L3', 'REVISING', 'AWAITING_SPECIAL_MEETING'],
    IN_REVIEW_L3: ['ARCHIVING', 'REVISING', 'AWAITING_SPECIAL_MEETING'],
  },
  recordSpecialMeeting: { AWAITING_SPECIAL_MEETING: ['REVISING', 'ARCHIVING'] },
  confirmArchive: { ARCHIVING: ['ARCHIVING', 'FEEDBACK'] },
  submitFeedback: { FEEDBACK: ['RETAINED'] },
  decideDisposal: { RETAINED: ['DISPOSED', 'RETAINED'] },
  // R-13.1: admin's permanent mark, or its undo, changes the retention and never the stage.
  setPermanent: Object.fromEntries(
    (
      [
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
      ] as const
    ).map((stage) => [stage, [stage]]),
  ),
};

/* ---- intents ---- */

export type Intent =
  /** One of the messages allowedActions offers someone now, with a valid body (or a wait if nobody may act). */
  | { kind: 'valid'; pick: number; variant: number }
  /** Like `valid`, with one field made odd (wrong actor, level, version, date, count, …). */
  | { kind: 'odd'; pick: number; variant: number; odd: number }
  /** Any message from anyone (or a message name that does not exist). */
  | { kind: 'any'; name: number; actor: number; variant: number }
  /** A message sent before, again with its request id. */
  | { kind: 'repeat'; pick: number }
  /** The message `name` from someone it is offered to (a valid body, or with one odd field); from anyone when nobody is offered it. */
  | { kind: 'aim'; name: MessageName; pick: number; variant: number; odd?: number }
  /** Time passes: a duration, or up to (or just before) the next timer. */
  | { kind: 'wait'; ms: number }
  | { kind: 'wake'; early: boolean };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const WAITS = [MIN, HOUR, 6 * HOUR, DAY, 3 * DAY, 8 * DAY, 35 * DAY, 400 * DAY, 1_170 * DAY] as const;

export function intentArb(weights: Weights): fc.Arbitrary<Intent> {
  const n = fc.nat({ max: 1_000_000 });
  return fc.oneof(
    { weight: weights.valid, arbitrary: fc.record({ kind: fc.constant('valid' as const), pick: n, variant: n }) },
    { weight: weights.odd, arbitrary: fc.record({ kind: fc.constant('odd' as const), pick: n, variant: n, odd: n }) },
    { weight: weights.any, arbitrary: fc.record({ kind: fc.constant('any' as const), name: n, actor: n, variant: n }) },
    { weight: weights.repeat, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: n }) },
    {
      weight: weights.aim,
      arbitrary: fc.record({ kind: fc.constant('aim' as const), name: fc.constantFrom(...MESSAGE_NAMES), pick: n, variant: n }),
    },
    {
      weight: weights.wait,
      arbitrary: fc.oneof(
        fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(...WAITS) }),
        fc.record({ kind: fc.constant('wake' as const), early: fc.boolean() }),
      ),
    },
  );
}
export type Weights = { valid: number; odd: number; any: number; repeat: number; aim: number; wait: number };
export const DEFAULT_WEIGHTS: Weights = { valid: 8, odd: 4, any: 2, repeat: 1, aim: 1, wait: 3 };
/** Scenarios differ in temper: mostly valid steps (deep stages), patient (deadlines pass), or noisy. */
export const PROFILES: readonly Weights[] = [
  DEFAULT_WEIGHTS,
  { valid: 12, odd: 2, any: 1, repeat: 1, aim: 1, wait: 2 },
  { valid: 6, odd: 2, any: 1, repeat: 1, aim: 1, wait: 8 },
  { valid: 4, odd: 8, any: 4, repeat: 2, aim: 2, wait: 2 },
];

export interface Scenario {
  /** The activity's end (ms) and how long after it (ms, negative: before) the lifecycle starts. */
  endMs: number;
  startOffsetMs: number;
  plannedMajor: boolean;
  permanent: boolean;
  /** False: the activity's expenses are never settled, so every base-data entry leaves R-7.1 open. */
  expensesSettle: boolean;
  intents: Intent[];
}

export function scenarioArb(maxIntents = 60, profiles: readonly Weights[] = PROFILES): fc.Arbitrary<Scenario> {
  return fc.record({
    // Ends between 2025 and 2028, at any minute.
    endMs: fc.integer({ min: Date.parse('2025-01-01T00:00:00Z') / MIN, max: Date.parse('2028-12-31T00:00:00Z') / MIN }).map((m) => m * MIN),
    startOffsetMs: fc.oneof(fc.constant(HOUR), fc.integer({ min: -3 * DAY, max: 30 * DAY })),
    plannedMajor: fc.boolean(),
    permanent: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    expensesSettle: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    intents: fc.constantFrom(...profiles).chain((w) => fc.array(intentArb(w), { minLength: 1, maxLength: maxIntents, size: 'max' })),
  });
}

/* ---- turning intents into messages ---- */

let versions = 0;
let requests = 0;
const freshRequestId = () => `req-${++requests}`;
const pickOf = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

const dayNoon = (date: string) => Date.parse(`${date}T12:00:00+08:00`);
const plusDays = (date: string, days: number) => shanghaiDate(new Date(dayNoon(date) + days * DAY));

/** A Shanghai calendar date from the activity's end to today (a valid meeting date): early, or in the last weeks. */
function meetingDate(s: LifecycleState, nowMs: number, v: number): string {
  const endDay = shanghaiDate(new Date(s.endAt));
  const span = Math.max(0, Math.round((dayNoon(shanghaiDate(new Date(nowMs))) - dayNoon(endDay)) / DAY));
  const offset = span <= 30 ? v % (span + 1) : v % 2 ? v % 10 : span - (v % 20);
  return plusDays(endDay, offset);
}

/** A valid body for `name` in state `s` (a review at the current level, a meeting date that exists, …). */
export function validBody(name: MessageName, actor: Actor, s: LifecycleState, nowMs: number, variant: number): Record<string, unknown> {
  const base = { requestId: freshRequestId(), actor };
  const v = variant;
  switch (name) {
    case 'submitBaseData': {
      const participants = pickOf(
        [
          { online: 50, offline: 100 },
          { online: 300, offline: 201 },
          { online: 250, offline: 250 },
          { online: 0, offline: 0 },
        ],
        v,
      );
      return { ...base, participants, expenseSettled: v % 4 !== 1, ...(v % 3 === 0 ? { notes: '更正' } : {}) };
    }
    case 'submitDraft': {
      const compiledBy = v % 6 === 0 ? pickOf(ROSTER, v >> 3).userId : undefined;
      return { ...base, versionId: `v-${++versions}`, blockingFindings: 0, warningFindings: v % 3, ...(compiledBy ? { compiledBy } : {}) };
    }
    case 'review': {
      const level = reviewLevelOf(s.stage) ?? (((v % 3) + 1) as ReviewLevel);
      const decision = v % 9 < 4 ? 'return' : 'approve';
      const comments = decision === 'return' || v % 5 === 0 ? [{ module: 'effectiveness', text: '请补充问卷来源数据' }] : [];
      const versionId = v % 2 ? s.submissions.at(-1)?.versionId : undefined;
      return { ...base, level, decision, comments, ...(versionId ? { versionId } : {}) };
    }
    case 'recordSpecialMeeting': {
      const date = meetingDate(s, nowMs, v >> 1);
      return { ...base, decision: v % 2 ? 'finalize' : 'revise', date, attendees: ['分管副会长', '行政部'], minutes: '专题会议纪要' };
    }
    case 'confirmArchive': {
      const left = (['paper', 'electronic'] as const).filter((m) => !s.archive.some((a) => a.medium === m));
      return { ...base, medium: left.length ? pickOf(left, v) : pickOf(['paper', 'electronic'], v), location: '活动总结/2026/学术研讨/' };
    }
    case 'submitFeedback':
      return { ...base, summary: '协办部门反馈：数据核对无误', ...(v % 2 ? { recordId: `fb-${v}` } : {}) };
    case 'decideDisposal':
      return v % 3 === 0
        ? { ...base, decision: 'destroy' }
        : { ...base, decision: 'extend', extendYears: (v % 30) + 1, reason: '仍有查阅价值' };
    case 'setPermanent':
      return { ...base, permanent: !s.permanent, reason: s.permanent ? '误标为永久保管' : '具有长期史料价值' };
  }
}

/** Odd values, by field. */
export const ODD = {
  meetingDate: (s: LifecycleState, nowMs: number): unknown[] => {
    const endDay = shanghaiDate(new Date(s.endAt));
    const dayBefore = plusDays(endDay, -1);
    const tomorrow = shanghaiDate(new Date(nowMs + DAY));
    return [
      '2026-02-30',
      '2025-02-29',
      '2027-04-31',
      dayBefore,
      tomorrow,
      '2999-12-31',
      '0000-01-01',
      '2026-13-01',
      '2026-1-1',
      '',
      20260101,
      null,
      undefined,
      {},
      [],
      'yesterday',
      `${endDay}T10:00:00+08:00`,
      endDay,
      shanghaiDate(new Date(nowMs)),
    ];
  },
  count: [-1, 1.5, '10', null, 10_000_001, Number.MAX_SAFE_INTEGER, true] as unknown[],
};

/** The ways to make one field of a `name` message odd; `v` picks the odd value. Only building the list reads nothing. */
function corruptions(
  name: MessageName,
  body: Record<string, unknown>,
  s: LifecycleState,
  nowMs: number,
  v: number,
): Array<() => Record<string, unknown>> {
  const perMessage: Record<MessageName, Array<() => Record<string, unknown>>> = {
    submitBaseData: [
      () => ({ ...body, participants: { online: pickOf(ODD.count, v), offline: 10 } }),
      () => ({ ...body, participants: { online: 10, offline: pickOf(ODD.count, v) } }),
      () => ({ ...body, participants: pickOf([null, 'many', [], {}], v) }),
      () => ({ ...body, expenseSettled: pickOf(['yes', null, 1, undefined], v) }),
    ],
    submitDraft: [
      () => ({ ...body, blockingFindings: (v % 3) + 1 }),
      () => ({ ...body, versionId: pickOf(['', 7, null, undefined], v) }),
      () => ({ ...body, compiledBy: pickOf(ROSTER, v).userId }),
    ],
    review: [
      () => ({
        ...body,
        level: pickOf(
          [1, 2, 3].filter((l) => l !== reviewLevelOf(s.stage)),
          v,
        ),
      }),
      () => ({
        ...body,
        level: pickOf([0, 4, '1', null, 2.5, undefined, 'constructor', 'toString', '__proto__'], v),
      }),
      () => ({ ...body, versionId: pickOf([...s.submissions.slice(0, -1).map((x) => x.versionId), 'v-unknown'], v) }),
      () => ({ ...body, decision: pickOf(['maybe', null, 'APPROVE'], v) }),
      () => ({
        ...body,
        decision: 'return',
        comments: pickOf([[], [{ text: '  ' }], [null], [{ module: 'lessons' }], undefined, '请补充', {}], v),
      }),
    ],
    recordSpecialMeeting: [
      () => ({ ...body, date: pickOf(ODD.meetingDate(s, nowMs), v) }),
      () => ({ ...body, decision: pickOf(['postpone', null], v) }),
    ],
    confirmArchive: [() => ({ ...body, medium: pickOf(['cloud', null, ...s.archive.map((a) => a.medium)], v) })],
    submitFeedback: [() => ({ ...body, summary: pickOf(['', '  ', null, 5], v) })],
    decideDisposal: [
      () => ({ ...body, decision: pickOf(['keep', null], v) }),
      () => ({ ...body, decision: 'extend', extendYears: pickOf([0, 31, 1.5, '3', null, undefined, -1], v) }),
    ],
    setPermanent: [
      () => ({ ...body, permanent: pickOf(['yes', null, 1, undefined, s.permanent], v) }),
      () => ({ ...body, reason: pickOf(['', '  ', null, 5, undefined, '理'.repeat(501)], v) }),
    ],
  };
  const generic: Array<() => Record<string, unknown>> = [
    () => ({ ...body, actor: pickOf(ROSTER, v) }),
    () => ({ ...body, actor: pickOf(NOT_ACTORS, v) }),
    () => ({ ...body, requestId: pickOf(['', 42, undefined], v) }),
  ];
  return [...perMessage[name], ...generic];
}

/** `odd` picks a corruption (odd mod their number) and its value (the quotient). */
function oddBody(name: MessageName, body: Record<string, unknown>, s: LifecycleState, nowMs: number, odd: number): Record<string, unknown> {
  const count = corruptions(name, body, s, nowMs, 0).length;
  return corruptions(name, body, s, nowMs, Math.floor(odd / count))[odd % count]!();
}

/** The `odd` number of an `aim` intent that makes the `corruption`-th field of a `name` message odd with value `value`. */
export function oddNumber(name: MessageName, corruption: number, value: number): number {
  return value * corruptions(name, {}, null as never, 0, 0).length + corruption;
}

/** A message as the wire carries it: any body, typed as a message. */
const asMessage = (name: string, body: unknown): LifecycleMessage => ({ name, body }) as unknown as LifecycleMessage;

export interface Sent {
  msg: LifecycleMessage;
  accepted: boolean;
}

/** The message an intent stands for in state `s`, or a time to wait until; null: nothing to do. */
export function interpret(
  intent: Intent,
  s: LifecycleState,
  ctx: MachineContext,
  nowMs: number,
  sent: readonly Sent[],
): { msg: LifecycleMessage } | { waitUntil: number } | null {
  const offered = () => ROSTER.flatMap((actor) => allowedActions(s, actor, ctx).map((name) => ({ actor, name })));
  const anyMessage = (nameIx: number, actorIx: number, variant: number) => {
    const names = [...MESSAGE_NAMES, 'bogus'];
    const name = pickOf(names, nameIx) as MessageName;
    const body = validBody(name === ('bogus' as MessageName) ? 'submitFeedback' : name, pickOf(ROSTER, actorIx), s, nowMs, variant);
    return { msg: asMessage(name, body) };
  };
  switch (intent.kind) {
    case 'valid': {
      // Admin's permanent mark is offered in every stage: picked as often as the steps, it would crowd them out (1 in 8 here).
      const candidates = offered().filter((c) => c.name !== 'setPermanent' || intent.pick % 8 === 0);
      if (!candidates.length) return wake(s, nowMs, false);
      const c = pickOf(candidates, intent.pick >> 3);
      return { msg: asMessage(c.name, validBody(c.name, c.actor, s, nowMs, intent.variant)) };
    }
    case 'odd': {
      const candidates = offered();
      const c = candidates.length
        ? pickOf(candidates, intent.pick)
        : { actor: pickOf(ROSTER, intent.pick), name: pickOf(MESSAGE_NAMES, intent.pick >> 4) };
      const body = oddBody(c.name, validBody(c.name, c.actor, s, nowMs, intent.variant), s, nowMs, intent.odd);
      return { msg: asMessage(c.name, body) };
    }
    case 'any':
      return anyMessage(intent.name, intent.actor, intent.variant);
    case 'aim': {
      const offers = offered().filter((c) => c.name === intent.name);
      const actor = offers.length ? pickOf(offers, intent.pick).actor : pickOf(ROSTER, intent.pick);
      const body = validBody(intent.name, actor, s, nowMs, intent.variant);
      return { msg: asMessage(intent.name, intent.odd === undefined ? body : oddBody(intent.name, body, s, nowMs, intent.odd)) };
    }
    case 'repeat':
      return sent.length ? { msg: pickOf(sent, intent.pick).msg } : anyMessage(intent.pick, intent.pick >> 3, intent.pick >> 6);
    case 'wait':
      return { waitUntil: nowMs + intent.ms };
    case 'wake':
      return wake(s, nowMs, intent.early);
  }
}

function wake(s: LifecycleState, nowMs: number, early: boolean): { waitUntil: number } | null {
  const at = s.stage === 'AWAITING_END' ? Date.parse(s.endAt) : nextWake(s)?.at;
  if (at === undefined) return null;
  return { waitUntil: Math.max(nowMs, early ? at - 1 : at) };
}

/* ---- the simulator: the workflow's part ---- */

export type Answer =
  | { kind: 'accepted' }
  | { kind: 'duplicate' }
  | { kind: 'refused'; refusal: Refusal }
  /** The machine threw instead of answering (plan, calendar or apply). */
  | { kind: 'threw'; where: 'plan' | 'compute' | 'apply'; error: unknown };

export type SimEvent =
  | {
      type: 'message';
      msg: LifecycleMessage;
      answer: Answer;
      before: LifecycleState;
      after: LifecycleState;
      resolved: ResolvedEscalation[];
      /** The machine tried to change the (frozen) state it was given. */
      planMutated: boolean;
    }
  | { type: 'end'; before: LifecycleState; after: LifecycleState }
  | { type: 'timer'; due: DueEvent; before: LifecycleState; after: LifecycleState }
  | { type: 'closeOut'; before: LifecycleState; after: LifecycleState; resolved: ResolvedEscalation[] };

export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What the workflow should answer to `msg` in state `s` (the same steps as the simulator, nothing
 * applied): a repeated request id is a duplicate, else the plan, else a calendar input error.
 */
export function predict(
  s: LifecycleState,
  msg: LifecycleMessage,
  ctx: MachineContext,
  nowMs: number,
  processed: ReadonlySet<string>,
): Answer {
  const body = msg.body as { requestId?: unknown } | null;
  if (body && typeof body === 'object' && typeof body.requestId === 'string' && processed.has(body.requestId)) return { kind: 'duplicate' };
  let plan;
  try {
    plan = planMessage(s, msg, ctx, iso(nowMs));
  } catch (error) {
    return { kind: 'threw', where: 'plan', error };
  }
  if (!plan.ok) return { kind: 'refused', refusal: plan.refusal };
  try {
    plan.open.forEach(compute);
  } catch (error) {
    if (!(error instanceof CalendarInputError)) return { kind: 'threw', where: 'compute', error };
    return {
      kind: 'refused',
      refusal: { code: 'INVALID', stage: s.stage, message: error.message, messageZh: error.messageZh, field: error.field },
    };
  }
  return { kind: 'accepted' };
}

/** States are frozen while the simulator holds them: the machine must never change the state it is given. */
function frozen<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) frozen(x);
  }
  return v;
}
const isFrozenWrite = (err: unknown) =>
  err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)/i.test(err.message);

export class Simulator {
  private current!: LifecycleState;
  readonly ctx: MachineContext;
  now: number;
  readonly sent: Sent[] = [];
  readonly processed = new Set<string>();
  readonly trace: string[] = [];
  private readonly t0: number;

  constructor(
    readonly scenario: Omit<Scenario, 'intents'>,
    private readonly observe: (e: SimEvent, sim: Simulator) => void = () => {},
    /** Freeze every state, so that a machine function changing its input throws (costs as much as the machine's own cloning). */
    private readonly freeze = false,
  ) {
    this.ctx = context({ plannedMajor: scenario.plannedMajor });
    this.t0 = scenario.endMs;
    this.now = scenario.endMs + scenario.startOffsetMs;
    this.state = newLifecycleState({
      activityId: 'a-prop',
      isMajor: scenario.plannedMajor,
      permanent: scenario.permanent,
      endAt: iso(scenario.endMs),
    });
    const { plannedMajor, permanent, expensesSettle } = scenario;
    const flags = `major ${plannedMajor}, permanent ${permanent}, expenses settle ${expensesSettle}`;
    this.note(`start: end ${iso(scenario.endMs)}, now ${iso(this.now)}, ${flags}`);
    this.advance(this.now);
  }

  get state(): LifecycleState {
    return this.current;
  }

  set state(s: LifecycleState) {
    this.current = this.freeze ? frozen(s) : s;
  }

  /** Plays every intent; stops early once the lifecycle is finished and a few messages have been refused after it. */
  run(intents: readonly Intent[]): this {
    for (const intent of intents) this.step(intent);
    return this;
  }

  step(intent: Intent): void {
    const what = interpret(intent, this.state, this.ctx, this.now, this.sent);
    if (!what) return;
    // Time stops 45 years after the end: the calendar covers 2000–2099.
    if ('waitUntil' in what) return this.advance(Math.min(what.waitUntil, this.t0 + 45 * 365 * DAY));
    const body = what.msg.body as unknown as Record<string, unknown> | null;
    if (!this.scenario.expensesSettle && what.msg.name === 'submitBaseData' && body?.expenseSettled === true) {
      this.send({ ...what.msg, body: { ...body, expenseSettled: false } } as unknown as LifecycleMessage);
    } else {
      this.send(what.msg);
    }
  }

  /** Time passes to `to`: the activity ends at its end, every timer fires at its due time, in order. */
  advance(to: number): void {
    for (let guard = 0; ; guard++) {
      const end = this.state.stage === 'AWAITING_END' ? Date.parse(this.state.endAt) : Infinity;
      const next = Math.min(end, nextWake(this.state)?.at ?? Infinity);
      if (Number.isNaN(next) || guard > 1_000) throw new Error(`the next wake-up is ${next} after ${guard} wake-ups:\n${this.story()}`);
      if (next > to) break;
      this.now = Math.max(this.now, next);
      if (next === end) this.end();
      this.fireDue();
    }
    this.now = Math.max(this.now, to);
    this.fireDue();
  }

  send(msg: LifecycleMessage): Answer {
    const before = this.state;
    const body = msg.body as { requestId?: unknown } | null;
    let answer: Answer;
    let resolved: ResolvedEscalation[] = [];
    let planMutated = false;
    if (body && typeof body === 'object' && typeof body.requestId === 'string' && this.processed.has(body.requestId)) {
      answer = { kind: 'duplicate' };
    } else {
      answer = this.plan(
        msg,
        (t) => {
          this.state = t.state;
          resolved = t.resolved;
        },
        (m) => (planMutated = m),
      );
    }
    if (answer.kind === 'accepted') {
      this.processed.add((msg.body as { requestId: string }).requestId);
      this.sent.push({ msg, accepted: true });
    } else if (answer.kind !== 'duplicate') {
      this.sent.push({ msg, accepted: false });
    }
    const refusal = answer.kind === 'refused' ? ` ${answer.refusal.code}${answer.refusal.field ? `(${answer.refusal.field})` : ''}` : '';
    const threw = answer.kind === 'threw' ? ` in ${answer.where}: ${String(answer.error)}` : '';
    this.note(`${describe(msg)} → ${answer.kind}${refusal}${threw} [${this.state.stage}]`);
    this.observe({ type: 'message', msg, answer, before, after: this.state, resolved, planMutated }, this);
    this.fireDue();
    return answer;
  }

  private plan(
    msg: LifecycleMessage,
    commit: (t: { state: LifecycleState; resolved: ResolvedEscalation[] }) => void,
    mutated: (m: boolean) => void,
  ): Answer {
    const nowIso = iso(this.now);
    let plan;
    try {
      plan = planMessage(this.state, msg, this.ctx, nowIso);
    } catch (error) {
      mutated(isFrozenWrite(error));
      return { kind: 'threw', where: 'plan', error };
    }
    if (!plan.ok) return { kind: 'refused', refusal: plan.refusal };
    let opened: OpenedDeadline[];
    try {
      opened = plan.open.map(compute);
    } catch (error) {
      // The workflow's activity turns a calendar input error into an INVALID refusal.
      if (!(error instanceof CalendarInputError)) return { kind: 'threw', where: 'compute', error };
      return {
        kind: 'refused',
        refusal: { code: 'INVALID', stage: this.state.stage, message: error.message, messageZh: error.messageZh, field: error.field },
      };
    }
    try {
      commit(applyMessage(this.state, msg, this.ctx, nowIso, opened));
    } catch (error) {
      mutated(isFrozenWrite(error));
      return { kind: 'threw', where: 'apply', error };
    }
    return { kind: 'accepted' };
  }

  private end(): void {
    const before = this.state;
    this.state = activityEnded(this.state, iso(this.now), this.computeDurable(deadlinesAtEnd(this.state, this.ctx)));
    this.note(`the activity ended [${this.state.stage}]`);
    this.observe({ type: 'end', before, after: this.state }, this);
  }

  /** As the workflow's durable computation: a calendar input error leaves the deadlines unset. */
  private computeDurable(open: DeadlineToOpen[]): OpenedDeadline[] {
    try {
      return open.map(compute);
    } catch (error) {
      if (error instanceof CalendarInputError) return [];
      throw error;
    }
  }

  private fireDue(): void {
    for (let e = dueNow(this.state, this.now); e; e = dueNow(this.state, this.now)) {
      const before = this.state;
      const firedAt = iso(this.now);
      const recipients = recipientRules(e.deadlineKey, e.kind, this.state.stage).map((r) =>
        r.scope === 'lead_department' ? `${r.role}@${LEAD}` : r.role,
      );
      this.state = recordRecipients(markFired(this.state, e, firedAt), e, firedAt, recipients);
      this.note(`${e.kind} ${e.deadlineKey}#${e.occurrence}`);
      this.observe({ type: 'timer', due: e, before, after: this.state }, this);
      if (this.state === before)
        throw new Error(`dueNow returned ${JSON.stringify(e)} but markFired changed nothing: the simulator would loop`);
    }
    if (isFinished(this.state)) {
      const before = this.state;
      const t = closeOut(this.state, iso(this.now));
      this.state = t.state;
      if (t.state !== before) this.note(`closeOut: ${t.resolved.length} escalation(s) resolved`);
      this.observe({ type: 'closeOut', before, after: this.state, resolved: t.resolved }, this);
    }
  }

  private note(line: string): void {
    const d = this.now - this.t0;
    const sign = d < 0 ? '-' : '+';
    const abs = Math.abs(d);
    this.trace.push(`end${sign}${Math.floor(abs / DAY)}d${String(Math.floor((abs % DAY) / HOUR)).padStart(2, '0')}h | ${line}`);
  }

  /** The run so far, for failure messages. */
  story(): string {
    return this.trace.map((l, i) => `  ${String(i).padStart(3)} ${l}`).join('\n');
  }
}

export function describe(msg: LifecycleMessage): string {
  const body = msg.body as unknown as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return `${msg.name}(${JSON.stringify(body)})`;
  const { actor, requestId, ...rest } = body;
  const a = actor as Actor | null;
  const who = a && typeof a === 'object' ? `${a.role}${a.department ? `@${a.department}` : ''}:${a.userId}` : JSON.stringify(actor);
  const fields = Object.entries(rest)
    .filter(([k]) => !['attendees', 'minutes', 'location', 'warningFindings', 'notes', 'reason'].includes(k))
    .map(([k, v]) => `${k}=${v === undefined ? 'undefined' : JSON.stringify(v)}`);
  return `${msg.name} by ${who} #${String(requestId)} {${fields.join(', ')}}`;
}

export const isOpen = (d: DeadlineState) => d.status === 'pending' || d.status === 'overdue';
export const keyOf = (d: { deadlineKey?: string; key?: string; occurrence: number }) => `${d.key ?? d.deadlineKey}#${d.occurrence}`;

/* ---- checks shared by the pure and the workflow properties ---- */

/** Every stage change any message or the activity's end may make (for a stage history read afterwards). */
export const ANY_STEP: ReadonlySet<string> = new Set([
  'AWAITING_END→DRAFTING',
  ...Object.values(GRAPH).flatMap((edges) => Object.entries(edges).flatMap(([from, tos]) => tos!.map((to) => `${from}→${to}`))),
]);

/**
 * What is wrong with the accepted message `name` taking `before` to `after`, or null: SPEC §3's
 * graph, R-10.1 (back to the returning level), R-10.2 (the meeting on a major activity's 3rd return).
 */
export function stepProblem(name: MessageName, before: LifecycleState, after: LifecycleState): string | null {
  const [from, to] = [before.stage, after.stage];
  const allowed = GRAPH[name][from];
  if (!allowed) return `${name} was accepted in ${from}, where SPEC §3 has no ${name} step (it moved ${from} → ${to})`;
  if (!allowed.includes(to)) return `${name} moved ${from} → ${to}; allowed: ${allowed.join(', ')}`;
  if (name === 'submitDraft' && from === 'REVISING' && to !== `IN_REVIEW_L${before.returnedAtLevel ?? 1}`) {
    return `R-10.1 the revision re-entered at ${to}, but L${before.returnedAtLevel} returned it`;
  }
  if (name === 'review' && (to === 'REVISING' || to === 'AWAITING_SPECIAL_MEETING')) {
    const meeting = after.isMajor && after.revisionCount >= 3;
    if ((to === 'AWAITING_SPECIAL_MEETING') !== meeting) {
      return `R-10.2 return #${after.revisionCount} of a ${after.isMajor ? '' : 'non-'}major activity went to ${to}`;
    }
  }
  if (from !== to && after.stageHistory?.at(-1)?.stage !== to) return `${from} → ${to} is missing from stageHistory`;
  return null;
}

/** Stage changes in a state's history that no message or timer may make. */
export function historyProblems(s: LifecycleState): string[] {
  const stages = ['AWAITING_END', ...(s.stageHistory ?? []).map((h) => h.stage)];
  return stages.slice(1).flatMap((to, i) => (ANY_STEP.has(`${stages[i]}→${to}`) ? [] : [`${stages[i]} → ${to}`]));
}

/** One state's escalations: each overdue deadline escalated exactly once, recorded when it fired, never before it was due. */
export function escalationProblems(s: LifecycleState): string[] {
  const problems: string[] = [];
  const overdue = s.escalations.filter((x) => x.kind === 'overdue');
  const counts = new Map<string, number>();
  for (const x of overdue) counts.set(keyOf(x), (counts.get(keyOf(x)) ?? 0) + 1);
  for (const [k, n] of counts) if (n > 1) problems.push(`deadline ${k} escalated ${n} times`);
  for (const d of s.deadlines) {
    const k = keyOf(d);
    const record = overdue.find((x) => keyOf(x) === k);
    if (d.status === 'overdue' && !d.escalatedAt) problems.push(`deadline ${k} is overdue without an escalation time`);
    if (!d.escalatedAt) {
      if (record) problems.push(`deadline ${k} has an overdue escalation record but no escalatedAt`);
      continue;
    }
    if (!record || record.firedAt !== d.escalatedAt)
      problems.push(`deadline ${k} escalated at ${d.escalatedAt}, recorded ${record?.firedAt ?? 'nowhere'}`);
    if (Date.parse(d.escalatedAt) < Date.parse(d.dueAt))
      problems.push(`deadline ${k} escalated at ${d.escalatedAt}, before it was due (${d.dueAt})`);
  }
  for (const x of overdue)
    if (!s.deadlines.some((d) => keyOf(d) === keyOf(x))) problems.push(`escalation of ${keyOf(x)}, a deadline that does not exist`);
  return problems;
}
