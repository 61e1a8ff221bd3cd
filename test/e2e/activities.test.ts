import { randomUUID } from 'node:crypto';
import { ActivityEntity } from '../../libs/db/entities/activity.entity.js';
import { activityBody, uniqueDepartment } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

// Staff of publicity (the builders' default lead department); admin for other departments.
const post = (body: unknown, headers?: Record<string, string>) => stack.as('staff')('POST', '/api/activities', body, headers);
const postAsAdmin = (body: unknown) => stack.as('admin')('POST', '/api/activities', body);
const get = (id: string) => stack.as('staff')('GET', `/api/activities/${id}`);

describe('POST /api/activities then GET', () => {
  it('stores the activity, starts activity-<id> and returns the record with its lifecycle', async () => {
    const body = activityBody({ plannedParticipants: { online: 300, offline: 250 } });
    const created = await post(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), workflowId: `activity-${created.body.id}` });

    const view = await eventually(
      () => get(created.body.id),
      (r) => r.body?.lifecycle?.deadlines?.length === 3,
    );
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id: created.body.id,
      name: body.name,
      type: 'seminar',
      leadDepartment: 'publicity',
      coOrganizers: ['training'],
      plannedParticipants: { online: 300, offline: 250 },
      isMajor: true, // 550 planned participants > 500
      permanent: false,
      endAt: '2026-09-30T09:30:00.000Z',
      workflowId: `activity-${created.body.id}`,
    });
    expect(view.body.lifecycle).toMatchObject({ activityId: created.body.id, stage: 'DRAFTING', isMajor: true });
  });

  it('R-7.1 R-7.2 R-7.3 an activity registered after its deadlines passed shows them overdue at once', async () => {
    const created = await post(activityBody());
    const view = await eventually(
      () => get(created.body.id),
      (r) =>
        r.body?.lifecycle?.deadlines?.length === 3 && r.body.lifecycle.deadlines.every((d: { status: string }) => d.status === 'overdue'),
    );
    const byKey = Object.fromEntries(view.body.lifecycle.deadlines.map((d: { key: string }) => [d.key, d]));
    // SPEC §7: ending 2026-09-30, the 2nd working day is Oct 9 (National Day holiday Oct 1–7).
    expect(byKey.baseData).toMatchObject({ dueAt: '2026-10-09T15:59:59.000Z', status: 'overdue', provisional: false });
    expect(Object.keys(byKey).sort()).toEqual(['baseData', 'draft', 'final']);
    expect(view.body.lifecycle.escalations.map((e: { deadlineKey: string }) => e.deadlineKey).sort()).toEqual([
      'baseData',
      'draft',
      'final',
    ]);
  });

  it('sets the search attributes ops filter by in the Temporal UI', async () => {
    const dept = uniqueDepartment();
    const created = await postAsAdmin(activityBody({ leadDepartment: dept, type: 'competition', releasesPolicy: true }));
    const handle = stack.client.workflow.getHandle(created.body.workflowId);
    const described = await eventually(
      () => handle.describe(),
      (d) => d.typedSearchAttributes.getAll().some((p) => p.key.name === 'NextDeadline') || d.searchAttributes.Stage?.[0] === 'DRAFTING',
    );
    const attrs = Object.fromEntries(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    expect(attrs).toMatchObject({ ActivityType: 'competition', LeadDepartment: dept, IsMajor: true });
    expect(['AWAITING_END', 'DRAFTING']).toContain(attrs.Stage);

    const listed = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of stack.client.workflow.list({ query: `LeadDepartment = "${dept}" AND ActivityType = "competition"` }))
          ids.push(wf.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(listed).toEqual([created.body.workflowId]);
  });
});

describe('bad input', () => {
  it('answers 400 with a field-level message in English and Chinese, and stores nothing', async () => {
    const name = `bad-${randomUUID()}`;
    const res = await post(
      activityBody({
        name,
        type: 'party',
        plannedParticipants: { online: -1, offline: 2 },
        endAt: '2026-09-29T09:00:00+08:00',
        startAt: 'yesterday',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      messageZh: expect.any(String),
    });
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'plannedParticipants.online', 'startAt']));
    const typeDetail = res.body.details.find((d: { field: string }) => d.field === 'type');
    expect(typeDetail.message).toMatch(/type must be one of the following values/);
    expect(typeDetail.messageZh).toMatch(/^type 必须是以下值之一/);
    expect(await stack.dataSource.getRepository(ActivityEntity).countBy({ name })).toBe(0);
  });

  it('refuses an end before the start, unknown fields and a missing body', async () => {
    const early = await post(activityBody({ startAt: '2026-09-30T09:00:00+08:00', endAt: '2026-09-29T09:00:00+08:00' }));
    expect(early.status).toBe(400);
    expect(early.body.details).toEqual([
      expect.objectContaining({ field: 'endAt', code: 'endNotBeforeStart', messageZh: expect.stringContaining('不能早于开始时间') }),
    ]);

    const extra = await post(activityBody({ secret: 1 }));
    expect(extra.status).toBe(400);
    expect(extra.body.details[0]).toMatchObject({ field: 'secret', code: 'whitelistValidation' });

    const malformed = await post('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String) });
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post(activityBody({ location: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', messageZh: '请求内容过大' });
  });

  it('answers 404 for an unknown id and for an id that is not a UUID', async () => {
    const unknown = await get(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', messageZh: expect.stringContaining('未找到活动') });
    expect((await get('not-a-uuid')).status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('returns the existing activity (200, same ids) for a repeated key and never starts a second workflow', async () => {
    const key = randomUUID();
    const body = activityBody();
    const first = await post(body, { 'Idempotency-Key': key });
    const again = await post({ ...body }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Each answer has its audit row: the first written with the activity itself, the repeat on its own.
    const rows = (await stack.dataSource.query(
      `SELECT details->>'status' AS status FROM audit_log WHERE action = 'activity.register' AND target_id = $1 ORDER BY id`,
      [first.body.id],
    )) as Array<{ status: string }>;
    expect(rows.map((r) => r.status)).toEqual(['201', '200']);
  });

  it('gives concurrent requests with the same key one activity', async () => {
    const key = randomUUID();
    const body = activityBody();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(body, { 'Idempotency-Key': key })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await stack.dataSource.getRepository(ActivityEntity).countBy({ idempotencyKey: key })).toBe(1);
  });

  it('refuses the same key with a different body (409)', async () => {
    const key = randomUUID();
    await post(activityBody(), { 'Idempotency-Key': key });
    const other = await post(activityBody(), { 'Idempotency-Key': key });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', messageZh: expect.any(String) });
  });
});

describe('nothing half-written', () => {
  it('leaves no activity row when Temporal is unreachable (503)', async () => {
    const down = await startStack({ TEMPORAL_ADDRESS: '127.0.0.1:1' }, { worker: false });
    try {
      const name = `no-temporal-${randomUUID()}`;
      const res = await down.as('staff')('POST', '/api/activities', activityBody({ name }));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', messageZh: expect.stringContaining('未保存') });
      expect(await stack.dataSource.getRepository(ActivityEntity).countBy({ name })).toBe(0);
    } finally {
      await down.stop();
    }
  });

  it('terminates the started workflow when the row fails to commit', async () => {
    const dept = uniqueDepartment();
    // A deferred constraint trigger fails the transaction at COMMIT, after the workflow started.
    await stack.dataSource.query(`
      CREATE OR REPLACE FUNCTION fail_commit_for_test() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'commit refused by test'; END $$ LANGUAGE plpgsql`);
    await stack.dataSource.query(`
      CREATE CONSTRAINT TRIGGER fail_commit_${dept} AFTER INSERT ON activities
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.lead_department = '${dept}') EXECUTE FUNCTION fail_commit_for_test()`);
    try {
      const res = await postAsAdmin(activityBody({ leadDepartment: dept }));
      expect(res.status).toBe(500);
      expect(await stack.dataSource.getRepository(ActivityEntity).countBy({ leadDepartment: dept })).toBe(0);
      const statuses = await eventually(
        async () => {
          const found: string[] = [];
          for await (const wf of stack.client.workflow.list({ query: `LeadDepartment = "${dept}"` })) found.push(wf.status.name);
          return found;
        },
        (s) => s.length === 1 && s[0] !== 'RUNNING',
      );
      expect(statuses).toEqual(['TERMINATED']);
    } finally {
      await stack.dataSource.query(`DROP TRIGGER fail_commit_${dept} ON activities`);
    }
  });
});
