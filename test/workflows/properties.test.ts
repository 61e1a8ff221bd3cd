/**
 * Property test over the real workflow (issue "A lifecycle no input can wedge"): random message
 * sequences — the intents of the pure property tests (test/unit/domain/support/lifecycle-model.ts)
 * interpreted against the queried state — sent as updates and some as signals to real workflows on
 * the time-skipping server, with real activities and PostgreSQL.
 *
 * Sequences run in batches, concurrently and in lockstep: each round every sequence sends one
 * message; between rounds the batch may sleep (time skips only then, and for the whole server), so
 * deadlines pass in some sequences. The pure machine is the oracle for each answer.
 *
 * A failure names the batch's seed; PROPERTY_SEED=<seed> replays it (WORKFLOW_PROPERTY_BATCHES
 * sets how many batches of 20 sequences run, default 10; WORKFLOW_PROPERTY_CACHE=0 runs the worker
 * without a workflow cache, replaying every history at every task: about six times slower).
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { EscalationEntity } from '../../libs/db/entities/escalation.entity.js';
import { lifecycleWorkflowId } from '../../libs/domain/activity.js';
import { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleState } from '../../libs/domain/lifecycle.js';
import {
  isFinished,
  MESSAGE_NAMES,
  type LifecycleMessage,
  type MachineContext,
  type MessageName,
} from '../../libs/domain/lifecycle-machine.js';
import {
  escalationProblems,
  historyProblems,
  interpret,
  intentArb,
  isOpen,
  keyOf,
  oddNumber,
  predict,
  PROFILES,
  stepProblem,
  type Answer,
  type Intent,
  type Sent,
} from '../unit/domain/support/lifecycle-model.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery, type LifecycleInput } from '../../workflows/definitions.js';
import { actors, from } from '../support/actors.js';
import { recordActivity, startTimeSkipping } from './support/env.js';
import { eventually, sendSignal, sendUpdate, within } from './support/lifecycle-messages.js';

/**
 * A fresh time-skipping server per batch (and one for the findings). Seen here: once a run was
 * closed (terminated, or timed out by the test server's 10-year default) while its workflow task
 * was in flight, no later sleep ever returned (the test server loses its time-skipping lock, cf.
 * temporalio/sdk-java#1138, #3088); a batch must not inherit that from the one before. Workflows
 * stay cached in the worker (the suite never restarts it; queries answer fast).
 */
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
async function withEnvironment(body: () => Promise<void>): Promise<void> {
  t = await startTimeSkipping({ cacheWorkflows: process.env.WORKFLOW_PROPERTY_CACHE !== '0' });
  try {
    await body();
  } finally {
    await t.stop();
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROUNDS = 12;
const PER_BATCH = 20;
const BATCHES = Number(process.env.WORKFLOW_PROPERTY_BATCHES ?? 10);
const ANSWER_MS = 10_000;

/* ---- the generator ---- */

interface Sequence {
  plannedMajor: boolean;
  permanent: boolean;
  /** When the activity ended, relative to the start (negative: already over). */
  endOffsetMs: number;
  /** One intent per round (a wait intent sends nothing that round). */
  intents: Intent[];
  /** Which rounds send their message as a signal instead of an update. */
  viaSignal: boolean[];
}

interface Batch {
  sequences: Sequence[];
  /** Time skipped after each round (mostly none). */
  sleeps: number[];
}

const aim = (name: MessageName, variant = 0, odd?: number): Intent => ({
  kind: 'aim',
  name,
  pick: 0,
  variant,
  ...(odd === undefined ? {} : { odd }),
});

/** Random intents from the pure properties' profiles. */
const randomSequence: fc.Arbitrary<Sequence> = fc.record({
  plannedMajor: fc.boolean(),
  permanent: fc.boolean(),
  endOffsetMs: fc.constantFrom(-HOUR, -HOUR, -HOUR, -20 * DAY, 2 * HOUR),
  intents: fc.constantFrom(...PROFILES).chain((w) => fc.array(intentArb(w), { minLength: 4, maxLength: ROUNDS })),
  viaSignal: fc.array(fc.boolean(), { minLength: ROUNDS, maxLength: ROUNDS }).map((xs) => xs.map((x, i) => x && i % 2 === 0)),
});

/**
 * R-10.2 on purpose: a major activity returned three times (7 messages), then meeting records
 * with odd dates (impossible, before the end, in the future, not a string, …), then one valid.
 */
const meetingSequence: fc.Arbitrary<Sequence> = fc
  .record({
    oddDates: fc.array(fc.nat({ max: 18 }), { minLength: 1, maxLength: 3 }),
    decision: fc.nat({ max: 1 }),
    tail: fc.array(intentArb(PROFILES[0]!), { maxLength: 2 }),
    signals: fc.array(fc.boolean(), { minLength: ROUNDS, maxLength: ROUNDS }),
  })
  .map(({ oddDates, decision, tail, signals }) => ({
    plannedMajor: true,
    permanent: false,
    endOffsetMs: -HOUR,
    intents: [
      aim('submitBaseData'),
      aim('submitDraft', 1),
      aim('review'), // variant 0: a return with a comment
      aim('submitDraft', 1),
      aim('review'),
      aim('submitDraft', 1),
      aim('review'),
      ...oddDates.map((k) => aim('recordSpecialMeeting', 0, oddNumber('recordSpecialMeeting', 0, k))), // the date made odd
      aim('recordSpecialMeeting', decision ? 1 : 2), // odd variant: finalize, even: revise
      ...tail,
    ].slice(0, ROUNDS),
    viaSignal: signals.map((x, i) => x && i >= 7 && i % 2 === 1),
  }));

/**
 * R-12.3 R-16.1 R-13.1 to the end on purpose: approved at every level, archived, feedback given (a
 * permanent summary then waits for admin, who undoes the mark), then disposal decisions — which
 * need the 3 years the batch may skip after round 9 — with one odd or random message somewhere.
 */
const endSequence: fc.Arbitrary<Sequence> = fc
  .record({
    permanent: fc.boolean(),
    noise: fc.tuple(fc.nat({ max: 11 }), intentArb(PROFILES[3]!)),
    disposals: fc.array(fc.nat({ max: 5 }), { minLength: 2, maxLength: 2 }),
    signals: fc.array(fc.boolean(), { minLength: ROUNDS, maxLength: ROUNDS }),
  })
  .map(({ permanent, noise: [at, odd], disposals, signals }) => {
    const approve = 4; // variant 4: an approval without comments, of the version under review
    const intents = [
      aim('submitBaseData'),
      aim('submitDraft', 1),
      aim('review', approve),
      aim('review', approve),
      aim('review', approve),
      aim('confirmArchive'),
      aim('confirmArchive'),
      aim('submitFeedback'),
      ...(permanent ? [aim('setPermanent')] : []), // the undo: the retention runs again from the archive date
      ...disposals.map((v) => aim('decideDisposal', v)), // v % 3 = 0: destroy, else extend by v % 30 + 1 years
    ];
    intents.splice(at, 0, odd);
    return {
      plannedMajor: false,
      permanent,
      endOffsetMs: -HOUR,
      intents: intents.slice(0, ROUNDS),
      viaSignal: signals.map((x, i) => x && i % 3 === 2),
    };
  });

const batchArb: fc.Arbitrary<Batch> = fc.record({
  sequences: fc.array(
    fc.oneof({ weight: 3, arbitrary: randomSequence }, { weight: 1, arbitrary: meetingSequence }, { weight: 1, arbitrary: endSequence }),
    {
      minLength: PER_BATCH,
      maxLength: PER_BATCH,
    },
  ),
  sleeps: fc
    .tuple(
      fc.array(fc.constantFrom(0, 0, 0, 0, 0, HOUR, DAY, 5 * DAY, 8 * DAY, 40 * DAY, 1_100 * DAY), {
        minLength: ROUNDS,
        maxLength: ROUNDS,
      }),
      fc.constantFrom(0, 1_100 * DAY, 1_100 * DAY),
    )
    // At most two 3-year skips per batch: the test server times a run out after 10 years (its default
    // run timeout), which the real server does not.
    .map(([sleeps, afterFeedback]) => {
      const firstLong = sleeps.findIndex((x, i) => x === 1_100 * DAY && i !== 9);
      return sleeps.map((x, i) => (i === 9 ? afterFeedback : x === 1_100 * DAY && i !== firstLong ? 40 * DAY : x));
    }),
});

/* ---- one sequence against one workflow ---- */

/** What messages change (timers change escalations, deadline statuses and the version). */
function messageView(s: LifecycleState): string {
  const { escalations: _e, version: _v, deadlines, ...rest } = s;
  return JSON.stringify({ ...rest, deadlines: deadlines.map((d) => [keyOf(d), d.dueAt, isOpen(d) ? 'open' : d.status, d.metAt]) });
}

class Run {
  readonly story: string[] = [];
  readonly sent: Sent[] = [];
  readonly processed = new Set<string>();
  readonly problems: string[] = [];
  handle!: WorkflowHandle;
  input!: LifecycleInput;
  ctx!: MachineContext;
  last!: LifecycleState;
  /** The lifecycle has ended (the workflow completed): nothing more is sent. */
  done = false;
  /** The run a message that may retain the summary was sent to. */
  runBefore: string | undefined;
  counts = { accepted: 0, refused: 0, duplicate: 0, signals: 0, meeting: false };

  constructor(
    readonly seq: Sequence,
    readonly label: string,
  ) {}

  note(line: string): void {
    this.story.push(`${new Date(this.nowMs).toISOString()} ${line}`);
  }

  nowMs = 0;

  problem(what: string): void {
    this.problems.push(what);
    this.note(`PROBLEM: ${what}`);
  }

  async query(): Promise<LifecycleState> {
    // Right after continue-as-new the new run may not answer yet: retry for a while.
    for (let i = 0; ; i++) {
      try {
        return await within(this.handle.query(stateQuery), ANSWER_MS, 'query');
      } catch (err) {
        if (i >= 20) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async start(): Promise<void> {
    this.nowMs = await t.env.currentTimeMs();
    const endAt = new Date(this.nowMs + this.seq.endOffsetMs).toISOString();
    this.input = await recordActivity(t.dataSource, { endAt, isMajor: this.seq.plannedMajor, permanent: this.seq.permanent });
    this.ctx = { leadDepartment: this.input.leadDepartment, plannedMajor: this.input.isMajor, settings: DEFAULT_LIFECYCLE_SETTINGS };
    this.handle = await t.env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: lifecycleWorkflowId(this.input.activityId),
      taskQueue: t.taskQueue,
      args: [this.input],
    });
    this.note(`start: ended ${endAt}, major ${this.seq.plannedMajor}, permanent ${this.seq.permanent}`);
    const ended = this.seq.endOffsetMs < 0;
    const r = await eventually(
      () => this.query(),
      (s) => (ended ? s.stage === 'DRAFTING' && s.deadlines.length === 3 : s.stage === 'AWAITING_END'),
    );
    if (!r.ok) this.problem(`the lifecycle did not start: ${JSON.stringify(r.value)}`);
    this.last = await this.settled();
  }

  /** The state once every timer that is due has fired (the workflow may take a moment after time skipped). */
  async settled(): Promise<LifecycleState> {
    this.nowMs = await t.env.currentTimeMs();
    const now = this.nowMs;
    const r = await eventually(
      () => this.query(),
      (s) =>
        !s.deadlines.some((d) => d.status === 'pending' && Date.parse(d.dueAt) <= now) && (!isFinished(s) || !s.deadlines.some(isOpen)),
    );
    if (!r.ok)
      this.problem(`due deadlines never escalated (or a finished lifecycle kept open deadlines): ${JSON.stringify(r.value.deadlines)}`);
    for (const p of escalationProblems(r.value)) this.problem(p);
    return r.value;
  }

  async step(round: number): Promise<void> {
    try {
      await this.send(round);
    } catch (err) {
      this.problem(`round ${round + 1} failed: ${String(err)}`);
      this.done = true;
    }
  }

  private async send(round: number): Promise<void> {
    const intent = this.seq.intents[round];
    if (!intent || this.done) return;
    const before = await this.query();
    if (messageView(before) !== messageView(this.last) && !(this.last.stage === 'AWAITING_END' && before.stage === 'DRAFTING')) {
      this.problem(`the state changed between messages without a message: ${this.last.stage} → ${before.stage}`);
    }
    this.nowMs = await t.env.currentTimeMs();
    const what = interpret(intent, before, this.ctx, this.nowMs, this.sent);
    if (!what || 'waitUntil' in what || !(MESSAGE_NAMES as readonly string[]).includes(what.msg.name)) return;
    // What the workflow receives: the payload after JSON (undefined fields gone).
    const body = JSON.parse(JSON.stringify(what.msg.body ?? null)) as LifecycleMessage['body'];
    const msg = { name: what.msg.name, body } as LifecycleMessage;
    const expected = predict(before, msg, this.ctx, this.nowMs, this.processed);
    if (expected.kind === 'threw') return this.problem(`the machine itself throws on ${describeMsg(msg)}: ${String(expected.error)}`);
    if (msg.name === 'recordSpecialMeeting' && before.stage === 'AWAITING_SPECIAL_MEETING') this.counts.meeting = true;
    const viaSignal = this.seq.viaSignal[round] === true;
    // The feedback record retains the summary and continues the workflow as new: know the run before.
    this.runBefore = before.stage === 'FEEDBACK' ? (await this.handle.describe()).runId : undefined;
    const after = viaSignal ? await this.signal(msg, before, expected) : await this.update(msg, before, expected);
    if (!after) return;
    this.sent.push({ msg, accepted: expected.kind === 'accepted' });
    if (expected.kind === 'accepted') this.processed.add((body as { requestId: string }).requestId);
    this.last = after;
    if (isFinished(after)) {
      this.last = await this.settled();
      const closed = await eventually(
        () => this.handle.describe(),
        (d) => d.status.name === 'COMPLETED',
      );
      if (!closed.ok) this.problem(`the lifecycle ended in ${after.stage} but the workflow is ${closed.value.status.name}`);
      this.done = true;
      this.note(`the lifecycle ended in ${after.stage}`);
    }
  }

  private async update(msg: LifecycleMessage, before: LifecycleState, expected: Answer): Promise<LifecycleState | null> {
    const answer = await sendUpdate(this.handle, msg.name, msg.body, ANSWER_MS);
    const code = answer.kind === 'refused' ? answer.refusal?.code : undefined;
    this.note(
      `update ${describeMsg(msg)} → ${answer.kind}${code ? ` ${code}` : ''}${answer.kind === 'no answer' ? `: ${answer.error}` : ''}`,
    );
    if (answer.kind === 'no answer') {
      this.problem(`update ${msg.name} got no answer: ${answer.error}`);
      this.done = true;
      return null;
    }
    const expectedText = expected.kind === 'refused' ? `refused ${expected.refusal.code}` : expected.kind;
    if (answer.kind === 'refused') {
      this.counts.refused++;
      if (expected.kind !== 'refused' || expected.refusal.code !== code)
        this.problem(`update ${msg.name} refused ${code}; the machine says ${expectedText}`);
      if (answer.refusal?.stage !== before.stage || !answer.refusal?.message)
        this.problem(`refusal without its stage or message: ${JSON.stringify(answer.refusal)}`);
      return this.unchanged(msg, before);
    }
    if (expected.kind === 'refused') this.problem(`update ${msg.name} accepted; the machine says ${expectedText}`);
    if (expected.kind === 'duplicate') {
      this.counts.duplicate++;
      return this.unchanged(msg, before);
    }
    this.counts.accepted++;
    const problem = stepProblem(msg.name, before, answer.state);
    if (problem) this.problem(problem);
    if (!(answer.state.version > before.version)) this.problem(`accepted ${msg.name} did not bump the version`);
    await this.afterAccepted(before, answer.state);
    return answer.state;
  }

  private async signal(msg: LifecycleMessage, before: LifecycleState, expected: Answer): Promise<LifecycleState | null> {
    this.counts.signals++;
    await sendSignal(this.handle, msg.name, msg.body);
    this.note(
      `signal ${describeMsg(msg)} (the machine says ${expected.kind === 'refused' ? `refused ${expected.refusal.code}` : expected.kind})`,
    );
    if (expected.kind !== 'accepted') {
      await new Promise((r) => setTimeout(r, 300));
      return this.unchanged(msg, before);
    }
    const r = await eventually(
      () => this.query(),
      (s) => messageView(s) !== messageView(before),
    );
    if (!r.ok) {
      this.problem(`signal ${msg.name}, which the machine accepts, changed nothing within ${ANSWER_MS} ms`);
      return r.value;
    }
    this.counts.accepted++;
    const problem = stepProblem(msg.name, before, r.value);
    if (problem) this.problem(problem);
    await this.afterAccepted(before, r.value);
    return r.value;
  }

  /** A refused (or repeated) message leaves the queried state as it was; timers may have fired meanwhile. */
  private async unchanged(msg: LifecycleMessage, before: LifecycleState): Promise<LifecycleState> {
    const after = await this.query();
    const same =
      after.version === before.version ? JSON.stringify(after) === JSON.stringify(before) : messageView(after) === messageView(before);
    if (!same) this.problem(`${msg.name} was not applied, yet the state changed (${before.stage} → ${after.stage})`);
    return after;
  }

  /** Entering RETAINED continues the workflow as new: wait for the new run before the next message. */
  private async afterAccepted(before: LifecycleState, after: LifecycleState): Promise<void> {
    if (after.stage !== 'RETAINED' || before.stage === 'RETAINED' || after.permanent) return;
    const first = this.runBefore;
    const r = await eventually(
      async () => (await t.env.client.workflow.getHandle(this.handle.workflowId).describe()).runId,
      (runId) => runId !== first,
    );
    if (!r.ok) this.problem('the retained lifecycle never continued as new');
  }

  /** After the batch: the stage history, the escalations, and their rows in PostgreSQL. */
  async finish(): Promise<void> {
    if (!this.problems.some((p) => p.includes('no answer'))) {
      const s = await this.settled();
      for (const p of historyProblems(s)) this.problem(`stage history: ${p}`);
      // One row per escalation (exactly once), resolved once its step is met or waived.
      const expected = s.deadlines
        .filter((d) => d.escalatedAt)
        .map((d) => `${keyOf(d)}:${isOpen(d) ? 'open' : 'resolved'}`)
        .sort();
      const rows = await eventually(
        async () =>
          (await t.dataSource.getRepository(EscalationEntity).findBy({ activityId: this.input.activityId, kind: 'overdue' }))
            .map((r) => `${r.deadlineKey}#${r.occurrence}:${r.resolvedAt ? 'resolved' : 'open'}`)
            .sort(),
        (keys) => JSON.stringify(keys) === JSON.stringify(expected),
      );
      if (!rows.ok)
        this.problem(`overdue escalation rows ${JSON.stringify(rows.value)}, the workflow's escalations ${JSON.stringify(expected)}`);
    }
  }
}

/** Every run of the current batch, for `diagnose`. */
const allRuns: Run[] = [];

/** What keeps time from skipping: the batch's running workflows, with their pending workflow task or activities. */
async function diagnose(): Promise<{ text: string; somethingPending: boolean }> {
  let somethingPending = false;
  const lines = await Promise.all(
    allRuns.map(async (r) => {
      const d = await within(r.handle.describe(), 5_000, 'describe').catch((err: unknown) => String(err));
      if (typeof d === 'string') {
        somethingPending = true; // unknown: not a stall this test may put down to the server
        return `${r.label}: ${d}`;
      }
      const raw = d.raw as { pendingActivities?: unknown[]; pendingWorkflowTask?: unknown };
      if (raw.pendingActivities?.length || raw.pendingWorkflowTask) somethingPending = true;
      if (d.status.name !== 'RUNNING' && !raw.pendingActivities?.length && !raw.pendingWorkflowTask) return null;
      const pending = JSON.stringify({ activities: raw.pendingActivities, task: raw.pendingWorkflowTask });
      return `${r.label} ${d.status.name} ${d.runId}: ${pending}\n  ${r.story.join('\n  ')}`;
    }),
  );
  return { text: lines.filter(Boolean).join('\n') || 'none is running', somethingPending };
}

/**
 * The time-skipping test server did not move its clock although no workflow had a task or an
 * activity pending: its count of time locks, not the lifecycle (seen once in a CI run,
 * 2026-12-01, sleeping 192 hours). The batch is run again once, from the start, in a fresh server.
 */
class TimeDidNotSkip extends Error {}

function describeMsg(msg: LifecycleMessage): string {
  const { actor, requestId: _r, ...rest } = (msg.body ?? {}) as unknown as Record<string, unknown>;
  const a = actor as { role?: string; userId?: string } | null;
  const fields = Object.entries(rest)
    .filter(([k]) => !['attendees', 'minutes', 'location', 'warningFindings', 'notes', 'reason'].includes(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${msg.name} by ${a && typeof a === 'object' ? `${a.role}:${a.userId}` : JSON.stringify(actor)} {${fields.join(', ')}}`;
}

/* ---- the property ---- */

describe('the workflow under random message sequences', () => {
  const seed = Number(process.env.PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const batches = fc.sample(batchArb, { seed, numRuns: BATCHES });
  const totals = { sequences: 0, messages: 0, accepted: 0, refused: 0, duplicate: 0, signals: 0, meetings: 0, escalations: 0, finished: 0 };
  const lastStages: Record<string, number> = {};

  afterAll(() => {
    // Printed so that a run can be quoted.
    process.stdout.write(`workflow properties (seed ${seed}): ${JSON.stringify(totals)}, last stages ${JSON.stringify(lastStages)}\n`);
  });

  /** One batch: its sequences side by side in a fresh time-skipping server, then every invariant. */
  const runBatch = (index: number, batch: Batch) =>
    withEnvironment(async () => {
      const runs = batch.sequences.map((seq, i) => new Run(seq, `batch ${index} sequence ${i + 1}`));
      allRuns.splice(0, allRuns.length, ...runs);
      try {
        await Promise.all(runs.map((r) => r.start()));
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all(runs.map((r) => r.step(round)));
          const sleep = batch.sleeps[round]!;
          if (sleep > 0 && runs.some((r) => !r.done)) {
            const sleeping = t.env.sleep(sleep);
            await within(sleeping, 120_000, `sleeping ${sleep / HOUR} hours`).catch(async (err: unknown) => {
              const { text, somethingPending } = await diagnose();
              const what = `${String(err)} (PROPERTY_SEED=${seed}); the workflows: ${text}`;
              // A problem seen before the stall is the test's verdict; only a clean batch may run again.
              if (somethingPending || runs.some((r) => r.problems.length)) throw new Error(what, { cause: err });
              // Lets the stalled call return: one still open when this server stops is retried onto a closed channel, and throws.
              await t.env.connection.testService?.unlockTimeSkipping({});
              await within(sleeping, 30_000, 'the released sleep').catch(() => undefined);
              throw new TimeDidNotSkip(what, { cause: err });
            });
            for (const r of runs) r.note(`— ${sleep / HOUR} hours pass —`);
            await Promise.all(
              runs.map(async (r) => {
                if (r.done) return;
                const before = r.last;
                r.last = await r.settled();
                const moved = r.last.stage !== before.stage && !(before.stage === 'AWAITING_END' && r.last.stage === 'DRAFTING');
                if (moved) r.problem(`time moved the stage ${before.stage} → ${r.last.stage}`);
              }),
            );
          }
        }
      } finally {
        await Promise.all(runs.map((r) => r.finish().catch((err: unknown) => r.problem(`finishing failed: ${String(err)}`))));
      }
      for (const r of runs) {
        totals.sequences++;
        totals.messages += r.counts.accepted + r.counts.refused + r.counts.duplicate;
        totals.accepted += r.counts.accepted;
        totals.refused += r.counts.refused;
        totals.duplicate += r.counts.duplicate;
        totals.signals += r.counts.signals;
        totals.meetings += r.counts.meeting ? 1 : 0;
        totals.escalations += r.last?.escalations.filter((e) => e.kind === 'overdue').length ?? 0;
        totals.finished += r.done ? 1 : 0;
        if (r.last) lastStages[r.last.stage] = (lastStages[r.last.stage] ?? 0) + 1;
      }
      const failed = runs.filter((r) => r.problems.length);
      if (failed.length) {
        const stories = failed.map((r) => `${r.label} (seed ${seed}): ${r.problems.join('; ')}\n  ${r.story.join('\n  ')}`);
        throw new Error(`${failed.length} sequence(s) broke an invariant (PROPERTY_SEED=${seed} replays):\n${stories.join('\n\n')}`);
      }
    });

  it.each(batches.map((b, i) => [i + 1, b] as const))(
    'SPEC §3 batch %i of 20 sequences: every update answers (accepted or MESSAGE_REFUSED), a refusal changes nothing, ' +
      'stages move along the graph, each overdue escalates once, nothing stays overdue at the end',
    async (index, batch) => {
      try {
        await runBatch(index, batch);
      } catch (err) {
        if (!(err instanceof TimeDidNotSkip)) throw err;
        process.stdout.write(`batch ${index} runs again in a fresh test server: ${err.message}\n`);
        await runBatch(index, batch); // a second stall fails the test
      }
    },
    600_000,
  );

  it('the batches reached the special meeting, escalations, and the end of the lifecycle', () => {
    expect(totals.sequences).toBe(BATCHES * PER_BATCH);
    expect({ meetings: totals.meetings > 0, escalations: totals.escalations > 0, finished: totals.finished > 0 }).toEqual({
      meetings: true,
      escalations: true,
      finished: true,
    });
  });
});

/* ---- findings of the properties that wedged the real workflow, fixed, kept as regressions ---- */

describe('findings on the real workflow', () => {
  beforeAll(async () => {
    t = await startTimeSkipping();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function inReview(): Promise<WorkflowHandle> {
    const endAt = new Date((await t.env.currentTimeMs()) - HOUR).toISOString();
    const input = await recordActivity(t.dataSource, { endAt });
    const handle = await t.env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: lifecycleWorkflowId(input.activityId),
      taskQueue: t.taskQueue,
      args: [input],
    });
    await eventually(
      () => handle.query(stateQuery),
      (s) => s.stage === 'DRAFTING' && s.deadlines.length === 3,
    );
    await sendUpdate(handle, 'submitBaseData', { ...from(actors.staff), participants: { online: 1, offline: 2 }, expenseSettled: true });
    await sendUpdate(handle, 'submitDraft', {
      ...from(actors.staff),
      versionId: `v-${randomUUID()}`,
      blockingFindings: 0,
      warningFindings: 0,
    });
    return handle;
  }

  /** The payloads the machine once threw on (findings of the properties). */
  const crashing = [
    ['F1', 'comments that are not a list', { level: 1, decision: 'return', comments: '请补充' }],
    ['F2', 'the level "constructor"', { level: 'constructor', decision: 'approve', comments: [] }],
  ] as const;

  it.each(crashing)(
    'R-8 %s: a review update with %s is refused with MESSAGE_REFUSED (it failed with a TypeError)',
    async (_f, _what, review) => {
      const handle = await inReview();
      try {
        const answer = await sendUpdate(handle, 'review', { ...from(actors.deptHead), ...review });
        expect(answer).toMatchObject({ kind: 'refused', refusal: { code: 'INVALID' } });
      } finally {
        await handle.terminate('finding');
      }
    },
  );

  it.each(crashing)(
    'SPEC §3 %s: after a review signal with %s the lifecycle still answers (it wedged: every workflow task failed)',
    async (_f, _what, review) => {
      const handle = await inReview();
      try {
        await sendSignal(handle, 'review', { ...from(actors.deptHead), ...review });
        const answer = await sendUpdate(
          handle,
          'review',
          { ...from(actors.deptHead), level: 1, decision: 'approve', comments: [] },
          ANSWER_MS,
        );
        expect(answer).toMatchObject({ kind: 'accepted' });
      } finally {
        await handle.terminate('finding');
      }
    },
  );
});
