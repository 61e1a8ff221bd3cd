/**
 * over HTTP on real PostgreSQL: a fixture year (2031) of a department of this run's own
 * with known late drafts, late finals, returns, a falsified flag, training-material metrics, a
 * commendation and suggestions. The activities are written as the projection writes them (a
 * LifecycleState in `lifecycle`, its revision count, the final version in summary_versions): driving
 * eight lifecycles through their deadlines would take far longer and prove the same. The flags go
 * through the API. The scores are compared with a table computed by hand below.
 * The database is shared: only this department's row and candidates are asserted.
 */
import { randomUUID } from 'node:crypto';
import type { DeadlineKey, DeadlineState, LifecycleState, Stage } from '../../libs/domain/lifecycle.js';
import { exampleSummary } from '../../libs/summary/example.js';
import { contentHash } from '../../libs/summary/hash.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const RUN = randomUUID().slice(0, 8);
const DEPT = `score_${RUN}`;
const DEPT_ZH = `评分测试部-${RUN}`;
const YEAR = 2031;

let stack: Stack;
let compilerId: string;
const ids: Record<string, string> = {};

/** How a deadline ended: on time, met late without an escalation, escalated then met, overdue now, waived. */
type Outcome = 'onTime' | 'metLate' | 'escalatedThenMet' | 'overdue' | 'waived';

const DAY = 86_400_000;
function deadline(key: DeadlineKey, endAt: string, days: number, outcome: Outcome): DeadlineState {
  const due = new Date(Date.parse(endAt) + days * DAY);
  const at = (offsetDays: number) => new Date(due.getTime() + offsetDays * DAY).toISOString();
  const escalated = outcome === 'escalatedThenMet' || outcome === 'overdue';
  return {
    key,
    occurrence: 1,
    dueAt: due.toISOString(),
    status: outcome === 'overdue' ? 'overdue' : outcome === 'waived' ? 'waived' : 'met',
    metAt: outcome === 'onTime' ? at(-1) : outcome === 'overdue' ? null : at(2),
    provisional: false,
    description: `${key} due ${due.toISOString().slice(0, 10)} (${days} working days)`,
    anchor: { kind: 'workingDays', from: endAt, days },
    remindAt: at(-1),
    reminderSentAt: at(-1),
    escalatedAt: escalated ? at(0.0001) : null,
  };
}

function lifecycle(
  id: string,
  endAt: string,
  o: { stage: Stage; draft: Outcome; final?: Outcome; revisions?: number; versionId?: string },
) {
  const actor = { userId: compilerId, role: 'staff' as const, department: DEPT };
  const state: LifecycleState = {
    activityId: id,
    stage: o.stage,
    isMajor: false,
    permanent: false,
    endAt,
    revisionCount: o.revisions ?? 0,
    returnedAtLevel: o.revisions ? 1 : null,
    deadlines: [
      deadline('baseData', endAt, 2, 'onTime'),
      deadline('draft', endAt, 7, o.draft),
      ...(o.final ? [deadline('final', endAt, 10, o.final)] : []),
    ],
    escalations: [],
    baseData: null,
    stageHistory: [{ stage: o.stage, at: endAt }],
    submissions: o.versionId
      ? [{ versionId: o.versionId, kind: 'draft', by: actor, compiledBy: compilerId, at: endAt, warningFindings: 0 }]
      : [],
    reviews: [],
    specialMeetings: [],
    archive: [],
    feedback: null,
    disposals: [],
    version: 7,
  };
  return state;
}

/**
 * The fixture: name → end (Asia/Shanghai), lifecycle, final version metrics. `stage` and outcomes
 * are those a real run leaves (a late final is met at L3 approval, then ARCHIVING).
 */
const FIXTURE = {
  // late draft (escalated, then submitted); returned once; satisfaction 95 > 90: training material
  A1: { end: '2031-03-10T17:00:00+08:00', stage: 'ARCHIVING', draft: 'escalatedThenMet', final: 'onTime', revisions: 1, metrics: [95, 0] },
  // late draft (submitted after its due time, no escalation recorded); late final (overdue, still in review)
  A2: { end: '2031-05-20T17:00:00+08:00', stage: 'IN_REVIEW_L2', draft: 'metLate', final: 'overdue', revisions: 0, metrics: null },
  // late final (escalated, then approved); flagged falsified: −10, and its 2,000,000 exposure is no training material
  A3: {
    end: '2031-06-01T17:00:00+08:00',
    stage: 'FEEDBACK',
    draft: 'onTime',
    final: 'escalatedThenMet',
    revisions: 0,
    metrics: [80, 2_000_000],
  },
  // on time; satisfaction 90.0 (not above 90) and 999,999 exposure: no training material; commended: +10
  A4: { end: '2031-07-15T17:00:00+08:00', stage: 'RETAINED', draft: 'onTime', final: 'onTime', revisions: 0, metrics: [90, 999_999] },
  // on time; exposure exactly 1,000,000: training material; commended then withdrawn
  A5: { end: '2031-09-09T17:00:00+08:00', stage: 'RETAINED', draft: 'onTime', final: 'onTime', revisions: 0, metrics: [null, 1_000_000] },
  // ended 00:30 on New Year's Day in Shanghai (16:30 UTC the day before): in 2031; its draft waived (not late)
  A6: { end: '2031-01-01T00:30:00+08:00', stage: 'CLOSED', draft: 'waived', revisions: 0, metrics: null },
  // ended 00:10 on 2032-01-01 in Shanghai (still 2031 in UTC): not in 2031; its late draft must not count
  A7: { end: '2032-01-01T00:10:00+08:00', stage: 'DRAFTING', draft: 'overdue', revisions: 0, metrics: null },
  // returned twice (−3 once); flagged falsified, then withdrawn
  A8: { end: '2031-11-11T17:00:00+08:00', stage: 'ARCHIVING', draft: 'onTime', final: 'onTime', revisions: 2, metrics: [70, 10] },
} as const;

async function insertActivity(name: keyof typeof FIXTURE): Promise<void> {
  const f = FIXTURE[name];
  const id = randomUUID();
  ids[name] = id;
  const end = new Date(f.end);
  const versionId = f.metrics ? randomUUID() : undefined;
  const state = lifecycle(id, end.toISOString(), {
    stage: f.stage,
    draft: f.draft,
    final: 'final' in f ? f.final : undefined,
    revisions: f.revisions,
    versionId,
  });
  await stack.dataSource.query(
    `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                             releases_policy, is_major, permanent, workflow_id, stage, lifecycle, projection_version, revision_count)
     VALUES ($1, $2, 'seminar', $3, $4, $4, '协会多功能厅', 50, 100, false, false, false, $5, $6, $7, $8, $9)`,
    [id, `${DEPT_ZH}-${name}`, DEPT, end, `scores-e2e-${id}`, f.stage, JSON.stringify(state), state.version, f.revisions],
  );
  if (f.metrics && versionId) {
    const document = exampleSummary();
    const [satisfaction, mediaExposure] = f.metrics;
    const metrics = { participation: 100, satisfaction, questionnaireReturn: 92, mediaExposure, mediaReports: 3 };
    await stack.dataSource.query(
      `INSERT INTO summary_versions (id, activity_id, version_no, document, findings, metrics, content_hash, submitted, created_by)
       VALUES ($1, $2, 1, $3, '[]', $4, $5, true, $6)`,
      [versionId, id, JSON.stringify(document), JSON.stringify(metrics), contentHash(document), compilerId],
    );
  }
}

/** Suggestions with DEPT responsible: `status` and when their final version was formed. */
async function insertSuggestions(rows: Array<[status: string, finalizedAt: string]>): Promise<void> {
  for (const [i, [status, finalizedAt]] of rows.entries()) {
    await stack.dataSource.query(
      `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, due_date, status,
                                status_reason, finalized_at)
       VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, '优化报名流程', $3, '2031-12-31', $4,
               CASE WHEN $4 = 'rejected' THEN '预算不足,暂不采纳' END, $5)`,
      [ids.A1, i, DEPT, status, finalizedAt],
    );
  }
}

const flag = (who: string, activity: string, body: { kind: string; value: boolean; reason: string }) =>
  stack.as(who)('POST', `/api/activities/${ids[activity]}/score-flags`, body);

beforeAll(async () => {
  stack = await startStack({}, { worker: false });
  await stack.dataSource.query(`INSERT INTO departments (code, name_zh) VALUES ($1, $2)`, [DEPT, DEPT_ZH]);
  const user = await stack.createDemoUser({ username: `scores-${RUN}`, displayName: `评分编制人-${RUN}`, role: 'staff', department: DEPT });
  compilerId = user.body.id;
  for (const name of Object.keys(FIXTURE) as Array<keyof typeof FIXTURE>) await insertActivity(name);
  await insertSuggestions([
    // 2031 (Asia/Shanghai): 2 of 5 implemented = 40 % < 60 %; the first was formed at 01:00 on New Year's Day (UTC: 2030)
    ['implemented', '2031-01-01T01:00:00+08:00'],
    ['implemented', '2031-04-01T10:00:00+08:00'],
    ['pending', '2031-04-01T10:00:00+08:00'],
    ['in_progress', '2031-06-01T10:00:00+08:00'],
    ['rejected', '2031-12-31T23:00:00+08:00'],
    // 2030 in Shanghai: not counted (counted, 6 of 9 = 66.7 % would spare the −5)
    ['implemented', '2030-12-31T20:00:00+08:00'],
    ['implemented', '2030-06-01T10:00:00+08:00'],
    ['implemented', '2030-06-01T10:00:00+08:00'],
    ['implemented', '2030-06-01T10:00:00+08:00'],
  ]);
});

afterAll(async () => {
  if (stack) {
    await stack.dataSource.query(`DELETE FROM activities WHERE lead_department = $1`, [DEPT]);
    await stack.stop();
  }
});

describe('score flags (R-18.2)', () => {
  it('management and the supervisor set them with a reason; the latest entry is in force; each is audited with its reason', async () => {
    const set = await flag('supervisor', 'A3', { kind: 'falsified', value: true, reason: '满意度问卷回收数与原始问卷不符' });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({
      activityId: ids.A3,
      kind: 'falsified',
      value: true,
      reason: '满意度问卷回收数与原始问卷不符',
      by: { role: 'supervisor', displayName: '监事会' },
    });
    expect((await flag('management', 'A4', { kind: 'commended', value: true, reason: '主管部门通报表扬' })).status).toBe(201);
    expect((await flag('management', 'A5', { kind: 'commended', value: true, reason: '主管部门通报表扬' })).status).toBe(201);
    expect((await flag('management', 'A5', { kind: 'commended', value: false, reason: '表扬对象为协办单位,撤回' })).status).toBe(201);
    expect((await flag('management', 'A8', { kind: 'falsified', value: true, reason: '参与人数存疑' })).status).toBe(201);
    expect((await flag('supervisor', 'A8', { kind: 'falsified', value: false, reason: '复核后确认数据无误' })).status).toBe(201);

    const a5 = await stack.as('supervisor')('GET', `/api/activities/${ids.A5}/score-flags`);
    expect(a5.status).toBe(200);
    expect(a5.body).toMatchObject({ activityId: ids.A5, falsified: false, commended: false });
    expect(a5.body.history.map((h: { value: boolean; reason: string }) => [h.value, h.reason])).toEqual([
      [false, '表扬对象为协办单位,撤回'],
      [true, '主管部门通报表扬'],
    ]);
    expect((await stack.as('admin')('GET', `/api/activities/${ids.A3}/score-flags`)).body).toMatchObject({
      falsified: true,
      commended: false,
    });

    const audited = await eventually(
      () =>
        stack.dataSource.query(
          `SELECT actor_role, details -> 'body' AS body FROM audit_log WHERE action = 'score_flag.set' AND target_id = $1 ORDER BY at`,
          [ids.A5],
        ),
      (rows: unknown[]) => rows.length === 2,
    );
    expect(audited).toEqual([
      { actor_role: 'management', body: { kind: 'commended', value: true, reason: '主管部门通报表扬' } },
      { actor_role: 'management', body: { kind: 'commended', value: false, reason: '表扬对象为协办单位,撤回' } },
    ]);
  });

  it('blank reason or unknown kind: 400 naming the field; unknown activity: 404; other roles: 403; nothing stored', async () => {
    const blank = await flag('management', 'A1', { kind: 'falsified', value: true, reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String) });
    expect(blank.body.details).toEqual([expect.objectContaining({ field: 'reason', messageZh: expect.any(String) })]);
    const kind = await flag('management', 'A1', { kind: 'praised', value: true, reason: '理由' });
    expect(kind.status).toBe(400);
    expect(kind.body.details.map((d: { field: string }) => d.field)).toEqual(['kind']);
    const missing = await stack.as('management')('POST', `/api/activities/${randomUUID()}/score-flags`, {
      kind: 'falsified',
      value: true,
      reason: '理由',
    });
    expect(missing.status).toBe(404);
    for (const who of ['admin', 'dept_head', 'vp']) {
      const res = await flag(who, 'A1', { kind: 'falsified', value: true, reason: '理由' });
      expect([who, res.status, res.body.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect((await stack.as('management')('GET', `/api/activities/${ids.A1}/score-flags`)).body.history).toEqual([]);
  });

  it('the table refuses to change an entry: flags are append-only', async () => {
    await expect(stack.dataSource.query(`UPDATE score_flags SET value = NOT value WHERE activity_id = $1`, [ids.A3])).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('GET /api/reports/department-scores (R-18, R-19)', () => {
  it('the fixture year equals the table computed by hand', async () => {
    const res = await stack.as('management')('GET', `/api/reports/department-scores?year=${YEAR}`);
    expect(res.status).toBe(200);
    const mine = res.body.items.find((i: { department: string }) => i.department === DEPT);

    // Late drafts: A1 (escalated), A2 (met late) — not A6 (waived), not A7 (2032 in Shanghai).
    // Late finals: A2 (overdue), A3 (escalated, then met).
    const timeliness = 30 - 5 * 2 - 10 * 2; // 0
    // Returned at least once: A1 (1×), A8 (2×, counts once). Falsified: A3 (A8's flag was withdrawn).
    const quality = 50 - 3 * 2 - 10 * 1; // 34
    // Suggestions of 2031: 2 of 5 implemented = 40 % < 60 %: −5. Training material: A1 (95 %), A5 (1,000,000);
    // not A3 (falsified), not A4 (90.0 %, 999,999). Commended: A4 (A5's was withdrawn).
    const application = 20 - 5 + 5 * 2 + 10 * 1; // 35
    expect(mine).toMatchObject({
      department: DEPT,
      departmentName: DEPT_ZH,
      activityCount: 7, // A1–A6, A8
      timeliness,
      quality,
      application,
      total: timeliness + quality + application, // 0 + 34 + 35 = 69
      implementationRate: 40,
      suggestions: { implemented: 2, total: 5 },
      dimensions: {
        timeliness: { weight: 30, deducted: 30, bonus: 0, score: 0, arithmetic: '30 − 5×2 − 10×2 = 0' },
        quality: { weight: 50, deducted: 16, bonus: 0, score: 34, arithmetic: '50 − 3×2 − 10 = 34' },
        application: { weight: 20, deducted: 5, bonus: 20, score: 35, arithmetic: '20 − 5 + 5×2 + 10 = 35' },
      },
    });
    const items = (list: Array<{ activityId: string | null; rule: string; points: number }>) =>
      list.map((d) => [d.activityId === null ? null : Object.keys(ids).find((k) => ids[k] === d.activityId), d.rule, d.points]).sort();
    expect(items(mine.deductions)).toEqual(
      [
        ['A1', 'lateDraft', -5],
        ['A1', 'returned', -3],
        ['A2', 'lateDraft', -5],
        ['A2', 'lateFinal', -10],
        ['A3', 'falsified', -10],
        ['A3', 'lateFinal', -10],
        ['A8', 'returned', -3],
        [null, 'lowImplementation', -5],
      ].sort(),
    );
    expect(items(mine.bonuses)).toEqual(
      [
        ['A1', 'trainingMaterial', 5],
        ['A4', 'commended', 10],
        ['A5', 'trainingMaterial', 5],
      ].sort(),
    );
    expect(mine.deductions.find((d: { rule: string }) => d.rule === 'lateFinal')).toMatchObject({
      dimension: 'timeliness',
      activityName: expect.stringContaining(DEPT_ZH),
      reason: 'Final version formed late (R-7.3)',
      reasonZh: '终稿逾期形成(R-7.3)',
    });

    // excellent summaries (training material or commended, never returned, not falsified): A4 and A5, not A1 (returned).
    const candidates = res.body.rewardCandidates.filter((c: { department: string }) => c.department === DEPT);
    // Listed by department, then activity name.
    expect(candidates.map((c: { activityId: string; grounds: string[] }) => [c.activityId, c.grounds])).toEqual([
      [ids.A4, ['commended']],
      [ids.A5, ['trainingMaterial']],
    ]);
    expect(candidates[0]).toMatchObject({ departmentName: DEPT_ZH, compilerId, compilerName: `评分编制人-${RUN}` });

    // 先进单位: the first two of the ranking among departments that led activities.
    const withActivities = res.body.items.filter((i: { activityCount: number }) => i.activityCount > 0);
    expect(res.body.advanced).toEqual(withActivities.slice(0, 2));
    expect(res.body.year).toBe(YEAR);
  });

  it('a department without activities in a year keeps its full weights', async () => {
    const res = await stack.as('supervisor')('GET', `/api/reports/department-scores?year=2099`);
    expect(res.status).toBe(200);
    expect(res.body.items.find((i: { department: string }) => i.department === DEPT)).toMatchObject({
      activityCount: 0,
      timeliness: 30,
      quality: 50,
      application: 20,
      total: 100,
      deductions: [],
      bonuses: [],
      implementationRate: null,
    });
  });

  it.each(['1999', '2101', 'abc', '2031.5', ''])('year=%s is a 400 naming the year', async (year) => {
    const res = await stack.as('management')('GET', `/api/reports/department-scores?year=${year}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String) });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('year');
  });
});
