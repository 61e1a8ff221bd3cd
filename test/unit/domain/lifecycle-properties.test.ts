/**
 * Property tests of the pure lifecycle machine (issue "A lifecycle no input can wedge"): random
 * sequences of valid and invalid messages from every role — odd dates, wrong levels, stale
 * versions, repeated request ids — interleaved with time passing, played by a simulator of the
 * workflow (test/unit/domain/support/lifecycle-model.ts) with deadlines from the real calendar.
 *
 * Each invariant is its own property; together they run well over 10,000 sequences. A failure
 * prints fast-check's seed and path and the story of the run; PROPERTY_SEED=<seed>
 * PROPERTY_PATH=<path> replays it. PROPERTY_RUNS=<n> sets the runs per invariant (default 1,500).
 */
import fc from 'fast-check';
import type { LifecycleState, RefusalCode, Stage } from '../../../libs/domain/lifecycle.js';
import { allowedActions, isFinished, planMessage, type LifecycleMessage } from '../../../libs/domain/lifecycle-machine.js';
import type { Actor, Role } from '../../../libs/domain/roles.js';
import { aState, context, LEAD, message, NOW, who } from './support/lifecycle-builders.js';
import {
  escalationProblems,
  isOpen,
  keyOf,
  scenarioArb,
  Simulator,
  type Scenario,
  stepProblem,
  type SimEvent,
} from './support/lifecycle-model.js';

/** Sequences per invariant (7 invariants: 10,500 sequences, plus 1,000 sampled for coverage). */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1_500);

type Check = (e: SimEvent, sim: Simulator) => void;

/** Runs `check` after every event of every generated sequence. */
function holds(check: () => Check, { runs = RUNS, freeze = false } = {}): void {
  fc.assert(
    fc.property(scenarioArb(), (sc: Scenario) => {
      new Simulator(sc, check(), freeze).run(sc.intents);
    }),
    { numRuns: runs, ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED), path: process.env.PROPERTY_PATH } : {}) },
  );
}

function fail(sim: Simulator, what: string): never {
  throw new Error(`${what}\nthe run so far:\n${sim.story()}`);
}

const REFUSAL_CODES: readonly RefusalCode[] = [
  'WRONG_STAGE',
  'WRONG_ROLE',
  'OWN_SUBMISSION',
  'WRONG_LEVEL',
  'STALE_VERSION',
  'ALREADY_DONE',
  'BASE_DATA_MISSING',
  'CHECKS_FAILED',
  'INVALID',
];

/* ---- the invariants ---- */

/** Every message gets an answer: plan never throws or mutates, a refusal is well-formed and changes nothing. */
const everyMessageAnswered: Check = (e, sim) => {
  if (e.type !== 'message') return;
  const { answer, msg } = e;
  if (answer.kind === 'threw') fail(sim, `${msg.name} got no answer: ${answer.where} threw ${String(answer.error)}`);
  if (e.planMutated) fail(sim, `planning ${msg.name} changed the state it was given`);
  if (answer.kind === 'refused') {
    const r = answer.refusal;
    if (!REFUSAL_CODES.includes(r.code)) fail(sim, `${msg.name} refused with an unknown code ${r.code}`);
    if (r.stage !== e.before.stage) fail(sim, `${msg.name} refused naming stage ${r.stage}, the state is in ${e.before.stage}`);
    if (!r.message?.trim() || !r.messageZh?.trim()) fail(sim, `${msg.name} refused (${r.code}) without a message in both languages`);
    if (r.field !== undefined && typeof r.field !== 'string') fail(sim, `${msg.name} refused naming a field that is no string`);
  }
  // The simulator keeps the very state object on a refusal; it is frozen, so planning could not change it either.
  if (answer.kind !== 'accepted' && e.after !== e.before) {
    fail(sim, `${msg.name} was ${answer.kind} yet the state changed`);
  }
  if (answer.kind === 'accepted' && !(e.after.version > e.before.version))
    fail(sim, `${msg.name} was accepted without bumping the version`);
};

/** Stages move only along SPEC §3's graph, and a revision re-enters at the level that returned it (R-10.1). */
const stagesAlongTheGraph: Check = (e, sim) => {
  const [from, to] = [e.before.stage, e.after.stage];
  if (e.type === 'end') {
    if (from !== 'AWAITING_END' || to !== 'DRAFTING') fail(sim, `the activity's end moved ${from} → ${to}`);
    return;
  }
  if (e.type !== 'message' || e.answer.kind !== 'accepted') {
    if (from !== to) fail(sim, `${e.type === 'message' ? `a ${e.answer.kind} ${e.msg.name}` : `a ${e.type}`} moved ${from} → ${to}`);
    return;
  }
  const problem = stepProblem(e.msg.name, e.before, e.after);
  if (problem) fail(sim, problem);
};

/** Each overdue deadline escalates exactly once, at its due time, and deadline statuses only move forward. */
function escalatesOnce(): Check {
  const firstSeen = new Map<string, number>();
  const FORWARD: Record<string, readonly string[]> = {
    pending: ['pending', 'overdue', 'met', 'waived'],
    overdue: ['overdue', 'met', 'waived'],
    met: ['met'],
    waived: ['waived'],
  };
  return (e, sim) => {
    const s = e.after;
    const problems = escalationProblems(s);
    if (problems.length) fail(sim, problems.join('; '));
    for (const d of s.deadlines) {
      const k = keyOf(d);
      if (!firstSeen.has(k)) firstSeen.set(k, sim.now);
      // A deadline known before its due time escalates at that very moment (the timer woke on time).
      const lateMs = d.escalatedAt ? Date.parse(d.escalatedAt) - Date.parse(d.dueAt) : 0;
      if (lateMs > 0 && firstSeen.get(k)! < Date.parse(d.dueAt))
        fail(sim, `deadline ${k} escalated ${lateMs} ms after its due time ${d.dueAt}`);
    }
    // A message finds every deadline that is past due escalated already (the timers fired first).
    if (e.type === 'message') {
      const missed = e.before.deadlines.filter((d) => d.status === 'pending' && Date.parse(d.dueAt) <= sim.now).map(keyOf);
      if (missed.length) fail(sim, `deadlines ${missed.join(', ')} are past due at ${new Date(sim.now).toISOString()} and never escalated`);
    }
    for (const d of e.before.deadlines) {
      const a = s.deadlines.find((x) => keyOf(x) === keyOf(d));
      if (!a) fail(sim, `deadline ${keyOf(d)} disappeared`);
      if (!FORWARD[d.status]!.includes(a.status)) fail(sim, `deadline ${keyOf(d)} went from ${d.status} back to ${a.status}`);
      if (d.escalatedAt && a.escalatedAt !== d.escalatedAt) fail(sim, `deadline ${keyOf(d)} changed its escalation time`);
    }
  };
}

/** A step that is met (or waived) after its deadline escalated resolves that escalation, once. */
function metStepResolves(): Check {
  const resolvedOnce = new Set<string>();
  return (e, sim) => {
    if (e.type !== 'message' && e.type !== 'closeOut') return;
    const closed = e.before.deadlines
      .filter((d) => d.status === 'overdue')
      .map((d) => ({ d, now: e.after.deadlines.find((x) => keyOf(x) === keyOf(d))! }))
      .filter(({ now }) => now.status === 'met' || now.status === 'waived');
    const expected = closed.map(({ d, now }) => `${keyOf(d)}:${now.status}`).sort();
    const got = e.resolved.map((r) => `${keyOf(r)}:${r.how}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      fail(sim, `${e.type === 'message' ? e.msg.name : 'closeOut'} closed escalated deadlines [${expected}] but resolved [${got}]`);
    }
    for (const r of e.resolved) {
      if (r.resolvedAt !== new Date(sim.now).toISOString()) fail(sim, `escalation ${keyOf(r)} resolved at ${r.resolvedAt}, not now`);
      if (resolvedOnce.has(keyOf(r))) fail(sim, `escalation ${keyOf(r)} resolved twice`);
      resolvedOnce.add(keyOf(r));
    }
  };
}

/** Nothing stays pending or overdue once the lifecycle has ended, every escalation is resolved, and nothing changes after. */
function nothingOpenAtTheEnd(): Check {
  const resolved = new Set<string>();
  return (e, sim) => {
    if (e.type === 'message' || e.type === 'closeOut') for (const r of e.resolved) resolved.add(keyOf(r));
    if (isFinished(e.before) && e.type !== 'closeOut' && e.after !== e.before) {
      fail(sim, `the lifecycle had ended in ${e.before.stage}, yet a ${e.type === 'message' ? e.msg.name : e.type} changed it`);
    }
    if (e.type !== 'closeOut') return;
    const s = e.after;
    const open = s.deadlines.filter(isOpen).map((d) => `${keyOf(d)}:${d.status}`);
    if (open.length)
      fail(sim, `after closeOut in ${s.stage}${s.permanent ? ' (permanent)' : ''} deadlines are still open: ${open.join(', ')}`);
    const unresolved = s.deadlines.filter((d) => d.escalatedAt && !resolved.has(keyOf(d))).map(keyOf);
    if (unresolved.length) fail(sim, `after closeOut in ${s.stage} escalations were never resolved: ${unresolved.join(', ')}`);
  };
}

/** allowedActions (the buttons) offers exactly what the stage and role gates accept. */
const buttonsMatchAnswers: Check = (e, sim) => {
  if (e.type !== 'message' || (e.answer.kind !== 'accepted' && e.answer.kind !== 'refused')) return;
  const actor = (e.msg.body as { actor?: Actor } | null)?.actor;
  if (!actor || typeof actor !== 'object') return;
  const offered = allowedActions(e.before, actor, sim.ctx).includes(e.msg.name);
  if (e.answer.kind === 'accepted' && !offered) fail(sim, `${e.msg.name} was accepted, but allowedActions did not offer it`);
  const gate = e.answer.kind === 'refused' && ['WRONG_STAGE', 'OWN_SUBMISSION', 'BASE_DATA_MISSING'].includes(e.answer.refusal.code);
  if (gate && offered)
    fail(sim, `allowedActions offered ${e.msg.name}, which was refused with ${e.answer.kind === 'refused' && e.answer.refusal.code}`);
};

/** One fresh user per role (nobody's own submission): if nobody of them may act, a timer must be pending. */
const FRESH: Actor[] = (['staff', 'dept_head', 'admin', 'archivist', 'vp', 'secretary_general'] as Role[]).map((role) => ({
  userId: `u-fresh-${role}`,
  role,
  department: role === 'staff' || role === 'dept_head' ? LEAD : null,
}));
const noWedge: Check = (e, sim) => {
  const s = e.after;
  if (isFinished(s) || s.stage === 'AWAITING_END') return;
  if (FRESH.some((a) => allowedActions(s, a, sim.ctx).length)) return;
  if (s.deadlines.some((d) => d.status === 'pending')) return;
  fail(sim, `wedged in ${s.stage}: nobody may send anything and no timer is pending`);
};

describe('lifecycle machine properties (random message sequences with time passing)', () => {
  it('SPEC §3 every message gets an answer: plan never throws, a refusal is well-formed and changes nothing', () => {
    holds(() => everyMessageAnswered, { freeze: true });
  });

  it('SPEC §3 stages move only along the lifecycle graph (R-10.1 back to the returning level, R-10.2 meeting on the 3rd return)', () => {
    holds(() => stagesAlongTheGraph);
  });

  it('SPEC §3 each overdue deadline escalates exactly once, at its due time', () => {
    holds(escalatesOnce);
  });

  it('SPEC §3 a step met or waived after its escalation resolves that escalation exactly once', () => {
    holds(metStepResolves);
  });

  it('SPEC §3 R-13.1 nothing stays pending or overdue in a terminal stage after closeOut, and nothing changes after', () => {
    holds(nothingOpenAtTheEnd);
  });

  it('SPEC §1 allowedActions offers every accepted message and none refused by the stage or role gates', () => {
    holds(() => buttonsMatchAnswers);
  });

  it('SPEC §3 no lifecycle wedges: in every unfinished stage someone may act or a timer is pending', () => {
    holds(() => noWedge);
  });
});

describe('the generator reaches every corner', () => {
  it('sampled sequences visit every stage but CLOSED, every refusal code, duplicates, escalations and their resolutions', () => {
    const stages = new Map<Stage, number>();
    const codes = new Map<string, number>();
    const seen = new Map<string, number>();
    const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const scenarios = fc.sample(scenarioArb(), { seed: 2026, numRuns: 1_000 });
    for (const sc of scenarios) {
      const visited = new Set<string>();
      new Simulator(sc, (e) => {
        visited.add(e.after.stage);
        if (e.type === 'message') {
          count(codes, e.answer.kind === 'refused' ? e.answer.refusal.code : e.answer.kind);
          if (e.answer.kind === 'accepted' && e.before.stage !== e.after.stage) count(seen, `${e.before.stage}→${e.after.stage}`);
          if (e.resolved.length) count(seen, 'resolved on a message');
        }
        if (e.type === 'timer') count(seen, e.due.kind);
        if (e.type === 'closeOut' && e.resolved.length) count(seen, 'resolved at closeOut');
      }).run(sc.intents);
      for (const st of visited) count(stages as Map<string, number>, st);
    }
    const everyStage: Stage[] = [
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
      'DISPOSED',
    ];
    for (const st of everyStage) expect([st, stages.get(st) ?? 0]).toEqual([st, expect.any(Number)]);
    const rare = everyStage.filter((st) => (stages.get(st) ?? 0) < 10);
    expect(rare).toEqual([]);
    for (const c of [...REFUSAL_CODES, 'accepted', 'duplicate']) expect([c, (codes.get(c) ?? 0) > 0]).toEqual([c, true]);
    for (const k of [
      'overdue',
      'reminder',
      'resolved on a message',
      'resolved at closeOut',
      'RETAINED→DISPOSED',
      'AWAITING_SPECIAL_MEETING→REVISING',
    ]) {
      expect([k, (seen.get(k) ?? 0) > 0]).toEqual([k, true]);
    }
  });
});

/* ---- findings: minimal sequences the properties found, fixed in the machine, kept as regressions ---- */

describe('findings', () => {
  /** Plans a message, turning a throw into a failed expectation with the error. */
  const answerOf = (s: LifecycleState, msg: LifecycleMessage) => {
    try {
      return planMessage(s, msg, context(), NOW);
    } catch (err) {
      throw new Error(`planMessage threw instead of answering: ${String(err)}`, { cause: err });
    }
  };

  it('R-8 a return whose comments are not a list is refused INVALID (found by the properties: planMessage threw a TypeError)', () => {
    const msg = message.review(who.head, { level: 1, decision: 'return', comments: '请补充数据' as never });
    expect(answerOf(aState('IN_REVIEW_L1'), msg)).toMatchObject({ ok: false, refusal: { code: 'INVALID', field: 'comments' } });
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'R-8 a review at level %j is refused INVALID (found by the properties: planMessage threw a TypeError)',
    (level) => {
      const msg = message.review(who.head, { level: level as never });
      expect(answerOf(aState('IN_REVIEW_L1'), msg)).toMatchObject({ ok: false, refusal: { code: 'INVALID', field: 'level' } });
    },
  );

  it('R-13.1 SPEC §3 once the retention has ended, a disposal decision in FEEDBACK is refused (found: FEEDBACK → DISPOSED)', () => {
    const s = aState('FEEDBACK');
    const retention = s.deadlines.find((d) => d.key === 'retention')!;
    s.deadlines[5] = { ...retention, status: 'overdue', escalatedAt: retention.dueAt };
    const now = new Date(Date.parse(retention.dueAt) + 86_400_000).toISOString();
    expect(planMessage(s, message.decideDisposal(who.archivist), context(), now)).toMatchObject({
      ok: false,
      refusal: { code: 'WRONG_STAGE' },
    });
  });
});
