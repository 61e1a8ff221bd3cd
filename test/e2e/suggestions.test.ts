/**
 * R-5.5, R-14.2, R-16.2 suggestions as tracked items, end to end: a summary approved at the third
 * level has its improvement suggestions taken as rows by the worker (once, however often the
 * projection or the sweeper tries); the list shows each department what it is responsible for or
 * cooperates on; the responsible department moves them through their statuses with a recorded,
 * audited history, and every refusal changes nothing; a destruction (R-13.1) removes them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArchiveSteward } from '../../activities/archive.activities.js';
import { finalDocx } from '../../libs/archive/final-docx.js';
import { FolderArchiveStore } from '../../libs/archive/store.js';
import { loadSigningKey } from '../../libs/signature/signature.js';
import { implementationRate, implementationRatesByDepartment, suggestionsInPeriod } from '../../libs/suggestions/queries.js';
import { parsePeriod, periodOf } from '../../libs/suggestions/status.js';
import { takeSuggestions } from '../../libs/suggestions/take.js';
import { exampleSummary } from '../../libs/summary/index.js';
import * as fixtures from './support/fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let archiveDir: string;
beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'suggestions-e2e-'));
  stack = await startStack({ ARCHIVE_DIR: archiveDir });
});
afterAll(async () => {
  await stack?.stop();
  await rm(archiveDir, { recursive: true, force: true });
});

const post = (user: string, id: string, p: string, body: unknown) => stack.as(user)('POST', `/api/activities/${id}/${p}`, body);
const setStatus = (user: string, id: string, body: unknown) => stack.as(user)('POST', `/api/suggestions/${id}/status`, body);
const get = (user: string, id: string) => stack.as(user)('GET', `/api/suggestions/${id}`);
const list = (user: string, query: string) => stack.as(user)('GET', `/api/suggestions?${query}`);

function steward() {
  return createArchiveSteward({
    dataSource: stack.dataSource,
    store: new FolderArchiveStore(archiveDir),
    renderFinalDocx: finalDocx(stack.dataSource, stack.config),
    attachmentsDir: stack.config.attachments.dir,
    signingKey: loadSigningKey(stack.config.signing.privateKeyPem),
  });
}

/** Draft, three approvals: the final version is formed (stage ARCHIVING). */
async function toArchiving(id: string): Promise<void> {
  expect((await post('staff', id, 'summaries', { document: exampleSummary() })).status).toBe(201);
  for (const [user, level] of [
    ['dept_head', 1],
    ['admin', 2],
    ['vp', 3],
  ] as const) {
    expect((await post(user, id, 'reviews', { level, decision: 'approve', comments: [] })).status).toBe(200);
  }
}

interface Row {
  id: string;
  position: number;
  responsible_department: string;
  cooperating_departments: string[];
  due_date: string;
  measure: string;
  resource_needs: string;
  status: string;
  finalized_at: Date;
  version_id: string;
}
const rowsOf = async (activityId: string) =>
  (await stack.dataSource.query(
    `SELECT id, position, responsible_department, cooperating_departments, to_char(due_date, 'YYYY-MM-DD') AS due_date, measure,
            resource_needs, status, finalized_at, version_id
       FROM suggestions WHERE activity_id = $1 ORDER BY position`,
    [activityId],
  )) as Row[];
const updatesOf = async (suggestionId: string) =>
  Number(
    (
      (await stack.dataSource.query(`SELECT count(*) AS n FROM suggestion_updates WHERE suggestion_id = $1`, [suggestionId])) as [
        { n: string },
      ]
    )[0].n,
  );

/** The example activity, driven to its final version, and its three suggestions (by position). */
let activityId: string;
let ids: [string, string, string];

describe('taking the suggestions of a final version (R-5.5)', () => {
  it('the final version’s suggestions become rows, once, with the time the lifecycle entered ARCHIVING', async () => {
    activityId = await fixtures.registerExampleActivity(stack);
    await toArchiving(activityId);
    const rows = await eventually(
      () => rowsOf(activityId),
      (r) => r.length === 3,
    );
    const expected = exampleSummary().improvements.suggestions;
    expect(
      rows.map((r) => [r.position, r.responsible_department, r.cooperating_departments, r.due_date, r.measure, r.resource_needs]),
    ).toEqual(
      expected.map((s, i) => [
        i,
        s.responsibleDepartment,
        s.coordinatingDepartment ? [s.coordinatingDepartment] : [],
        s.deadline,
        s.measure,
        s.resourceNeeds,
      ]),
    );
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    const activity = (await stack.as('admin')('GET', `/api/activities/${activityId}`)).body;
    const entered = activity.lifecycle.stageHistory.find((h: { stage: string }) => h.stage === 'ARCHIVING').at;
    expect(rows.map((r) => r.finalized_at.toISOString())).toEqual([entered, entered, entered]);
    const [final] = (await stack.dataSource.query(
      `SELECT id FROM summary_versions WHERE activity_id = $1 AND submitted ORDER BY version_no DESC LIMIT 1`,
      [activityId],
    )) as [{ id: string }];
    expect(new Set(rows.map((r) => r.version_id))).toEqual(new Set([final.id]));
    ids = rows.map((r) => r.id) as [string, string, string];

    // Again from the projection's step, the sweeper and directly: nothing new, nothing changed.
    await steward().reconcile({ activityId, stage: 'ARCHIVING', disposals: [] });
    await steward().sweep(500);
    expect(await takeSuggestions(stack.dataSource, activityId)).toBe(0);
    expect(await rowsOf(activityId)).toEqual(rows);
  });

  it('the sweeper takes what a failed try left, under the same positions', async () => {
    await stack.dataSource.query(`DELETE FROM suggestions WHERE activity_id = $1`, [activityId]);
    const s = steward();
    // Other suites' activities may be due too: sweep until this one is back (the stack's worker sweeps as well).
    const rows = await eventually(
      async () => (await s.sweep(500), await rowsOf(activityId)),
      (r) => r.length === 3,
    );
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2]);
    ids = rows.map((r) => r.id) as [string, string, string];
  });
});

describe('GET /api/suggestions (R-14.2)', () => {
  it('shows each department what it is responsible for or cooperates on, association-wide roles everything', async () => {
    const visible = async (user: string) => {
      const res = await list(user, `activityId=${activityId}`);
      expect([user, res.status]).toEqual([user, 200]);
      return (res.body.items as Array<{ position: number }>).map((i) => i.position).sort();
    };
    for (const user of ['admin', 'vp', 'sg', 'management', 'supervisor', 'archivist'])
      expect([user, await visible(user)]).toEqual([user, [0, 1, 2]]);
    expect(await visible('staff')).toEqual([0, 2]);
    expect(await visible('dept_head')).toEqual([0, 2]);
    expect(await visible('training_staff')).toEqual([1]);
    expect(await visible('training_head')).toEqual([1]);
    // Asking for another department does not widen the view.
    expect((await list('staff', `activityId=${activityId}&department=training`)).body.items).toEqual([]);
    expect((await list('external', `activityId=${activityId}`)).status).toBe(403);

    expect((await get('training_staff', ids[0])).status).toBe(403);
    expect((await get('external', ids[0])).status).toBe(403);
    expect((await get('admin', randomUUID())).status).toBe(404);
    expect((await get('admin', 'not-an-id')).status).toBe(404);
  });

  it('rows carry the activity, the department names in Chinese and the status in Chinese; filters narrow them', async () => {
    const all = (await list('admin', `activityId=${activityId}`)).body;
    expect(all).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    const first = all.items.find((i: { position: number }) => i.position === 0);
    expect(first).toMatchObject({
      id: ids[0],
      activityId,
      activityName: '2026青年导演论坛',
      leadDepartment: 'publicity',
      responsibleDepartment: 'publicity',
      responsibleDepartmentZh: '宣传部',
      cooperatingDepartments: ['member_services'],
      dueDate: '2027-03-31',
      status: 'pending',
      statusZh: '待落实',
      statusReason: null,
      updatedBy: null,
    });
    const third = all.items.find((i: { position: number }) => i.position === 2);
    expect(third).toMatchObject({ cooperatingDepartments: ['admin'], cooperatingDepartmentsZh: ['行政部'] });
    const quarter = periodOf(new Date(first.finalizedAt), 'quarter');
    expect(first.quarter).toBe(quarter);

    const positions = async (query: string) =>
      ((await list('admin', `activityId=${activityId}&${query}`)).body.items as Array<{ position: number }>).map((i) => i.position).sort();
    expect(await positions('department=training')).toEqual([1]);
    expect(await positions('department=publicity')).toEqual([0, 2]);
    expect(await positions(`quarter=${quarter}`)).toEqual([0, 1, 2]);
    const [year, q] = quarter.split('-Q').map(Number) as [number, number];
    expect(await positions(`quarter=${q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`}`)).toEqual([]);
    expect(await positions('status=pending')).toEqual([0, 1, 2]);
    expect(await positions('status=implemented')).toEqual([]);
    expect(await positions('pageSize=2&page=2')).toHaveLength(1);

    for (const bad of ['quarter=2026-Q5', 'quarter=2026Q1', 'status=done', 'department=宣传部', 'pageSize=0', 'activityId=x']) {
      const res = await list('admin', bad);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });
});

describe('POST /api/suggestions/:id/status (R-5.5)', () => {
  const unchanged = async (id: string, status: string, updates: number) => {
    const [row] = (await stack.dataSource.query(`SELECT status, updated_by FROM suggestions WHERE id = $1`, [id])) as Array<{
      status: string;
    }>;
    expect([row!.status, await updatesOf(id)]).toEqual([status, updates]);
  };

  it('refuses another department (403), a rejection without reason (400), a transition not allowed (409): nothing changes', async () => {
    for (const user of ['training_staff', 'training_head']) {
      const res = await setStatus(user, ids[0], { status: 'in_progress', note: '越权' });
      expect([user, res.status, res.body.code, res.body.details[0].code]).toEqual([user, 403, 'FORBIDDEN', 'notResponsibleDepartment']);
    }
    for (const user of ['admin', 'management', 'supervisor', 'vp', 'external']) {
      expect([user, (await setStatus(user, ids[0], { status: 'in_progress' })).status]).toEqual([user, 403]);
    }
    // Staff of publicity cooperates on nothing of suggestion 1 and is not responsible for it.
    expect((await setStatus('staff', ids[1], { status: 'implemented' })).status).toBe(403);

    const noReason = await setStatus('staff', ids[0], { status: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: '不采纳须填写理由' });
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'reasonRequired' })]);
    expect((await setStatus('staff', ids[0], { status: 'rejected', reason: '  ' })).status).toBe(400);
    expect((await setStatus('staff', ids[0], { status: 'in_progress', reason: '不该有' })).status).toBe(400);

    const same = await setStatus('staff', ids[0], { status: 'pending' });
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ code: 'SUGGESTION_STATUS_REFUSED', messageZh: expect.stringContaining('当前为“待落实”') });
    expect(same.body.message).toContain('is pending');

    for (const bad of [{}, { status: 'done' }, { status: 'implemented', note: 5 }, { status: 'implemented', extra: 1 }]) {
      expect([bad, (await setStatus('staff', ids[0], bad)).status]).toEqual([bad, 400]);
    }
    expect((await setStatus('staff', randomUUID(), { status: 'implemented' })).status).toBe(404);
    await unchanged(ids[0], 'pending', 0);
    await unchanged(ids[1], 'pending', 0);
  });

  it('the responsible department moves a suggestion to implemented; each change is in the history and the audit log', async () => {
    const started = await setStatus('staff', ids[0], { status: 'in_progress', note: '已与合作媒体签订投放协议' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ id: ids[0], status: 'in_progress', statusZh: '落实中', updatedBy: expect.any(String) });
    expect((await setStatus('staff', ids[0], { status: 'in_progress' })).status).toBe(400); // a progress note needs its note
    expect((await setStatus('dept_head', ids[0], { status: 'in_progress', note: '投放量已完成60%' })).status).toBe(200);
    const done = await setStatus('dept_head', ids[0], { status: 'implemented' });
    expect(done.status).toBe(200);
    expect(done.body.updates).toEqual([
      expect.objectContaining({
        actorName: '宣传部编制人',
        actorRole: 'staff',
        fromStatus: 'pending',
        toStatus: 'in_progress',
        toStatusZh: '落实中',
        note: '已与合作媒体签订投放协议',
        reason: null,
      }),
      expect.objectContaining({
        actorName: '宣传部负责人',
        actorRole: 'dept_head',
        fromStatus: 'in_progress',
        toStatus: 'in_progress',
        note: '投放量已完成60%',
      }),
      expect.objectContaining({
        actorRole: 'dept_head',
        fromStatus: 'in_progress',
        toStatus: 'implemented',
        toStatusZh: '已落实',
        note: null,
      }),
    ]);

    // Implemented is final: 409 naming the current status, nothing changed.
    const again = await setStatus('staff', ids[0], { status: 'pending' });
    expect(again.status).toBe(409);
    expect(again.body.messageZh).toContain('已落实');
    await unchanged(ids[0], 'implemented', 3);

    // Read by a cooperating-free reader of the department, and by the supervisor: the same history.
    const read = await get('supervisor', ids[0]);
    expect(read.status).toBe(200);
    expect(read.body.updates.map((u: { toStatus: string }) => u.toStatus)).toEqual(['in_progress', 'in_progress', 'implemented']);

    const audit = (await stack.dataSource.query(
      `SELECT actor_role, details -> 'body' AS body FROM audit_log WHERE action = 'suggestion.status' AND target_id = $1 ORDER BY at`,
      [ids[0]],
    )) as Array<{ actor_role: string; body: unknown }>;
    expect(audit).toEqual([
      { actor_role: 'staff', body: { status: 'in_progress', note: '已与合作媒体签订投放协议' } },
      { actor_role: 'dept_head', body: { status: 'in_progress', note: '投放量已完成60%' } },
      { actor_role: 'dept_head', body: { status: 'implemented' } },
    ]);
  });

  it('a rejection keeps its reason; reopening clears it from the suggestion and keeps it in the history', async () => {
    const rejected = await setStatus('staff', ids[2], { status: 'rejected', reason: '经费预算不足,本年度不予安排' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', statusZh: '不采纳', statusReason: '经费预算不足,本年度不予安排' });
    expect((await setStatus('staff', ids[2], { status: 'implemented' })).status).toBe(409);
    const reopened = await setStatus('dept_head', ids[2], { status: 'pending', note: '理事会要求重新研究' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'pending', statusReason: null });
    expect(reopened.body.updates.map((u: { toStatus: string; reason: string | null }) => [u.toStatus, u.reason])).toEqual([
      ['rejected', '经费预算不足,本年度不予安排'],
      ['pending', null],
    ]);
    const audit = (await stack.dataSource.query(
      `SELECT details -> 'body' ->> 'reason' AS reason FROM audit_log WHERE action = 'suggestion.status' AND target_id = $1 ORDER BY at`,
      [ids[2]],
    )) as Array<{ reason: string | null }>;
    expect(audit.map((a) => a.reason)).toEqual(['经费预算不足,本年度不予安排', null]);

    expect((await setStatus('training_head', ids[1], { status: 'implemented', note: '已增设计时员' })).status).toBe(200);
    const implemented = await list('admin', `activityId=${activityId}&status=implemented`);
    expect(implemented.body.items.map((i: { position: number }) => i.position).sort()).toEqual([0, 1]);
  });
});

describe('report queries: suggestions of a period and the implementation rate (R-14.2, R-16.2)', () => {
  // Departments of this run only: other suites' suggestions never count here.
  const RUN = randomUUID().replace(/-/g, '').slice(0, 8);
  const X = `sx_${RUN}`;
  const Y = `sy_${RUN}`;
  let fixture: string;

  beforeAll(async () => {
    fixture = await fixtures.registerExampleActivity(stack, {}, { baseData: false });
    const insert = (position: number, department: string, status: string, finalizedAt: string) =>
      stack.dataSource.query(
        `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, due_date, status, status_reason,
                                  finalized_at)
         VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, $3, $4, '2031-12-31', $5, $6, $7)`,
        [fixture, position, `措施${position}`, department, status, status === 'rejected' ? '不采纳' : null, finalizedAt],
      );
    await insert(0, X, 'implemented', '2030-07-01T00:00:00+08:00'); // the first instant of Q3
    await insert(1, X, 'implemented', '2030-08-15T10:00:00+08:00');
    await insert(2, X, 'rejected', '2030-09-01T10:00:00+08:00');
    await insert(3, X, 'pending', '2030-09-30T23:59:59+08:00'); // the last second of Q3
    await insert(4, X, 'implemented', '2030-10-01T00:00:00+08:00'); // Q4
    await insert(5, X, 'in_progress', '2030-06-30T23:59:59+08:00'); // Q2
    await insert(6, Y, 'pending', '2030-08-01T00:00:00+08:00');
  });

  it('lists the suggestions finalized in a quarter or half-year, by responsible department', async () => {
    const q3 = parsePeriod('2030-Q3')!;
    expect((await suggestionsInPeriod(stack.dataSource, { ...q3, department: X })).map((s) => s.position)).toEqual([0, 1, 2, 3]);
    const h2 = parsePeriod('2030-H2')!;
    const both = (await suggestionsInPeriod(stack.dataSource, h2)).filter((s) => s.activityId === fixture);
    expect(both.map((s) => [s.responsibleDepartment, s.position])).toEqual([
      [X, 0],
      [X, 1],
      [X, 2],
      [X, 3],
      [X, 4],
      [Y, 6],
    ]);
    expect(both[2]).toMatchObject({
      status: 'rejected',
      statusZh: '不采纳',
      statusReason: '不采纳',
      quarter: '2030-Q3',
      responsibleDepartmentZh: X,
    });
  });

  it('the implementation rate is implemented ÷ all, null without suggestions', async () => {
    expect(await implementationRate(stack.dataSource, { ...parsePeriod('2030-Q3')!, department: X })).toEqual({
      implemented: 2,
      total: 4,
      rate: 0.5,
    });
    expect(await implementationRate(stack.dataSource, { ...parsePeriod('2030-H2')!, department: X })).toEqual({
      implemented: 3,
      total: 5,
      rate: 0.6,
    });
    expect(await implementationRate(stack.dataSource, { ...parsePeriod('2030-Q2')!, department: X })).toEqual({
      implemented: 0,
      total: 1,
      rate: 0,
    });
    expect(await implementationRate(stack.dataSource, { ...parsePeriod('2030-Q1')!, department: X })).toEqual({
      implemented: 0,
      total: 0,
      rate: null,
    });
    const byDepartment = await implementationRatesByDepartment(stack.dataSource, parsePeriod('2030-H2')!);
    expect([byDepartment.get(X), byDepartment.get(Y)]).toEqual([
      { implemented: 3, total: 5, rate: 0.6 },
      { implemented: 0, total: 1, rate: 0 },
    ]);
  });
});

describe('destroy at the end of retention (R-13.1)', () => {
  it('removes the activity’s suggestions and their history, and a late projection does not bring them back', async () => {
    expect(await updatesOf(ids[0])).toBe(3);
    const s = steward();
    const disposed = {
      activityId,
      stage: 'DISPOSED' as const,
      disposals: [
        {
          decision: 'destroy' as const,
          extendYears: null,
          reason: '保管期满',
          by: { userId: 'u-archivist', role: 'archivist' as const, department: null },
          at: new Date().toISOString(),
        },
      ],
    };
    expect(await s.reconcile(disposed)).toBe('destroyed');
    expect(await rowsOf(activityId)).toEqual([]);
    expect(await updatesOf(ids[0])).toBe(0);
    expect((await get('admin', ids[0])).status).toBe(404);
    expect((await list('admin', `activityId=${activityId}`)).body).toMatchObject({ items: [], total: 0 });

    // A projection of an earlier state arriving late, and the sweeper: the tombstone keeps them out.
    await s.reconcile({ ...disposed, stage: 'FEEDBACK' });
    expect(await takeSuggestions(stack.dataSource, activityId)).toBe(0);
    await s.sweep(500);
    expect(await rowsOf(activityId)).toEqual([]);
  });
});
