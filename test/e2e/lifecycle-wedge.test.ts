/**
 * Issue "A lifecycle no input can wedge", over HTTP: bad dates are refused at the edge (400, in
 * the error shape, nothing changed), every lifecycle decision the API takes before a side effect
 * is the lifecycle machine's (base data before the draft, four eyes, the special meeting's day),
 * and `allowedActions` shows each user exactly what the machine would accept now.
 */
import { randomUUID } from 'node:crypto';
import { exampleSummary } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import * as fixtures from './support/fixtures.js';
import { startStack, type HttpResult, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const post = (user: string, id: string, path: string, body: unknown, headers?: Record<string, string>) =>
  stack.as(user)('POST', `/api/activities/${id}/${path}`, body, headers);
const activity = async (id: string, user = 'admin') => (await stack.as(user)('GET', `/api/activities/${id}`)).body;
const versions = async (id: string) => (await stack.as('admin')('GET', `/api/activities/${id}/summaries`)).body.items as unknown[];
const submit = (id: string, user = 'staff', headers?: Record<string, string>) =>
  post(user, id, 'summaries', { document: exampleSummary() }, headers);
const returnAtL1 = (id: string, round: number) =>
  post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [{ text: `第${round}次退回:请补充数据` }] });
const MEETING = { decision: 'finalize', attendees: ['分管副会长', '行政部', '宣传部'], minutes: '会议决定以第3版为定稿' };

/** What a message would change (not the reminders and escalations the clock adds meanwhile). */
const essentials = (s: Record<string, unknown>) => {
  const { stage, revisionCount, baseData, baseDataHistory, submissions, reviews, specialMeetings, archive, feedback, disposals } = s;
  return { stage, revisionCount, baseData, baseDataHistory, submissions, reviews, specialMeetings, archive, feedback, disposals };
};

/** The error shape of every refusal, with the field and code of its first detail. */
function expectError(res: HttpResult, status: number, code: string, detail: { field?: string; code: string }): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String), messageZh: expect.any(String) });
  expect(res.body.details[0]).toMatchObject({ ...detail, message: expect.any(String), messageZh: expect.any(String) });
}

/** Submits and returns the summary at level 1 `times` times. */
async function returnedTimes(id: string, times: number): Promise<void> {
  for (let round = 1; round <= times; round++) {
    expect((await submit(id)).status).toBe(201);
    expect((await returnAtL1(id, round)).status).toBe(200);
  }
}

describe('R-10.2 the special meeting cannot be wedged by a typo', () => {
  // A major summary returned three times waits for the meeting; the VP's typo changes nothing, a real day finalizes it.
  it('R-10.2 the special meeting on 2026-02-30 answers 400 in under 1 s and changes nothing; then the VP finalizes', async () => {
    const id = await fixtures.registerExampleActivity(stack, { plannedParticipants: { online: 250, offline: 300 } });
    expect((await activity(id)).isMajor).toBe(true);
    await returnedTimes(id, 3);
    expect((await activity(id)).lifecycle).toMatchObject({ stage: 'AWAITING_SPECIAL_MEETING', revisionCount: 3 });

    const started = performance.now();
    const typo = await post('vp', id, 'special-meeting', { ...MEETING, date: '2026-02-30' });
    const elapsedMs = performance.now() - started;
    console.log(`R-10.2 special meeting with date 2026-02-30 answered ${typo.status} in ${elapsedMs.toFixed(0)} ms`);
    expectError(typo, 400, 'VALIDATION_FAILED', { field: 'date', code: 'isCalendarDate' });
    expect(elapsedMs).toBeLessThan(1_000);

    // The range is the machine's: not before the activity ended, not after today.
    const beforeEnd = await post('vp', id, 'special-meeting', { ...MEETING, date: '2026-11-19' });
    expectError(beforeEnd, 400, 'VALIDATION_FAILED', { field: 'date', code: 'INVALID' });
    const tomorrow = new Date(Date.parse(`${fixtures.shanghaiToday()}T12:00:00+08:00`) + 86_400_000).toISOString().slice(0, 10);
    expectError(await post('vp', id, 'special-meeting', { ...MEETING, date: tomorrow }), 400, 'VALIDATION_FAILED', {
      field: 'date',
      code: 'INVALID',
    });

    const waiting = await activity(id);
    expect(waiting.lifecycle).toMatchObject({ stage: 'AWAITING_SPECIAL_MEETING', specialMeetings: [] });
    expect(waiting.allowedActions).toEqual(['setPermanent']); // admin: only the mark
    expect((await activity(id, 'vp')).allowedActions).toEqual(['recordSpecialMeeting']);
    const [{ n }] = await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM signatures WHERE activity_id = $1 AND purpose = 'special_meeting'`,
      [id],
    );
    expect(n).toBe(0);

    const held = await post('vp', id, 'special-meeting', { ...MEETING, date: fixtures.shanghaiToday() });
    expect(held.status).toBe(200);
    expect(held.body.lifecycle).toMatchObject({
      stage: 'ARCHIVING',
      specialMeetings: [{ decision: 'finalize', date: fixtures.shanghaiToday() }],
    });
    expect(held.body.signature).toMatchObject({ purpose: 'special_meeting', versionNo: 3 });
  });

  it('R-10.1 R-10.2 a non-major activity returned three times is back in REVISING, not waiting for a meeting', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    expect((await activity(id)).isMajor).toBe(false);
    await returnedTimes(id, 3);
    expect((await activity(id)).lifecycle).toMatchObject({ stage: 'REVISING', revisionCount: 3, returnedAtLevel: 1 });
    expect((await activity(id, 'staff')).allowedActions).toEqual(['submitBaseData', 'submitDraft']);
  });
});

describe('R-7.1 base data before the draft', () => {
  it('R-7.1 a draft before base data answers 409 BASE_DATA_MISSING and stores no version; after base data it is taken', async () => {
    const id = await fixtures.registerExampleActivity(stack, {}, { baseData: false });
    expect((await activity(id, 'staff')).allowedActions).toEqual(['submitBaseData']);

    const early = await submit(id);
    expectError(early, 409, 'MESSAGE_REFUSED', { code: 'BASE_DATA_MISSING' });
    expect(early.body.messageZh).toContain('基础数据');
    expect(await versions(id)).toEqual([]);
    expect((await activity(id)).lifecycle).toMatchObject({ stage: 'DRAFTING', submissions: [] });

    await fixtures.recordBaseData(stack, id);
    const draft = await submit(id);
    expect(draft.status).toBe(201);
    expect(draft.body.version.versionNo).toBe(1);
  });
});

describe('R-7.2 a refused submission leaves no version', () => {
  it('R-7.2 two submissions at once: the lifecycle takes one, refuses the other (409), and only the one taken is stored', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    // Both may pass the pre-check; the workflow takes one and its validator refuses the other,
    // whose version the API then removes.
    const results = await Promise.all([submit(id), submit(id, 'dept_head')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expectError(refused, 409, 'MESSAGE_REFUSED', { code: 'WRONG_STAGE' });
    const taken = results.find((r) => r.status === 201)!.body.version;
    expect(await versions(id)).toEqual([expect.objectContaining({ id: taken.id, submitted: true })]);
    expect((await activity(id)).lifecycle.submissions).toEqual([expect.objectContaining({ versionId: taken.id })]);
  });
});

describe('R-8 four eyes', () => {
  it('R-8 R-6.4 a department head who submitted the summary cannot review it at L1 (403 OWN_SUBMISSION); another head can', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const submitted = await submit(id, 'dept_head');
    expect(submitted.status).toBe(201);
    expect(submitted.body.lifecycle.submissions[0]).toMatchObject({
      by: { role: 'dept_head' },
      compiledBy: submitted.body.version.createdBy,
    });
    expect((await activity(id, 'dept_head')).allowedActions).toEqual(['submitBaseData']);

    const own = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expectError(own, 403, 'FORBIDDEN', { code: 'OWN_SUBMISSION' });
    const ownReturn = await post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [{ text: '自己退回' }] });
    expectError(ownReturn, 403, 'FORBIDDEN', { code: 'OWN_SUBMISSION' });
    expect((await activity(id)).lifecycle).toMatchObject({ stage: 'IN_REVIEW_L1', reviews: [] });
    expect((await stack.as('admin')('GET', `/api/activities/${id}/reviews`)).body.items).toEqual([]);

    const username = `head.${randomUUID().slice(0, 8)}`;
    const created = await stack.createDemoUser({ username, displayName: '宣传部副负责人', role: 'dept_head', department: 'publicity' });
    expect(created.status).toBe(201);
    expect((await activity(id, username)).allowedActions).toEqual(['submitBaseData', 'review']);
    const approved = await post(username, id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(approved.status).toBe(200);
    expect(approved.body.lifecycle.stage).toBe('IN_REVIEW_L2');
    expect(approved.body.review).toMatchObject({
      reviewer: { userId: created.body.id, role: 'dept_head' },
      signature: { purpose: 'review_l1' },
    });
  });
});

describe('allowedActions on GET /api/activities/:id', () => {
  type Stage = 'DRAFTING' | 'IN_REVIEW_L1' | 'IN_REVIEW_L2' | 'IN_REVIEW_L3' | 'ARCHIVING';
  const none: Record<Stage, string[]> = { DRAFTING: [], IN_REVIEW_L1: [], IN_REVIEW_L2: [], IN_REVIEW_L3: [], ARCHIVING: [] };
  /** What each demo user may send, by stage (SPEC §1, §3); base data can be corrected until the final version. */
  const EXPECTED: Record<string, Record<Stage, string[]>> = {
    staff: {
      ...none,
      DRAFTING: ['submitBaseData', 'submitDraft'],
      IN_REVIEW_L1: ['submitBaseData'],
      IN_REVIEW_L2: ['submitBaseData'],
      IN_REVIEW_L3: ['submitBaseData'],
    },
    dept_head: {
      ...none,
      DRAFTING: ['submitBaseData', 'submitDraft'],
      IN_REVIEW_L1: ['submitBaseData', 'review'],
      IN_REVIEW_L2: ['submitBaseData'],
      IN_REVIEW_L3: ['submitBaseData'],
    },
    // admin may mark the activity permanent (or undo it) in any stage until the lifecycle ends.
    admin: {
      DRAFTING: ['setPermanent'],
      IN_REVIEW_L1: ['setPermanent'],
      IN_REVIEW_L2: ['review', 'setPermanent'],
      IN_REVIEW_L3: ['setPermanent'],
      ARCHIVING: ['setPermanent'],
    },
    archivist: { ...none, ARCHIVING: ['confirmArchive'] },
    vp: { ...none, IN_REVIEW_L3: ['review'] },
    sg: { ...none, IN_REVIEW_L3: ['review'] },
    management: none,
    supervisor: none,
  };
  /** Demo users who cannot read another department's activity, so they get no buttons either. */
  const CANNOT_READ = ['training_staff', 'training_head', 'external'];

  async function actionsOfEveryone(id: string, stage: string): Promise<Record<string, string[]>> {
    const seen: Record<string, string[]> = {};
    for (const user of Object.keys(EXPECTED)) {
      const res = await stack.as(user)('GET', `/api/activities/${id}`);
      expect({ user, status: res.status, stage: res.body.lifecycle?.stage }).toEqual({ user, status: 200, stage });
      seen[user] = res.body.allowedActions;
    }
    for (const user of CANNOT_READ)
      expect({ user, status: (await stack.as(user)('GET', `/api/activities/${id}`)).status }).toEqual({ user, status: 403 });
    return seen;
  }

  const expectedIn = (stage: Stage) => Object.fromEntries(Object.entries(EXPECTED).map(([u, s]) => [u, s[stage]]));

  it('SPEC §3 R-8 R-12.3 lists what each of the 11 demo users may send, from DRAFTING through three levels to ARCHIVING', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    expect(await actionsOfEveryone(id, 'DRAFTING')).toEqual(expectedIn('DRAFTING'));

    expect((await submit(id)).status).toBe(201);
    expect(await actionsOfEveryone(id, 'IN_REVIEW_L1')).toEqual(expectedIn('IN_REVIEW_L1'));

    expect((await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] })).status).toBe(200);
    expect(await actionsOfEveryone(id, 'IN_REVIEW_L2')).toEqual(expectedIn('IN_REVIEW_L2'));
    expect((await post('admin', id, 'reviews', { level: 2, decision: 'approve', comments: [] })).status).toBe(200);
    expect(await actionsOfEveryone(id, 'IN_REVIEW_L3')).toEqual(expectedIn('IN_REVIEW_L3'));
    expect((await post('sg', id, 'reviews', { level: 3, decision: 'approve', comments: [] })).status).toBe(200);
    expect(await actionsOfEveryone(id, 'ARCHIVING')).toEqual(expectedIn('ARCHIVING'));
  });

  it('SPEC §3 the OpenAPI document lists allowedActions as an array of message names', async () => {
    const doc = (await stack.as(null)('GET', '/docs-json')).body;
    const response = doc.paths['/api/activities/{id}'].get.responses['200'].content['application/json'].schema;
    const schema = doc.components.schemas[response.$ref.split('/').pop()];
    expect(schema.properties.allowedActions).toMatchObject({
      type: 'array',
      items: {
        type: 'string',
        enum: [
          'submitBaseData',
          'submitDraft',
          'review',
          'recordSpecialMeeting',
          'confirmArchive',
          'submitFeedback',
          'decideDisposal',
          'setPermanent',
        ],
      },
    });
  });
});

describe('bad input is a clear 4xx and changes nothing', () => {
  const register = (overrides: Record<string, unknown>, headers?: Record<string, string>) =>
    stack.as('staff')('POST', '/api/activities', activityBody(overrides), headers);
  const stored = async (name: string) =>
    ((await stack.dataSource.query(`SELECT count(*)::int AS n FROM activities WHERE name = $1`, [name])) as [{ n: number }])[0].n;

  it.each([
    ['an impossible start day', { startAt: '2026-02-30T10:00:00+08:00' }, 'startAt', 'isCalendarInstant'],
    ['an impossible end day', { endAt: '2026-02-30T17:00:00+08:00' }, 'endAt', 'isCalendarInstant'],
    ['an hour that does not exist', { startAt: '2026-09-30T24:30:00+08:00' }, 'startAt', 'isCalendarInstant'],
    ['an instant without offset', { startAt: '2026-09-30T09:00:00' }, 'startAt', 'isCalendarInstant'],
    ['a start before the calendar', { startAt: '1999-12-31T09:00:00+08:00' }, 'startAt', 'inCalendarYears'],
    ['an end after the calendar', { startAt: '2026-09-30T09:00:00+08:00', endAt: '2100-01-01T09:00:00+08:00' }, 'endAt', 'inCalendarYears'],
    [
      "an end in the calendar's last year (no room for its deadlines)",
      { startAt: '2026-09-30T09:00:00+08:00', endAt: '2099-12-28T17:00:00+08:00' },
      'endAt',
      'inCalendarYears',
    ],
    ['an end before the start', { startAt: '2026-09-30T09:00:00+08:00', endAt: '2026-09-29T17:00:00+08:00' }, 'endAt', 'endNotBeforeStart'],
  ])('R-7.1 registration with %s answers 400 naming the field, and stores nothing', async (_what, dates, field, code) => {
    const name = `坏日期-${randomUUID().slice(0, 8)}`;
    const res = await register({ name, ...dates });
    expectError(res, 400, 'VALIDATION_FAILED', { field, code });
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    expect(res.body.details[0].messageZh).toContain(field);
    expect(await stored(name)).toBe(0);
  });

  it("R-7.1 the year range names the calendar's years in both languages", async () => {
    const res = await register({ startAt: '2026-09-30T09:00:00+08:00', endAt: '2100-01-01T09:00:00+08:00' });
    expect(res.body.details[0].message).toMatch(/endAt must fall within the years the working-day calendar covers: \d{4}–2098/);
    expect(res.body.details[0].messageZh).toMatch(/endAt 必须在工作日历覆盖的年份内:\d{4}–2098/);
  });

  it('SPEC §3 a message for the wrong stage answers 409 WRONG_STAGE with the stage, and changes nothing', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const before = essentials((await activity(id)).lifecycle);
    const archive = await post('archivist', id, 'archive', { medium: 'paper', location: '档案室 A-12' });
    expectError(archive, 409, 'MESSAGE_REFUSED', { field: 'stage', code: 'WRONG_STAGE' });
    expect(archive.body.details[0].message).toContain('stage DRAFTING');
    const meeting = await post('vp', id, 'special-meeting', { ...MEETING, date: fixtures.shanghaiToday() });
    expectError(meeting, 409, 'MESSAGE_REFUSED', { code: 'WRONG_STAGE' });
    expect(essentials((await activity(id)).lifecycle)).toEqual(before);
  });

  it("R-8 a return whose only comment is blank answers 400 naming comments (the machine's INVALID), and changes nothing", async () => {
    const id = await fixtures.registerExampleActivity(stack);
    expect((await submit(id)).status).toBe(201);
    const blank = await post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [{ text: '   ' }] });
    expectError(blank, 400, 'VALIDATION_FAILED', { field: 'comments', code: 'INVALID' });
    expect((await activity(id)).lifecycle).toMatchObject({ stage: 'IN_REVIEW_L1', reviews: [], revisionCount: 0 });
  });

  it('SPEC §3 a repeated Idempotency-Key: another registration body → 409, a second summary → 409, nothing new is stored', async () => {
    const key = randomUUID();
    const first = await register({ name: `幂等-${key.slice(0, 8)}` }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const other = await register({ name: `幂等-另一个-${key.slice(0, 8)}` }, { 'Idempotency-Key': key });
    expectError(other, 409, 'IDEMPOTENCY_KEY_REUSED', { field: 'Idempotency-Key', code: 'reused' });
    expect(await stored(`幂等-另一个-${key.slice(0, 8)}`)).toBe(0);

    const id = await fixtures.registerExampleActivity(stack);
    const summaryKey = { 'Idempotency-Key': randomUUID() };
    expect((await submit(id, 'staff', summaryKey)).status).toBe(201);
    const after = essentials((await activity(id)).lifecycle);
    const again = await submit(id, 'staff', summaryKey);
    expectError(again, 409, 'MESSAGE_REFUSED', { code: 'WRONG_STAGE' });
    expect(await versions(id)).toHaveLength(1);
    expect(essentials((await activity(id)).lifecycle)).toEqual(after);
  });
});
