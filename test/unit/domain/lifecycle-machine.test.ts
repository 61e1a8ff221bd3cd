/**
 * Table tests of the pure lifecycle machine (libs/domain/lifecycle-machine.ts): every stage ×
 * message × SPEC §1 role, the outcome the regulation gives it; then each rule's details.
 */
import { isMajorActivity } from '../../../libs/domain/activity.js';
import type { LifecycleState, RefusalCode, Stage } from '../../../libs/domain/lifecycle.js';
import {
  allowedActions,
  closeOut,
  committed,
  dueNow,
  isFinished,
  isFinishedBeforeRetentionChanges,
  markFired,
  mayReview,
  MESSAGE_NAMES,
  nextWake,
  planMessage,
  recipientRules,
  recordAllRecipients,
  reviewLevelOf,
  senderRoles,
  stateAfterNotices,
  type LifecycleMessage,
  type MessageName,
  type RecipientRule,
} from '../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../libs/domain/roles.js';
import {
  aDeadline,
  accept,
  afterRetention,
  aState,
  compute,
  context,
  label,
  message,
  NOW,
  send,
  STAGE_ROWS,
  who,
  type StageRow,
  type Who,
} from './support/lifecycle-builders.js';

/* ---- the grid: every stage × message × role ---- */

type Outcome = 'accepted' | RefusalCode;
const CELL: Record<string, Outcome> = { '✓': 'accepted', ROLE: 'WRONG_ROLE', STAGE: 'WRONG_STAGE' };
/** Grid columns: lead-department staff and head, the same roles of another department (o.), association roles. */
const COLUMNS: Record<string, Who> = {
  staff: 'staff',
  'o.staff': 'otherStaff',
  head: 'head',
  'o.head': 'otherHead',
  admin: 'admin',
  arch: 'archivist',
  vp: 'vp',
  sg: 'sg',
  mgmt: 'management',
  super: 'supervisor',
  ext: 'external',
};

/** Parses a grid: a header of column names, then one row per stage (RETAINED_ENDED: retention has ended). */
function grid(text: string): Array<[StageRow, string, Outcome, Who]> {
  const [header, ...rows] = text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const cols = header!.slice(1).map((c) => COLUMNS[c]!);
  expect(cols).toEqual(Object.values(COLUMNS));
  expect(rows.map((r) => r[0])).toEqual([...STAGE_ROWS]);
  return rows.flatMap((r) =>
    cols.map((c, i) => [r[0] as StageRow, label(who[c]), CELL[r[i + 1]!]!, c] as [StageRow, string, Outcome, Who]),
  );
}

const RULE_OF: Record<MessageName, string> = {
  submitBaseData: 'R-7.1',
  submitDraft: 'R-7.2',
  review: 'R-8',
  recordSpecialMeeting: 'R-10.2',
  confirmArchive: 'R-12.3',
  submitFeedback: 'R-16.1',
  decideDisposal: 'R-13.1',
  setPermanent: 'R-13.1',
};

/** The state of a grid row and the time it is asked at (past the retention once it has ended). */
function situation(row: StageRow): { s: LifecycleState; now: string } {
  const s = aState(row);
  return { s, now: row === 'RETAINED_ENDED' || row === 'DISPOSED' ? afterRetention(aState('RETAINED_ENDED')) : NOW };
}

/** The valid message of each kind for a stage: a review at the stage's level (L1 outside review). */
function validMessage(name: MessageName, actor: Actor, stage: Stage): LifecycleMessage {
  return name === 'review' ? message.review(actor, { level: reviewLevelOf(stage) ?? 1 }) : message[name](actor);
}

const GRIDS: Record<MessageName, string> = {
  submitBaseData: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE`,
  submitDraft: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE`,
  // Sent at the stage's own level: a reviewer of another level is the wrong role there.
  review: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    DRAFTING                 ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    IN_REVIEW_L1             ROLE   ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   ✓      ✓      ROLE   ROLE   ROLE
    REVISING                 ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    ARCHIVING                ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    FEEDBACK                 ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    RETAINED                 ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    RETAINED_ENDED           ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    DISPOSED                 ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE
    CLOSED                   ROLE   ROLE    STAGE  ROLE   STAGE  ROLE   STAGE  STAGE  ROLE   ROLE   ROLE`,
  // The VP convenes and chairs the special meeting.
  recordSpecialMeeting: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    REVISING                 ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE
    ARCHIVING                ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    RETAINED                 ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    DISPOSED                 ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE
    CLOSED                   ROLE   ROLE    ROLE   ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE`,
  confirmArchive: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                ROLE   ROLE    ROLE   ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE`,
  submitFeedback: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 ✓      ROLE    ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   STAGE  ROLE    STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE   ROLE`,
  // The archivist's disposal review, once the retention has ended.
  decideDisposal: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           ROLE   ROLE    ROLE   ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   ROLE   ROLE    ROLE   ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE`,
  // Admin marks the activity permanent (or undoes it) at any time until the lifecycle ends.
  setPermanent: `
    stage                    staff  o.staff head   o.head admin  arch   vp     sg     mgmt   super  ext
    AWAITING_END             ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DRAFTING                 ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L1             ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L2             ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    IN_REVIEW_L3             ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    REVISING                 ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    AWAITING_SPECIAL_MEETING ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    ARCHIVING                ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    FEEDBACK                 ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED                 ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    RETAINED_ENDED           ROLE   ROLE    ROLE   ROLE   ✓      ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    DISPOSED                 ROLE   ROLE    ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE
    CLOSED                   ROLE   ROLE    ROLE   ROLE   STAGE  ROLE   ROLE   ROLE   ROLE   ROLE   ROLE`,
};

describe.each(MESSAGE_NAMES.map((name) => [RULE_OF[name], name] as const))('%s %s: every stage × role', (rule, name) => {
  it.each(grid(GRIDS[name]))(`${rule} ${name} in %s by %s → %s`, (row, _label, outcome, actor) => {
    const { s, now } = situation(row);
    const before = JSON.stringify(s);
    const plan = planMessage(s, validMessage(name, who[actor], s.stage), context(), now);
    expect(plan.ok ? 'accepted' : plan.refusal.code).toBe(outcome);
    if (!plan.ok)
      expect(plan.refusal).toMatchObject({ stage: s.stage, message: expect.stringMatching(/\S/), messageZh: expect.stringMatching(/\S/) });
    expect(JSON.stringify(s)).toBe(before); // planning changes nothing
  });
});

/* ---- allowedActions: the buttons each role sees ---- */

const ALLOWED: Record<StageRow, Partial<Record<Who, MessageName[]>>> = {
  AWAITING_END: { admin: ['setPermanent'] },
  DRAFTING: { staff: ['submitBaseData', 'submitDraft'], head: ['submitBaseData', 'submitDraft'], admin: ['setPermanent'] },
  IN_REVIEW_L1: { staff: ['submitBaseData'], head: ['submitBaseData', 'review'], admin: ['setPermanent'] },
  IN_REVIEW_L2: { staff: ['submitBaseData'], head: ['submitBaseData'], admin: ['review', 'setPermanent'] },
  IN_REVIEW_L3: { staff: ['submitBaseData'], head: ['submitBaseData'], vp: ['review'], sg: ['review'], admin: ['setPermanent'] },
  REVISING: { staff: ['submitBaseData', 'submitDraft'], head: ['submitBaseData', 'submitDraft'], admin: ['setPermanent'] },
  AWAITING_SPECIAL_MEETING: { staff: ['submitBaseData'], head: ['submitBaseData'], vp: ['recordSpecialMeeting'], admin: ['setPermanent'] },
  ARCHIVING: { archivist: ['confirmArchive'], admin: ['setPermanent'] },
  FEEDBACK: { staff: ['submitFeedback'], head: ['submitFeedback'], admin: ['setPermanent'] },
  RETAINED: { admin: ['setPermanent'] },
  RETAINED_ENDED: { archivist: ['decideDisposal'], admin: ['setPermanent'] },
  DISPOSED: {},
  CLOSED: {},
};

describe('allowedActions: what each role may send in each stage', () => {
  const rows = STAGE_ROWS.flatMap((row) => (Object.keys(who) as Who[]).map((w) => [row, w, ALLOWED[row][w] ?? []] as const));
  it.each(rows)('SPEC §1 §3 in %s, %s may send %j', (row, w, expected) => {
    expect(allowedActions(aState(row), who[w], context())).toEqual(expected);
  });

  it('R-8 four eyes: the head who submitted the version under review is not offered the review; another head is', () => {
    const s = aState('IN_REVIEW_L1', { submissions: [{ versionId: 'v1', kind: 'draft', by: who.head, at: NOW, warningFindings: 0 }] });
    expect(allowedActions(s, who.head, context())).toEqual(['submitBaseData']);
    expect(allowedActions(s, { ...who.head, userId: 'u-dept-head-2' }, context())).toEqual(['submitBaseData', 'review']);
  });

  it.each([
    ['no actor', null],
    ['an unknown role', { userId: 'u-x', role: 'intern', department: 'publicity' }],
    ['no user id', { role: 'staff', department: 'publicity' }],
  ])('SPEC §1 %s is offered nothing', (_what, actor) => {
    expect(allowedActions(aState('DRAFTING'), actor as Actor, context())).toEqual([]);
  });
});

describe('senderRoles: the roles the API admits to each message route', () => {
  it.each([
    ['submitBaseData', ['staff', 'dept_head']],
    ['submitDraft', ['staff', 'dept_head']],
    ['review', ['dept_head', 'admin', 'vp', 'secretary_general']],
    ['recordSpecialMeeting', ['vp']],
    ['confirmArchive', ['archivist']],
    ['submitFeedback', ['staff', 'dept_head']],
    ['decideDisposal', ['archivist']],
    ['setPermanent', ['admin']],
  ] as const)('SPEC §1 %s: %j', (name, roles) => {
    expect(senderRoles(name)).toEqual(roles);
  });

  it('SPEC §1 every role offered a message in some stage is among its senders', () => {
    for (const row of STAGE_ROWS) {
      for (const w of Object.keys(who) as Who[]) {
        for (const name of allowedActions(aState(row), who[w], context())) expect(senderRoles(name)).toContain(who[w].role);
      }
    }
  });

  it('R-8 mayReview: L1 only the head of the lead department; L2 and L3 by role in any department', () => {
    expect(mayReview(who.head, 1, who.head.department!)).toBe(true);
    expect(mayReview(who.head, 1, 'training')).toBe(false);
    expect(mayReview(who.admin, 2, 'training')).toBe(true);
    expect(mayReview(who.sg, 3, 'training')).toBe(true);
    expect(mayReview(who.admin, 3, 'training')).toBe(false);
  });
});

/* ---- where each accepted message leads ---- */

describe('SPEC §3 the transitions', () => {
  it.each<[string, StageRow, Stage, () => LifecycleMessage]>([
    ['R-7.1 base data', 'DRAFTING', 'DRAFTING', () => message.submitBaseData(who.staff)],
    ['R-7.2 the draft', 'DRAFTING', 'IN_REVIEW_L1', () => message.submitDraft(who.staff)],
    ['R-8 L1 approval', 'IN_REVIEW_L1', 'IN_REVIEW_L2', () => message.review(who.head, { level: 1 })],
    ['R-8 L2 approval', 'IN_REVIEW_L2', 'IN_REVIEW_L3', () => message.review(who.admin, { level: 2 })],
    ['R-8 R-7.3 L3 approval by the VP', 'IN_REVIEW_L3', 'ARCHIVING', () => message.review(who.vp, { level: 3 })],
    ['R-8 R-7.3 L3 approval by the SG', 'IN_REVIEW_L3', 'ARCHIVING', () => message.review(who.sg, { level: 3 })],
    ['R-10.1 an L1 return', 'IN_REVIEW_L1', 'REVISING', () => message.review(who.head, { level: 1, decision: 'return' })],
    ['R-10.1 the revision', 'REVISING', 'IN_REVIEW_L1', () => message.submitDraft(who.staff)],
    ['R-10.2 the meeting decides to revise', 'AWAITING_SPECIAL_MEETING', 'REVISING', () => message.recordSpecialMeeting(who.vp)],
    [
      'R-10.2 the meeting finalizes',
      'AWAITING_SPECIAL_MEETING',
      'ARCHIVING',
      () => message.recordSpecialMeeting(who.vp, { decision: 'finalize' }),
    ],
    ['R-12.3 the paper copy alone', 'ARCHIVING', 'ARCHIVING', () => message.confirmArchive(who.archivist)],
    ['R-16.1 the feedback record', 'FEEDBACK', 'RETAINED', () => message.submitFeedback(who.staff)],
    ['R-13.1 destroy', 'RETAINED_ENDED', 'DISPOSED', () => message.decideDisposal(who.archivist)],
    ['R-13.1 extend', 'RETAINED_ENDED', 'RETAINED', () => message.decideDisposal(who.archivist, { decision: 'extend', extendYears: 2 })],
  ])('%s in %s leads to %s', (_what, row, next, msg) => {
    const { s, now } = situation(row);
    const { state } = accept(s, msg(), context(), now);
    expect(state.stage).toBe(next);
    expect(state.version).toBe(s.version + 1);
    if (next !== s.stage) expect(state.stageHistory?.at(-1)).toEqual({ stage: next, at: now });
  });
});

/* ---- rule by rule ---- */

const deadline = (s: LifecycleState, key: string, occurrence = 1) => s.deadlines.find((d) => d.key === key && d.occurrence === occurrence);
const escalated = <T extends ReturnType<typeof aDeadline>>(d: T): T => ({ ...d, status: 'overdue', escalatedAt: d.dueAt });
const refusalOf = (s: LifecycleState, msg: LifecycleMessage, ctx = context(), now = NOW) => {
  const r = send(s, msg, ctx, now);
  if (r.ok) throw new Error(`${msg.name} was accepted, a refusal was expected`);
  return r.refusal;
};

describe('R-7.1 base data before the draft', () => {
  const noBaseData = () =>
    aState('DRAFTING', { baseData: null, deadlines: [aDeadline('baseData'), aDeadline('draft'), aDeadline('final')] });

  it('R-7.1 a draft without base data is refused with BASE_DATA_MISSING and changes nothing', () => {
    const s = noBaseData();
    expect(refusalOf(s, message.submitDraft(who.staff))).toMatchObject({ code: 'BASE_DATA_MISSING', stage: 'DRAFTING' });
    expect(s).toEqual(noBaseData());
  });

  it('R-7.1 the step is met only once participants are recorded and the expenses settled', () => {
    let s = accept(noBaseData(), message.submitBaseData(who.staff, { expenseSettled: false })).state;
    expect(s.baseData).toMatchObject({ participants: { online: 50, offline: 100 }, expenseSettled: false, by: who.staff });
    expect(deadline(s, 'baseData')).toMatchObject({ status: 'pending', metAt: null });
    expect(accept(s, message.submitDraft(who.staff)).state.stage).toBe('IN_REVIEW_L1'); // recorded is enough for the draft
    s = accept(s, message.submitBaseData(who.head, { expenseSettled: true }), context(), '2026-10-13T02:00:00.000Z').state;
    expect(deadline(s, 'baseData')).toMatchObject({ status: 'met', metAt: '2026-10-13T02:00:00.000Z' });
  });

  it('R-7.1 corrections until the final version: each replaced entry is kept in baseDataHistory, oldest first', () => {
    let s = aState('IN_REVIEW_L3');
    const first = s.baseData;
    s = accept(s, message.submitBaseData(who.staff, { participants: { online: 60, offline: 100 } })).state;
    s = accept(s, message.submitBaseData(who.head, { participants: { online: 70, offline: 100 }, notes: '复核后更正' })).state;
    expect(s.baseData).toMatchObject({ participants: { online: 70, offline: 100 }, notes: '复核后更正', by: who.head });
    expect(s.baseDataHistory?.map((b) => b.participants.online)).toEqual([first!.participants.online, 60]);
    expect(s.stage).toBe('IN_REVIEW_L3');
  });

  it.each(['ARCHIVING', 'FEEDBACK', 'RETAINED'] as const)(
    'R-7.1 R-7.3 once the final version is formed (%s), base data is no longer corrected',
    (row) => {
      expect(refusalOf(aState(row), message.submitBaseData(who.staff)).code).toBe('WRONG_STAGE');
    },
  );

  it('R-7.1 late base data resolves its overdue escalation', () => {
    const s = aState('DRAFTING', { baseData: null, deadlines: [escalated(aDeadline('baseData')), aDeadline('draft'), aDeadline('final')] });
    const t = accept(s, message.submitBaseData(who.staff));
    expect(t.resolved).toEqual([{ deadlineKey: 'baseData', occurrence: 1, resolvedAt: NOW, how: 'met' }]);
  });

  it.each([
    [{ participants: { online: -1, offline: 100 } }, 'participants.online'],
    [{ participants: { online: 1.5, offline: 100 } }, 'participants.online'],
    [{ participants: { online: '10', offline: 100 } }, 'participants.online'],
    [{ participants: { online: 10, offline: 10_000_001 } }, 'participants.offline'],
    [{ participants: undefined }, 'participants.online'],
    [{ expenseSettled: 'yes' }, 'expenseSettled'],
    [{ expenseSettled: undefined }, 'expenseSettled'],
  ])('R-7.1 base data %j is INVALID in field %s', (o, field) => {
    expect(refusalOf(aState('DRAFTING'), message.submitBaseData(who.staff, o as never))).toMatchObject({ code: 'INVALID', field });
  });

  it.each([
    ['planned major', true, { online: 10, offline: 10 }, true],
    ['actual 300 + 201 participants', false, { online: 300, offline: 201 }, true],
    ['actual 250 + 250 participants', false, { online: 250, offline: 250 }, false],
  ])('R-10.2 base data of a %s activity (%s at registration, %j actual) → major %s', (_what, plannedMajor, participants, major) => {
    const s = accept(aState('DRAFTING'), message.submitBaseData(who.staff, { participants }), context({ plannedMajor })).state;
    expect(s.isMajor).toBe(major);
  });

  it('R-10.2 a correction down to 500 participants makes a not-planned-major activity non-major again', () => {
    let s = accept(aState('DRAFTING'), message.submitBaseData(who.staff, { participants: { online: 300, offline: 201 } })).state;
    s = accept(s, message.submitBaseData(who.staff, { participants: { online: 300, offline: 200 } })).state;
    expect(s.isMajor).toBe(false);
  });
});

describe('R-7.2 the draft', () => {
  it('R-7.2 a draft submitted in DRAFTING is recorded, meets the draft deadline and starts review at L1', () => {
    const t = accept(aState('DRAFTING'), message.submitDraft(who.staff, { versionId: 'v9', compiledBy: 'u-staff-2', warningFindings: 2 }));
    expect(t.state.stage).toBe('IN_REVIEW_L1');
    expect(t.state.submissions.at(-1)).toEqual({
      versionId: 'v9',
      kind: 'draft',
      by: who.staff,
      compiledBy: 'u-staff-2',
      at: NOW,
      warningFindings: 2,
    });
    expect(deadline(t.state, 'draft')).toMatchObject({ status: 'met', metAt: NOW });
    expect(t.resolved).toEqual([]);
  });

  it('R-7.2 a late draft resolves its escalation', () => {
    const s = aState('DRAFTING');
    s.deadlines[1] = escalated(s.deadlines[1]!);
    expect(accept(s, message.submitDraft(who.staff)).resolved).toEqual([
      { deadlineKey: 'draft', occurrence: 1, resolvedAt: NOW, how: 'met' },
    ]);
  });

  it.each<[string, object, RefusalCode, string | undefined]>([
    ['blocking check findings (R-9)', { blockingFindings: 2 }, 'CHECKS_FAILED', undefined],
    ['no version id', { versionId: '' }, 'INVALID', 'versionId'],
    ['a version id that is not a string', { versionId: 42 }, 'INVALID', 'versionId'],
  ])('R-7.2 a draft with %s is refused', (_what, o, code, field) => {
    const r = refusalOf(aState('DRAFTING'), message.submitDraft(who.staff, o as never));
    expect(r.code).toBe(code);
    expect(r.field).toBe(field);
  });
});

describe('R-8 three review levels, four eyes, comments', () => {
  it.each<[StageRow, number, Who]>([
    ['IN_REVIEW_L1', 2, 'admin'],
    ['IN_REVIEW_L2', 1, 'head'],
    ['IN_REVIEW_L2', 3, 'vp'],
    ['IN_REVIEW_L3', 2, 'admin'],
    ['IN_REVIEW_L3', 1, 'head'],
  ])('R-8 in %s a level-%i review by %s is WRONG_LEVEL', (row, level, actor) => {
    const r = refusalOf(aState(row), message.review(who[actor], { level: level as 1 | 2 | 3 }));
    expect(r).toMatchObject({ code: 'WRONG_LEVEL', field: 'level' });
  });

  it.each([0, 4, null])('R-8 review level %p is INVALID', (level) => {
    expect(refusalOf(aState('IN_REVIEW_L2'), message.review(who.admin, { level: level as never }))).toMatchObject({
      code: 'INVALID',
      field: 'level',
    });
  });

  it('R-8 a decision other than approve or return is INVALID', () => {
    expect(refusalOf(aState('IN_REVIEW_L1'), message.review(who.head, { decision: 'maybe' as never }))).toMatchObject({
      code: 'INVALID',
      field: 'decision',
    });
  });

  it.each<[string, StageRow, Partial<{ by: Actor; compiledBy: string }>, Actor]>([
    ['the head who submitted it', 'IN_REVIEW_L1', { by: who.head }, who.head],
    ['the head who compiled it', 'IN_REVIEW_L1', { compiledBy: 'u-dept-head' }, who.head],
    ['an admin who compiled it', 'IN_REVIEW_L2', { compiledBy: 'u-admin' }, who.admin],
    ['the VP who compiled it', 'IN_REVIEW_L3', { compiledBy: 'u-vp' }, who.vp],
  ])('R-8 R-6.4 four eyes: %s may not review it → OWN_SUBMISSION', (_what, row, sub, reviewer) => {
    const s = aState(row);
    s.submissions[0] = { ...s.submissions[0]!, ...sub };
    const level = reviewLevelOf(s.stage)!;
    expect(refusalOf(s, message.review(reviewer, { level })).code).toBe('OWN_SUBMISSION');
  });

  it('R-8 four eyes: the SG may finalize a version the VP compiled; another lead head may review the head’s own submission', () => {
    const l3 = aState('IN_REVIEW_L3');
    l3.submissions[0] = { ...l3.submissions[0]!, compiledBy: 'u-vp' };
    expect(accept(l3, message.review(who.sg, { level: 3 })).state.stage).toBe('ARCHIVING');
    const l1 = aState('IN_REVIEW_L1');
    l1.submissions[0] = { ...l1.submissions[0]!, by: who.head };
    expect(accept(l1, message.review({ ...who.head, userId: 'u-dept-head-2' }, { level: 1 })).state.stage).toBe('IN_REVIEW_L2');
  });

  it.each([
    ['no comment', []],
    ['a blank comment', [{ text: '   ' }]],
    ['a comment without text', [{ module: 'lessons' }]],
  ])('R-8 a return with %s is INVALID in field comments', (_what, comments) => {
    expect(
      refusalOf(aState('IN_REVIEW_L2'), message.review(who.admin, { level: 2, decision: 'return', comments: comments as never })),
    ).toMatchObject({
      code: 'INVALID',
      field: 'comments',
    });
  });

  it('R-8 an approval needs no comment; comments per module and finding are kept with the review', () => {
    const comments = [{ module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: '请写明具体数据' }];
    const s = accept(aState('IN_REVIEW_L1'), message.review(who.head, { comments, requestId: 'r-77' })).state;
    expect(s.reviews.at(-1)).toEqual({
      level: 1,
      decision: 'approve',
      comments,
      reviewer: who.head,
      versionId: 'v1',
      at: NOW,
      requestId: 'r-77',
    });
  });

  it('R-8 a review names the version it read: another version is STALE_VERSION, the one under review is accepted', () => {
    const s = aState('IN_REVIEW_L1');
    expect(refusalOf(s, message.review(who.head, { versionId: 'v0' }))).toMatchObject({ code: 'STALE_VERSION', field: 'versionId' });
    expect(accept(s, message.review(who.head, { versionId: 'v1' })).state.reviews.at(-1)?.versionId).toBe('v1');
  });
});

describe('R-10.1 revisions re-enter review at the level that returned them', () => {
  it.each([1, 2, 3] as const)('R-10.1 returned at L%i: REVISING with a 3-working-day deadline, resubmitted back at that level', (level) => {
    const reviewer = [who.head, who.admin, who.sg][level - 1]!;
    const t = accept(aState(`IN_REVIEW_L${level}` as StageRow), message.review(reviewer, { level, decision: 'return' }));
    expect(t.state).toMatchObject({ stage: 'REVISING', revisionCount: 1, returnedAtLevel: level });
    const revision = deadline(t.state, 'revision')!;
    const expected = compute({
      key: 'revision',
      occurrence: 1,
      anchor: { kind: 'workingDays', from: NOW, days: 3 },
      remindWorkingDaysBefore: 1,
    });
    expect(revision).toMatchObject({ status: 'pending', dueAt: expected.dueAt, remindAt: expected.remindAt });
    const later = '2026-10-13T02:00:00.000Z';
    const back = accept(t.state, message.submitDraft(who.staff, { versionId: 'v2' }), context(), later).state;
    expect(back.stage).toBe(`IN_REVIEW_L${level}`);
    expect(back.submissions.at(-1)).toMatchObject({ versionId: 'v2', kind: 'revision' });
    expect(deadline(back, 'revision')).toMatchObject({ status: 'met', metAt: later });
  });

  it('R-10.1 a late revision resolves its escalation', () => {
    const s = aState('REVISING');
    s.deadlines[3] = escalated(s.deadlines[3]!);
    expect(accept(s, message.submitDraft(who.staff)).resolved).toEqual([
      { deadlineKey: 'revision', occurrence: 1, resolvedAt: NOW, how: 'met' },
    ]);
  });
});

describe('R-10.2 the special meeting of a major activity', () => {
  /** Returned `returns` times at L1 and back in review at L1. */
  const returnedTimes = (returns: number, isMajor: boolean) =>
    aState('IN_REVIEW_L1', { revisionCount: returns, returnedAtLevel: returns ? 1 : null, isMajor });

  it.each([
    ['more than 500 participants planned', { online: 300, offline: 201 }, null, false, 'AWAITING_SPECIAL_MEETING'],
    ['more than 500 participants actual', { online: 100, offline: 100 }, { online: 500, offline: 1 }, false, 'AWAITING_SPECIAL_MEETING'],
    ['a policy release', { online: 10, offline: 10 }, null, true, 'AWAITING_SPECIAL_MEETING'],
    ['500 participants, no policy release (not major)', { online: 250, offline: 250 }, { online: 250, offline: 250 }, false, 'REVISING'],
  ])('R-10.2 an activity with %s, returned a 3rd time → %s', (_what, planned, actual, releasesPolicy, next) => {
    const plannedMajor = isMajorActivity({ plannedParticipants: planned, releasesPolicy });
    const ctx = context({ plannedMajor });
    let s = returnedTimes(2, plannedMajor);
    if (actual) s = accept(s, message.submitBaseData(who.staff, { participants: actual }), ctx).state;
    const t = accept(s, message.review(who.head, { decision: 'return' }), ctx);
    expect(t.state).toMatchObject({ stage: next, revisionCount: 3, returnedAtLevel: 1 });
  });

  it.each([0, 1])('R-10.2 a major activity returned for the %i+1st time is revised without a meeting', (returns) => {
    const t = accept(returnedTimes(returns, true), message.review(who.head, { decision: 'return' }), context({ plannedMajor: true }));
    expect(t.state.stage).toBe('REVISING');
  });

  it('R-10.2 the 3rd return opens the meeting reminder (5 wd), not a revision deadline; a 4th return goes back to the meeting', () => {
    const ctx = context({ plannedMajor: true });
    const t = accept(returnedTimes(2, true), message.review(who.head, { decision: 'return' }), ctx);
    const expected = compute({
      key: 'specialMeeting',
      occurrence: 1,
      anchor: { kind: 'workingDays', from: NOW, days: 5 },
      remindWorkingDaysBefore: 1,
    });
    expect(t.state.deadlines.filter((d) => d.key === 'revision')).toEqual([]);
    expect(deadline(t.state, 'specialMeeting')).toMatchObject({ status: 'pending', dueAt: expected.dueAt });
    let s = accept(t.state, message.recordSpecialMeeting(who.vp)).state;
    s = accept(s, message.submitDraft(who.staff)).state;
    s = accept(s, message.review(who.head, { decision: 'return' }), ctx).state;
    expect(s).toMatchObject({ stage: 'AWAITING_SPECIAL_MEETING', revisionCount: 4 });
    expect(deadline(s, 'specialMeeting', 2)?.status).toBe('pending');
  });

  it('R-10.2 a non-major activity returned three times (and more) is revised each time', () => {
    let s = returnedTimes(0, false);
    for (let i = 1; i <= 4; i++) {
      s = accept(s, message.review(who.head, { decision: 'return' })).state;
      expect(s).toMatchObject({ stage: 'REVISING', revisionCount: i });
      s = accept(s, message.submitDraft(who.staff)).state;
    }
  });

  it.each<[string, unknown, Outcome]>([
    ['the day the activity ended', '2026-09-30', 'accepted'],
    ['a day in between', '2026-10-05', 'accepted'],
    ['today', '2026-10-12', 'accepted'],
    ['the day before the activity ended', '2026-09-29', 'INVALID'],
    ['tomorrow', '2026-10-13', 'INVALID'],
    ['a far-future date', '2999-01-01', 'INVALID'],
    ['an impossible date', '2026-02-30', 'INVALID'],
    ['a 13th month', '2026-13-01', 'INVALID'],
    ['a date without zero padding', '2026-10-1', 'INVALID'],
    ['an instant instead of a date', '2026-10-01T10:00:00+08:00', 'INVALID'],
    ['an empty string', '', 'INVALID'],
    ['a number', 20261001, 'INVALID'],
    ['null', null, 'INVALID'],
    ['nothing', undefined, 'INVALID'],
  ])('R-10.2 a meeting held on %s (%j) → %s', (_what, date, outcome) => {
    const s = aState('AWAITING_SPECIAL_MEETING');
    const plan = planMessage(s, message.recordSpecialMeeting(who.vp, { date: date as string }), context({ plannedMajor: true }), NOW);
    expect(plan.ok ? 'accepted' : plan.refusal.code).toBe(outcome);
    if (!plan.ok) expect(plan.refusal.field).toBe('date');
  });

  it('R-10.2 a decision other than revise or finalize is INVALID; the secretary-general does not record the meeting', () => {
    const s = aState('AWAITING_SPECIAL_MEETING');
    expect(refusalOf(s, message.recordSpecialMeeting(who.vp, { decision: 'postpone' as never }))).toMatchObject({
      code: 'INVALID',
      field: 'decision',
    });
    expect(refusalOf(s, message.recordSpecialMeeting(who.sg)).code).toBe('WRONG_ROLE');
  });

  it('R-10.2 R-10.1 revise: a new 3-wd revision counts from the meeting day, and the revision re-enters at the returning level', () => {
    const s = aState('AWAITING_SPECIAL_MEETING', { returnedAtLevel: 2 });
    const t = accept(s, message.recordSpecialMeeting(who.vp, { date: '2026-10-09', attendees: ['分管副会长'], minutes: '纪要' }));
    expect(t.state.stage).toBe('REVISING');
    expect(t.state.specialMeetings).toEqual([
      { decision: 'revise', date: '2026-10-09', attendees: ['分管副会长'], minutes: '纪要', recordedBy: who.vp, at: NOW },
    ]);
    expect(deadline(t.state, 'specialMeeting')).toMatchObject({ status: 'met', metAt: NOW });
    const expected = compute({
      key: 'revision',
      occurrence: 3,
      anchor: { kind: 'workingDays', from: '2026-10-09T12:00:00+08:00', days: 3 },
      remindWorkingDaysBefore: 1,
    });
    expect(deadline(t.state, 'revision', 3)).toMatchObject({ status: 'pending', dueAt: expected.dueAt });
    expect(accept(t.state, message.submitDraft(who.staff)).state.stage).toBe('IN_REVIEW_L2');
  });

  it('R-10.2 R-7.3 finalize: the final version is formed (final met) and the 2-working-day archive deadline opens', () => {
    const t = accept(aState('AWAITING_SPECIAL_MEETING'), message.recordSpecialMeeting(who.vp, { decision: 'finalize' }));
    expect(t.state.stage).toBe('ARCHIVING');
    expect(deadline(t.state, 'final')).toMatchObject({ status: 'met', metAt: NOW });
    expect(deadline(t.state, 'specialMeeting')?.status).toBe('met');
    const expected = compute({
      key: 'archive',
      occurrence: 1,
      anchor: { kind: 'workingDays', from: NOW, days: 2 },
      remindWorkingDaysBefore: 1,
    });
    expect(deadline(t.state, 'archive')).toMatchObject({ status: 'pending', dueAt: expected.dueAt });
  });

  it('R-10.2 a meeting recorded after its reminder fired resolves that escalation', () => {
    const s = aState('AWAITING_SPECIAL_MEETING');
    s.deadlines[5] = escalated(s.deadlines[5]!);
    expect(accept(s, message.recordSpecialMeeting(who.vp)).resolved).toEqual([
      { deadlineKey: 'specialMeeting', occurrence: 1, resolvedAt: NOW, how: 'met' },
    ]);
  });
});

describe('R-7.3 the final version', () => {
  it('R-7.3 the L3 approval forms the final version (final met) and opens the archive deadline', () => {
    const s = aState('IN_REVIEW_L3');
    s.deadlines[2] = escalated(s.deadlines[2]!);
    const t = accept(s, message.review(who.sg, { level: 3 }));
    expect(deadline(t.state, 'final')).toMatchObject({ status: 'met', metAt: NOW });
    expect(t.resolved).toEqual([{ deadlineKey: 'final', occurrence: 1, resolvedAt: NOW, how: 'met' }]);
    expect(deadline(t.state, 'archive')?.status).toBe('pending');
  });
});

describe('R-12.3 archiving: paper and electronic', () => {
  it('R-12.3 one copy leaves the summary in ARCHIVING; the second opens feedback (1 month) and retention (3 years)', () => {
    let t = accept(aState('ARCHIVING'), message.confirmArchive(who.archivist, { medium: 'electronic' }));
    expect(t.state.stage).toBe('ARCHIVING');
    expect(deadline(t.state, 'archive')?.status).toBe('pending');
    const later = '2026-10-13T02:00:00.000Z';
    t = accept(t.state, message.confirmArchive(who.archivist, { medium: 'paper' }), context(), later);
    expect(t.state.stage).toBe('FEEDBACK');
    expect(t.state.archive.map((a) => a.medium)).toEqual(['electronic', 'paper']);
    expect(deadline(t.state, 'archive')).toMatchObject({ status: 'met', metAt: later });
    expect(deadline(t.state, 'feedback')?.dueAt).toBe(
      compute({ key: 'feedback', occurrence: 1, anchor: { kind: 'months', from: later, months: 1 }, remindWorkingDaysBefore: 1 }).dueAt,
    );
    expect(deadline(t.state, 'retention')?.dueAt).toBe(
      compute({ key: 'retention', occurrence: 1, anchor: { kind: 'years', from: later, years: 3 }, remindWorkingDaysBefore: 1 }).dueAt,
    );
  });

  it('R-12.3 R-13.1 a permanent summary opens no retention deadline', () => {
    let s = aState('ARCHIVING', { permanent: true });
    s = accept(s, message.confirmArchive(who.archivist, { medium: 'paper' })).state;
    s = accept(s, message.confirmArchive(who.archivist, { medium: 'electronic' })).state;
    expect(s.deadlines.map((d) => d.key)).not.toContain('retention');
  });

  it('R-12.3 the same copy twice is ALREADY_DONE; another medium is INVALID', () => {
    const s = accept(aState('ARCHIVING'), message.confirmArchive(who.archivist, { medium: 'paper' })).state;
    expect(refusalOf(s, message.confirmArchive(who.archivist, { medium: 'paper' }))).toMatchObject({
      code: 'ALREADY_DONE',
      field: 'medium',
    });
    expect(refusalOf(s, message.confirmArchive(who.archivist, { medium: 'cloud' as never }))).toMatchObject({
      code: 'INVALID',
      field: 'medium',
    });
  });
});

describe('R-16.1 feedback', () => {
  it('R-16.1 the feedback record meets the feedback deadline and the summary is retained', () => {
    const t = accept(aState('FEEDBACK'), message.submitFeedback(who.head, { recordId: 'fb-1' }));
    expect(t.state.stage).toBe('RETAINED');
    expect(t.state.feedback).toEqual({ summary: '协办部门反馈：数据核对无误', recordId: 'fb-1', by: who.head, at: NOW });
    expect(deadline(t.state, 'feedback')).toMatchObject({ status: 'met', metAt: NOW });
    expect(isFinished(t.state)).toBe(false);
  });

  it.each(['', '   ', 42, undefined])('R-16.1 a feedback summary %p is INVALID', (summary) => {
    expect(refusalOf(aState('FEEDBACK'), message.submitFeedback(who.staff, { summary: summary as string }))).toMatchObject({
      code: 'INVALID',
      field: 'summary',
    });
  });

  it('R-16.1 R-13.1 a permanent summary’s lifecycle is retained and not finished: admin may still undo the mark', () => {
    const s = accept(aState('FEEDBACK', { permanent: true }), message.submitFeedback(who.staff)).state;
    expect(s.stage).toBe('RETAINED');
    expect(isFinished(s)).toBe(false);
    expect(isFinishedBeforeRetentionChanges(s)).toBe(true); // how runs recorded before the undo existed ended
  });
});

describe('R-13.1 the disposal review at the end of retention', () => {
  const s = aState('RETAINED_ENDED');
  const now = afterRetention(s);
  const retention = deadline(s, 'retention')!;

  it('R-13.1 destroy: the summary is DISPOSED, the retention met and its escalation resolved', () => {
    const t = accept(s, message.decideDisposal(who.archivist, { reason: '期满销毁' }), context(), now);
    expect(t.state.stage).toBe('DISPOSED');
    expect(t.state.disposals).toEqual([{ decision: 'destroy', extendYears: null, reason: '期满销毁', by: who.archivist, at: now }]);
    expect(deadline(t.state, 'retention')).toMatchObject({ status: 'met', metAt: now });
    expect(t.resolved).toEqual([{ deadlineKey: 'retention', occurrence: 1, resolvedAt: now, how: 'met' }]);
    expect(isFinished(t.state)).toBe(true);
  });

  it('R-13.1 extend: the ended retention is waived (its escalation resolved) and a new one counts from its due time', () => {
    const t = accept(s, message.decideDisposal(who.archivist, { decision: 'extend', extendYears: 2 }), context(), now);
    expect(t.state.stage).toBe('RETAINED');
    expect(deadline(t.state, 'retention', 1)).toMatchObject({ status: 'waived', metAt: now });
    expect(t.resolved).toEqual([{ deadlineKey: 'retention', occurrence: 1, resolvedAt: now, how: 'waived' }]);
    const expected = compute({
      key: 'retention',
      occurrence: 2,
      anchor: { kind: 'years', from: retention.dueAt, years: 2 },
      remindWorkingDaysBefore: 1,
    });
    expect(deadline(t.state, 'retention', 2)).toMatchObject({ status: 'pending', dueAt: expected.dueAt });
    expect(planMessage(t.state, message.decideDisposal(who.archivist), context(), now)).toMatchObject({
      ok: false,
      refusal: { code: 'WRONG_STAGE' },
    });
  });

  it.each([0, 31, 1.5, '3', undefined])('R-13.1 an extension by %p years is INVALID', (extendYears) => {
    const r = refusalOf(
      s,
      message.decideDisposal(who.archivist, { decision: 'extend', extendYears: extendYears as number }),
      context(),
      now,
    );
    expect(r).toMatchObject({ code: 'INVALID', field: 'extendYears' });
  });

  it('R-13.1 a decision other than destroy or extend is INVALID; before the retention ends it is WRONG_STAGE', () => {
    expect(refusalOf(s, message.decideDisposal(who.archivist, { decision: 'keep' as never }), context(), now)).toMatchObject({
      code: 'INVALID',
      field: 'decision',
    });
    expect(refusalOf(aState('RETAINED'), message.decideDisposal(who.archivist)).code).toBe('WRONG_STAGE');
  });
});

describe('SPEC §3 messages that are no messages', () => {
  it.each<[string, unknown]>([
    ['no body', null],
    ['no request id', { actor: who.staff }],
    ['an empty request id', { requestId: '', actor: who.staff }],
    ['no actor', { requestId: 'r-1' }],
    ['an actor with an unknown role', { requestId: 'r-1', actor: { userId: 'u-x', role: 'intern', department: 'publicity' } }],
  ])('SPEC §3 %s is INVALID', (_what, body) => {
    const plan = planMessage(aState('DRAFTING'), { name: 'submitBaseData', body } as never, context(), NOW);
    expect(plan).toMatchObject({ ok: false, refusal: { code: 'INVALID', stage: 'DRAFTING' } });
  });

  it('SPEC §3 an unknown message name is INVALID', () => {
    expect(
      planMessage(aState('DRAFTING'), { name: 'approveEverything', body: { requestId: 'r', actor: who.vp } } as never, context(), NOW),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: 'name' },
    });
  });
});

/* ---- timers and the end of the lifecycle ---- */

describe('SPEC §3 timers: one reminder, one escalation, resolved when met or closed', () => {
  it('SPEC §3 a reminder is due 1 working day before, the escalation at the due time, each fired once', () => {
    const s = aState('DRAFTING');
    const draft = deadline(s, 'draft')!;
    const remindAt = Date.parse(draft.remindAt!);
    const dueAt = Date.parse(draft.dueAt);
    expect(nextWake(s)?.at).toBe(
      Math.min(...s.deadlines.filter((d) => d.status === 'pending').flatMap((d) => [Date.parse(d.dueAt), Date.parse(d.remindAt!)])),
    );
    expect(dueNow(s, remindAt - 1)).toBeNull();
    expect(dueNow(s, remindAt)).toEqual({ deadlineKey: 'draft', occurrence: 1, kind: 'reminder' });
    let next = markFired(s, { deadlineKey: 'draft', occurrence: 1, kind: 'reminder' }, draft.remindAt!);
    expect(dueNow(next, dueAt - 1)).toBeNull();
    expect(dueNow(next, dueAt)).toEqual({ deadlineKey: 'draft', occurrence: 1, kind: 'overdue' });
    next = markFired(next, { deadlineKey: 'draft', occurrence: 1, kind: 'overdue' }, draft.dueAt);
    expect(deadline(next, 'draft')).toMatchObject({ status: 'overdue', escalatedAt: draft.dueAt, reminderSentAt: draft.remindAt });
    expect(markFired(next, { deadlineKey: 'draft', occurrence: 1, kind: 'overdue' }, draft.dueAt)).toBe(next);
    expect(next.escalations.map((e) => [e.deadlineKey, e.kind])).toEqual([
      ['draft', 'reminder'],
      ['draft', 'overdue'],
    ]);
    expect(dueNow(next, dueAt + 1)).toBeNull();
  });

  it('issue #16: stateAfterNotices is the recipients of everything fired together, committed once (what the workflow commits)', () => {
    const s = aState('DRAFTING');
    const draft = deadline(s, 'draft')!;
    // Found late (a registration after the end): the reminder and the escalation fire at one instant.
    const fired = [
      { deadlineKey: 'draft' as const, occurrence: 1, kind: 'reminder' as const, firedAt: draft.dueAt, recipients: ['staff@publicity'] },
      { deadlineKey: 'draft' as const, occurrence: 1, kind: 'overdue' as const, firedAt: draft.dueAt, recipients: ['dept_head@publicity'] },
    ];
    const marked = fired.reduce((acc, f) => markFired(acc, f, f.firedAt), s);
    const after = stateAfterNotices(marked, fired);
    expect(after).toEqual(committed(recordAllRecipients(marked, fired)));
    expect(after.escalations.map((e) => [e.deadlineKey, e.kind, e.recipients])).toEqual([
      ['draft', 'reminder', ['staff@publicity']],
      ['draft', 'overdue', ['dept_head@publicity']],
    ]);
    // Each recorded recipient list bumps the version, then the commit once more.
    expect(after.version).toBe(marked.version + fired.length + 1);
    expect(stateAfterNotices(marked, [])).toEqual(committed(marked));
  });

  it('SPEC §3 R-13.1 closeOut waives every open deadline of an ended lifecycle and resolves its escalations', () => {
    const s = aState('RETAINED', {
      permanent: true,
      deadlines: [escalated(aDeadline('baseData')), aDeadline('final', { status: 'met', metAt: NOW })],
    });
    const t = closeOut(s, NOW);
    expect(t.state.deadlines.map((d) => d.status)).toEqual(['waived', 'met']);
    expect(t.resolved).toEqual([{ deadlineKey: 'baseData', occurrence: 1, resolvedAt: NOW, how: 'waived' }]);
    expect(closeOut(t.state, NOW)).toEqual({ state: t.state, resolved: [] });
  });
});

/* ---- who is told ---- */

const lead = (role: 'staff' | 'dept_head'): RecipientRule => ({ role, scope: 'lead_department' });
const assoc = (role: RecipientRule['role']): RecipientRule => ({ role, scope: 'association' });

describe('SPEC §3 recipients', () => {
  it.each<[string, Stage, RecipientRule[]]>([
    ['draft', 'DRAFTING', [lead('staff')]],
    ['revision', 'REVISING', [lead('staff')]],
    ['final', 'IN_REVIEW_L1', [lead('dept_head')]],
    ['final', 'IN_REVIEW_L2', [assoc('admin')]],
    ['final', 'IN_REVIEW_L3', [assoc('vp'), assoc('secretary_general')]],
    ['final', 'REVISING', [lead('staff')]],
    ['specialMeeting', 'AWAITING_SPECIAL_MEETING', [assoc('vp')]],
    ['archive', 'ARCHIVING', [assoc('archivist')]],
    ['feedback', 'FEEDBACK', [lead('staff')]],
    ['baseData', 'DRAFTING', [lead('staff')]],
    ['baseData', 'IN_REVIEW_L2', [lead('staff')]],
    ['baseData', 'AWAITING_SPECIAL_MEETING', [lead('staff')]],
  ])('SPEC §3 a %s reminder in %s goes to whoever holds the summary: %j', (key, stage, rules) => {
    expect(recipientRules(key as never, 'reminder', stage)).toEqual(rules);
  });

  it.each<[string, string, RecipientRule[]]>([
    ['R-7.1', 'baseData', [lead('dept_head')]],
    ['R-7.2', 'draft', [lead('dept_head'), assoc('admin')]],
    ['R-10.1', 'revision', [lead('dept_head'), assoc('admin')]],
    ['R-7.3', 'final', [assoc('vp'), assoc('secretary_general')]],
    ['R-10.2', 'specialMeeting', [assoc('vp'), assoc('secretary_general')]],
    ['R-12.3', 'archive', [{ role: 'admin', scope: 'association', headOnly: true }]],
    ['R-16.1', 'feedback', [lead('dept_head')]],
    ['R-13.1', 'retention', [assoc('archivist')]],
  ])('%s an overdue %s escalates to %j, whatever the stage', (_rule, key, rules) => {
    for (const stage of ['DRAFTING', 'IN_REVIEW_L3', 'FEEDBACK'] as const)
      expect(recipientRules(key as never, 'overdue', stage)).toEqual(rules);
  });
});

describe('the builders', () => {
  it.each(STAGE_ROWS)('a state in %s is in that stage and finished only when terminal', (row) => {
    const s = aState(row);
    expect(s.stage).toBe(row === 'RETAINED_ENDED' ? 'RETAINED' : row);
    expect(isFinished(s)).toBe(row === 'DISPOSED' || row === 'CLOSED');
  });
});

describe('R-13.1 admin marks an activity permanent, or undoes it, with a reason', () => {
  const retentionFrom = (from: string, years = 3) =>
    compute({ key: 'retention', occurrence: 1, anchor: { kind: 'years', from, years }, remindWorkingDaysBefore: 1 }).dueAt;

  it('R-13.1 marked permanent before archiving: recorded with its reason; archiving then opens no retention', () => {
    const t = accept(aState('IN_REVIEW_L2'), message.setPermanent(who.admin, { reason: '  周年庆典  ' }));
    expect(t.state).toMatchObject({ stage: 'IN_REVIEW_L2', permanent: true });
    expect(t.state.retentionChanges).toEqual([{ permanent: true, reason: '周年庆典', by: who.admin, at: NOW }]);
    let s = accept(aState('ARCHIVING', { permanent: true }), message.confirmArchive(who.archivist, { medium: 'paper' })).state;
    s = accept(s, message.confirmArchive(who.archivist, { medium: 'electronic' })).state;
    expect(s.deadlines.map((d) => d.key)).not.toContain('retention');
  });

  it('R-13.1 marked permanent while retained: the running retention is waived and nothing is left to wake for', () => {
    const s = aState('RETAINED');
    expect(deadline(s, 'retention')?.status).toBe('pending');
    const t = accept(s, message.setPermanent(who.admin));
    expect(deadline(t.state, 'retention')).toMatchObject({ status: 'waived', metAt: NOW });
    expect(t.resolved).toEqual([]); // it never escalated
    expect(nextWake(t.state)).toBeNull();
  });

  it('R-13.1 marked permanent at the disposal review: the overdue retention is waived, its escalation resolved, no disposal', () => {
    const s = aState('RETAINED_ENDED');
    const now = afterRetention(s);
    const t = accept(s, message.setPermanent(who.admin), context(), now);
    expect(t.resolved).toEqual([{ deadlineKey: 'retention', occurrence: 1, resolvedAt: now, how: 'waived' }]);
    expect(allowedActions(t.state, who.archivist, context())).toEqual([]);
  });

  it('R-13.1 undone after archiving: the retention runs again from the archive date (archive + 3 years)', () => {
    const permanent = aState('RETAINED', { permanent: true, deadlines: aState('RETAINED').deadlines.filter((d) => d.key !== 'retention') });
    const archivedAt = permanent.archive.at(-1)!.at;
    const t = accept(permanent, message.setPermanent(who.admin, { permanent: false, reason: '误标' }));
    expect(t.state.permanent).toBe(false);
    expect(deadline(t.state, 'retention')).toMatchObject({ status: 'pending', dueAt: retentionFrom(archivedAt) });
    expect(t.state.retentionChanges?.at(-1)).toMatchObject({ permanent: false, reason: '误标' });
  });

  it('R-13.1 marked and undone: the retention comes back as it stood (an extension kept), as a new occurrence', () => {
    const s = aState('RETAINED');
    const marked = accept(s, message.setPermanent(who.admin)).state;
    const undone = accept(marked, message.setPermanent(who.admin, { permanent: false, reason: '恢复' })).state;
    const [first, second] = undone.deadlines.filter((d) => d.key === 'retention');
    expect(first).toMatchObject({ occurrence: 1, status: 'waived' });
    expect(second).toMatchObject({ occurrence: 2, status: 'pending', dueAt: first!.dueAt, anchor: first!.anchor });
  });

  it('R-13.1 undone before archiving: nothing opens now; archiving opens the retention', () => {
    const t = accept(aState('DRAFTING', { permanent: true }), message.setPermanent(who.admin, { permanent: false }));
    expect(t.state.deadlines.filter((d) => d.key === 'retention')).toEqual([]);
  });

  it.each([
    ['the same mark again', { permanent: false }, 'ALREADY_DONE', 'permanent'],
    ['no reason', { reason: '   ' }, 'INVALID', 'reason'],
    ['a reason over 500 characters', { reason: '理'.repeat(501) }, 'INVALID', 'reason'],
    ['permanent not a boolean', { permanent: 'yes' as never }, 'INVALID', 'permanent'],
  ])('R-13.1 %s is refused and changes nothing', (_what, o, code, field) => {
    const s = aState('RETAINED');
    const before = JSON.stringify(s);
    expect(refusalOf(s, message.setPermanent(who.admin, o))).toMatchObject({ code, field });
    expect(JSON.stringify(s)).toBe(before);
  });
});
