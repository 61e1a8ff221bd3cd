import { randomUUID } from 'node:crypto';
import { exampleSummary } from '../../libs/summary/index.js';
import * as fixtures from './support/fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const registerExampleActivity = () => fixtures.registerExampleActivity(stack);

const post = (user: string, id: string, path: string, body: unknown, headers?: Record<string, string>) =>
  stack.as(user)('POST', `/api/activities/${id}/${path}`, body, headers);

describe('lifecycle messages over HTTP', () => {
  it('R-7.1 R-7.2 R-8 R-10.1 R-7.3 R-12.3 R-16.1 drives a summary from draft to retention through the API', async () => {
    const id = await fixtures.registerExampleActivity(stack, {}, { baseData: false });

    const base = await post('staff', id, 'base-data', { participants: { online: 180, offline: 260 }, expenseSettled: true });
    expect(base.status).toBe(200);
    expect(base.body.lifecycle.baseData).toMatchObject({ participants: { online: 180, offline: 260 }, by: { role: 'staff' } });

    const draft = await post('staff', id, 'summaries', { document: exampleSummary() });
    expect(draft.status).toBe(201);
    expect(draft.body.version).toMatchObject({ versionNo: 1, submitted: true, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(draft.body.lifecycle.stage).toBe('IN_REVIEW_L1');

    expect((await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] })).body.lifecycle.stage).toBe(
      'IN_REVIEW_L2',
    );
    const returned = await post('admin', id, 'reviews', {
      level: 2,
      decision: 'return',
      comments: [{ module: 'effectiveness', text: '请注明问卷发放与回收份数' }],
    });
    expect(returned.body.lifecycle).toMatchObject({ stage: 'REVISING', revisionCount: 1, returnedAtLevel: 2 });
    expect(returned.body.lifecycle.reviews[1].comments[0]).toEqual({ module: 'effectiveness', text: '请注明问卷发放与回收份数' });

    const revision = await post('staff', id, 'summaries', { document: exampleSummary() });
    expect(revision.body.version.versionNo).toBe(2);
    expect(revision.body.lifecycle.stage).toBe('IN_REVIEW_L2');
    await post('admin', id, 'reviews', { level: 2, decision: 'approve', comments: [] });
    const final = await post('vp', id, 'reviews', { level: 3, decision: 'approve', comments: [] });
    expect(final.body.lifecycle.stage).toBe('ARCHIVING');

    await post('archivist', id, 'archive', {
      medium: 'paper',
      location: '档案室 A-12',
      stamped: true,
      bound: true,
      attachmentsIncluded: true,
    });
    // the electronic copy is confirmed at the location generated for it, once the worker stored it.
    const { body: generated } = await eventually(
      () => stack.as('archivist')('GET', `/api/activities/${id}/archive`),
      (r) => r.body?.stored === true,
    );
    const archived = await post('archivist', id, 'archive', { medium: 'electronic', location: generated.electronicLocation });
    expect(archived.body.lifecycle.stage).toBe('FEEDBACK');
    const feedback = await post('staff', id, 'feedback', { summary: '协办部门确认数据无误', recordId: 'FK-1' });
    expect(feedback.body.lifecycle.stage).toBe('RETAINED');

    const versions = await stack.as('dept_head')('GET', `/api/activities/${id}/summaries`);
    expect(versions.body.items.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
  });

  it('R-9 a summary failing a blocking check answers 422 with the findings, and the version is kept', async () => {
    const id = await registerExampleActivity();
    const doc = exampleSummary();
    doc.effectiveness.quantitative.questionnaire = { issued: 200, returned: 184, statedRate: 95 };
    const res = await post('staff', id, 'summaries', { document: doc });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'CHECKS_FAILED', messageZh: expect.stringContaining('已保存但未提交') });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'R-9.2', messageZh: expect.any(String) })]));
    const versions = await stack.as('staff')('GET', `/api/activities/${id}/summaries`);
    expect(versions.body.items).toEqual([expect.objectContaining({ versionNo: 1, submitted: false })]);
    const state = await stack.as('staff')('GET', `/api/activities/${id}`);
    expect(state.body.lifecycle.stage).toBe('DRAFTING');
  });

  it('SPEC §3 refuses a message from the wrong role (403) or in the wrong stage (409 with the stage), changing nothing', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });

    const staffReview = await post('staff', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(staffReview.status).toBe(403);
    const otherHead = await post('training_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(otherHead.status).toBe(403);
    const supervisor = await post('supervisor', id, 'base-data', { participants: { online: 1, offline: 1 }, expenseSettled: true });
    expect(supervisor.status).toBe(403);

    const wrongLevel = await post('admin', id, 'reviews', { level: 2, decision: 'approve', comments: [] });
    expect(wrongLevel.status).toBe(409);
    expect(wrongLevel.body).toMatchObject({ code: 'MESSAGE_REFUSED', messageZh: expect.any(String) });
    expect(wrongLevel.body.details[0]).toMatchObject({ code: 'WRONG_LEVEL', message: expect.stringContaining('IN_REVIEW_L1') });

    const early = await post('archivist', id, 'archive', { medium: 'paper', location: 'x' });
    expect(early.status).toBe(409);
    expect(early.body.details[0]).toMatchObject({ code: 'WRONG_STAGE' });

    const state = await stack.as('staff')('GET', `/api/activities/${id}`);
    expect(state.body.lifecycle).toMatchObject({ stage: 'IN_REVIEW_L1', reviews: [], archive: [] });
  });

  it('SPEC §3 the same Idempotency-Key twice has no second effect', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });
    const key = randomUUID();
    const body = { level: 1, decision: 'return', comments: [{ text: '请补充' }] };
    const first = await post('dept_head', id, 'reviews', body, { 'Idempotency-Key': key });
    const again = await post('dept_head', id, 'reviews', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.lifecycle.revisionCount).toBe(1);
    expect(again.body.lifecycle.reviews).toHaveLength(1);
  });

  it('answers 404 for an unknown activity and 400 for an invalid message body', async () => {
    const unknown = await post('staff', randomUUID(), 'base-data', { participants: { online: 1, offline: 1 }, expenseSettled: true });
    expect(unknown.status).toBe(404);
    const id = await registerExampleActivity();
    const bad = await post('dept_head', id, 'reviews', { level: 4, decision: 'maybe', comments: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['level', 'decision', 'comments']));
  });
});

describe('GET /api/activities (the projection)', () => {
  it('lists with filters and pagination, scoped to the department for department roles', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });
    const inReview = await eventually(
      () => stack.as('admin')('GET', '/api/activities?stage=IN_REVIEW_L1&department=publicity&type=seminar&year=2026&page=1&pageSize=100'),
      (r) => r.body?.items?.some((a: { id: string }) => a.id === id),
    );
    expect(inReview.status).toBe(200);
    expect(inReview.body).toMatchObject({ total: expect.any(Number), page: 1, pageSize: 100 });
    expect(
      inReview.body.items.every(
        (a: { stage: string; leadDepartment: string }) => a.stage === 'IN_REVIEW_L1' && a.leadDepartment === 'publicity',
      ),
    ).toBe(true);
    const mine = inReview.body.items.find((a: { id: string }) => a.id === id);
    expect(mine.lifecycle).toMatchObject({ stage: 'IN_REVIEW_L1', submissions: [expect.objectContaining({ kind: 'draft' })] });

    const paged = await stack.as('admin')('GET', '/api/activities?pageSize=1&page=2');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThan(1);

    const training = await stack.as('training_staff')('GET', '/api/activities?pageSize=100');
    expect(training.body.items.every((a: { leadDepartment: string }) => a.leadDepartment === 'training')).toBe(true);
    expect((await stack.as('training_staff')('GET', '/api/activities?department=publicity')).status).toBe(403);
    expect((await stack.as('admin')('GET', '/api/activities?stage=NOPE')).status).toBe(400);
  });
});

describe('R-13.1 admin marks an activity permanent, or undoes it, with a reason', () => {
  it('R-13.1 admin marks, is refused the same mark, undoes; reason is in the lifecycle and the audit log; nobody else may', async () => {
    const id = await registerExampleActivity();
    const mark = await post('admin', id, 'retention', { permanent: true, reason: '协会成立二十周年庆典,具有长期史料价值' });
    expect(mark.status).toBe(200);
    expect(mark.body.lifecycle).toMatchObject({
      permanent: true,
      retentionChanges: [{ permanent: true, reason: '协会成立二十周年庆典,具有长期史料价值', by: { role: 'admin' } }],
    });

    const again = await post('admin', id, 'retention', { permanent: true, reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'MESSAGE_REFUSED', details: [{ field: 'permanent', code: 'ALREADY_DONE' }] });
    expect(again.body.messageZh).toContain('该活动已是永久保管');

    for (const [body, field] of [
      [{ permanent: false }, 'reason'],
      [{ permanent: false, reason: '' }, 'reason'],
      [{ permanent: 'no', reason: '撤销' }, 'permanent'],
      [{ permanent: false, reason: '理'.repeat(501) }, 'reason'],
    ] as const) {
      const bad = await post('admin', id, 'retention', body);
      expect({ status: bad.status, field: bad.body.details?.[0]?.field }).toEqual({ status: 400, field });
      expect(bad.body.details[0].messageZh).toMatch(/\S/);
    }
    for (const user of ['staff', 'dept_head', 'archivist', 'vp', 'management']) {
      expect((await post(user, id, 'retention', { permanent: false, reason: '撤销' })).status).toBe(403);
    }

    const undo = await post(
      'admin',
      id,
      'retention',
      { permanent: false, reason: '误标,恢复三年保管期' },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(undo.status).toBe(200);
    expect(undo.body.lifecycle.permanent).toBe(false);
    expect(undo.body.lifecycle.retentionChanges.map((c: { reason: string }) => c.reason)).toEqual([
      '协会成立二十周年庆典,具有长期史料价值',
      '误标,恢复三年保管期',
    ]);

    // The projection (what lists read) follows; refused requests changed nothing and wrote no audit row.
    const row = await eventually(
      () => stack.dataSource.query(`SELECT permanent, lifecycle -> 'retentionChanges' AS changes FROM activities WHERE id = $1`, [id]),
      (rows: Array<{ changes: unknown[] | null }>) => rows[0]?.changes?.length === 2,
    );
    expect(row[0]).toMatchObject({ permanent: false });
    const audit = await stack.dataSource.query(
      `SELECT actor_role, details -> 'body' AS body FROM audit_log WHERE action = 'activity.retention.set' AND target_id = $1 ORDER BY at`,
      [id],
    );
    expect(audit).toEqual([
      { actor_role: 'admin', body: { permanent: true, reason: '协会成立二十周年庆典,具有长期史料价值' } },
      { actor_role: 'admin', body: { permanent: false, reason: '误标,恢复三年保管期' } },
    ]);
  });

  it('R-13.1 the mark is an option admin is offered on the activity, not a to-do', async () => {
    const id = await registerExampleActivity();
    const detail = await stack.as('admin')('GET', `/api/activities/${id}`);
    expect(detail.body.allowedActions).toContain('setPermanent');
    expect((await stack.as('staff')('GET', `/api/activities/${id}`)).body.allowedActions).not.toContain('setPermanent');
    const todo = await stack.as('admin')('GET', '/api/activities/todo');
    expect(todo.body.items.some((i: { action: string }) => i.action === 'setPermanent')).toBe(false);
  });
});
