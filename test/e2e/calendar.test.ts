import { calendarProvider } from '../../libs/calendar-store/provider.js';
import { activityBody } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

// Overrides change every suite's deadlines (the database is shared): each test removes its own.
const createdOverrides: string[] = [];
afterEach(async () => {
  while (createdOverrides.length) await stack.as('admin')('DELETE', `/api/calendar/overrides/${createdOverrides.pop()}`);
});

async function addOverride(body: Record<string, unknown>) {
  const res = await stack.as('admin')('POST', '/api/calendar/overrides', body);
  if (res.status === 201) createdOverrides.push(res.body.id);
  return res;
}

const day = (days: Array<{ date: string }>, date: string) => days.find((d) => d.date === date);
const hasChinese = expect.stringMatching(/[\u4e00-\u9fff]/);

describe('GET /api/calendar?year=', () => {
  it('SPEC §7 2026: National Day holiday, then 2026-10-08 working and Saturday 2026-10-10 a make-up working day', async () => {
    const res = await stack.as('staff')('GET', '/api/calendar?year=2026');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, official: true, source: expect.stringMatching(/^chinese-days@/) });
    expect(res.body.days).toHaveLength(365);
    expect(day(res.body.days, '2026-10-01')).toMatchObject({
      weekday: 4,
      working: false,
      kind: 'holiday',
      source: 'official',
      provisional: false,
      nameZh: '国庆节',
    });
    expect(day(res.body.days, '2026-10-07')).toMatchObject({ working: false, kind: 'holiday' });
    expect(day(res.body.days, '2026-10-08')).toEqual({
      date: '2026-10-08',
      weekday: 4,
      working: true,
      kind: 'workday',
      source: 'official',
      provisional: false,
    });
    expect(day(res.body.days, '2026-10-10')).toMatchObject({
      weekday: 6,
      working: true,
      kind: 'makeup_workday',
      source: 'official',
      provisional: false,
    });
    expect(day(res.body.days, '2026-10-11')).toMatchObject({ weekday: 7, working: false, kind: 'weekend' });
  });

  it('SPEC §3 2027 has no published schedule yet: every day is provisional', async () => {
    const res = await stack.as('external')('GET', '/api/calendar?year=2027');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, official: false, source: 'provisional' });
    expect(res.body.days.every((d: { provisional: boolean; source: string }) => d.provisional && d.source === 'provisional')).toBe(true);
    expect(day(res.body.days, '2027-10-01')).toMatchObject({ working: false, kind: 'holiday', provisional: true });
  });

  it('answers 400 in English and Chinese for a year outside the supported range or not a number, 401 without a token', async () => {
    const old = await stack.as('staff')('GET', '/api/calendar?year=1800');
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('1800'),
      messageZh: expect.stringContaining('1800'),
    });
    expect(old.body.details).toEqual([
      { field: 'year', code: 'calendarInput', message: expect.stringContaining('2004-2099'), messageZh: hasChinese },
    ]);

    const text = await stack.as('staff')('GET', '/api/calendar?year=twenty');
    expect(text.status).toBe(400);
    expect(text.body.details).toEqual([expect.objectContaining({ field: 'year', code: 'isInt', messageZh: 'year 必须是整数' })]);

    expect((await stack.as('staff')('GET', '/api/calendar')).status).toBe(400);
    expect((await stack.as(null)('GET', '/api/calendar?year=2026')).status).toBe(401);
  });
});

describe('GET /api/calendar/deadline', () => {
  it('SPEC §7 two working days after 2026-09-30 17:00 fall on 2026-10-09, with the + of the offset encoded or not', async () => {
    const expected = { dueAt: '2026-10-09T15:59:59.000Z', dueDate: '2026-10-09', provisional: false };
    const raw = await stack.as('staff')('GET', '/api/calendar/deadline?after=2026-09-30T17:00:00+08:00&workingDays=2');
    expect(raw).toEqual({ status: 200, body: expected });
    const encoded = await stack.as('external')(
      'GET',
      `/api/calendar/deadline?after=${encodeURIComponent('2026-09-30T17:00:00+08:00')}&workingDays=2`,
    );
    expect(encoded).toEqual({ status: 200, body: expected });
  });

  it('SPEC §3 a deadline counted into 2027 is provisional', async () => {
    const res = await stack.as('staff')('GET', '/api/calendar/deadline?after=2026-12-30T10:00:00Z&workingDays=5');
    expect(res.status).toBe(200);
    expect(res.body.provisional).toBe(true);
  });

  it('answers 400 in English and Chinese for a negative count and an unparsable instant', async () => {
    const negative = await stack.as('staff')('GET', '/api/calendar/deadline?after=2026-09-30T17:00:00Z&workingDays=-1');
    expect(negative.status).toBe(400);
    expect(negative.body.details).toEqual([
      { field: 'workingDays', code: 'min', message: 'workingDays must not be less than 0', messageZh: 'workingDays 不能小于 0' },
    ]);

    const garbage = await stack.as('staff')('GET', '/api/calendar/deadline?after=garbage&workingDays=2');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('"garbage"'),
      messageZh: expect.stringContaining('ISO 8601'),
    });
    expect(garbage.body.details).toEqual([expect.objectContaining({ field: 'after', code: 'calendarInput', messageZh: hasChinese })]);

    const noOffset = await stack.as('staff')('GET', '/api/calendar/deadline?after=2026-09-30T17:00:00&workingDays=2');
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.details[0].field).toBe('after');
  });
});

describe('/api/calendar/overrides', () => {
  it('SPEC §3 an admin adds a closure: listed, shown in the year, moving deadlines at once, audited; then removes it', async () => {
    const res = await addOverride({
      kind: 'closure',
      dateFrom: '2030-03-04',
      dateTo: '2030-03-05',
      nameZh: '协会搬迁闭馆',
      reason: 'office move',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'closure',
      dateFrom: '2030-03-04',
      dateTo: '2030-03-05',
      nameZh: '协会搬迁闭馆',
      reason: 'office move',
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      workflowsSignalled: expect.any(Number),
    });
    const id = res.body.id as string;

    const list = await stack.as('supervisor')('GET', '/api/calendar/overrides');
    expect(list.body.items).toContainEqual(expect.objectContaining({ id, dateFrom: '2030-03-04', dateTo: '2030-03-05' }));
    expect((await stack.as('external')('GET', '/api/calendar/overrides')).status).toBe(403);

    const year = await stack.as('staff')('GET', '/api/calendar?year=2030');
    expect(day(year.body.days, '2030-03-05')).toMatchObject({
      working: false,
      kind: 'closure',
      source: 'association',
      nameZh: '协会搬迁闭馆',
    });
    // Fri 2030-03-01 + 1 working day: Mon 4th and Tue 5th are closed, so Wed 6th.
    const due = await stack.as('staff')('GET', '/api/calendar/deadline?after=2030-03-01T12:00:00Z&workingDays=1');
    expect(due.body.dueDate).toBe('2030-03-06');

    const audit = await stack.dataSource.query(
      `SELECT action, target_type, target_id, actor_role FROM audit_log WHERE action = 'calendar.override.create' AND target_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ action: 'calendar.override.create', target_type: 'calendar_override', target_id: id, actor_role: 'admin' }]);

    const removed = await stack.as('admin')('DELETE', `/api/calendar/overrides/${id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id, deleted: { id, kind: 'closure' }, workflowsSignalled: expect.any(Number) });
    expect((await stack.as('admin')('DELETE', `/api/calendar/overrides/${id}`)).status).toBe(404);
    expect((await stack.as('staff')('GET', '/api/calendar/deadline?after=2030-03-01T12:00:00Z&workingDays=1')).body.dueDate).toBe(
      '2030-03-04',
    );
    const deleteAudit = await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar.override.delete' AND target_id = $1`,
      [id],
    );
    expect(deleteAudit).toEqual([{ n: 1 }]);
  });

  it('SPEC §1 only admin may add or remove an entry (403)', async () => {
    const body = { kind: 'closure', dateFrom: '2030-04-01', nameZh: '闭馆' };
    for (const user of ['staff', 'dept_head', 'vp', 'supervisor']) {
      const res = await stack.as(user)('POST', '/api/calendar/overrides', body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await stack.as('staff')('DELETE', '/api/calendar/overrides/00000000-0000-4000-8000-000000000000')).status).toBe(403);
  });

  it('answers 409 CALENDAR_CONFLICT naming the dates for an overlapping closure and a contradictory extra working day', async () => {
    const first = await addOverride({ kind: 'closure', dateFrom: '2030-05-06', dateTo: '2030-05-08', nameZh: '年中盘点' });
    expect(first.status).toBe(201);

    const overlap = await addOverride({ kind: 'closure', dateFrom: '2030-05-08', dateTo: '2030-05-10', nameZh: '另一次闭馆' });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({
      statusCode: 409,
      code: 'CALENDAR_CONFLICT',
      message: expect.stringContaining('2030-05-08'),
      messageZh: expect.stringContaining('年中盘点'),
    });
    expect(overlap.body.details).toEqual([
      {
        code: 'calendarOverlap',
        message: expect.stringContaining(`2030-05-08 overlaps the closure "年中盘点" (2030-05-06..2030-05-08, id ${first.body.id})`),
        messageZh: expect.stringContaining('2030-05-08 与已有的闭馆日「年中盘点」'),
      },
    ]);

    const contradiction = await addOverride({ kind: 'extra_workday', dateFrom: '2030-05-04', dateTo: '2030-05-07', nameZh: '周末加班' });
    expect(contradiction.status).toBe(409);
    expect(contradiction.body.details).toEqual([
      expect.objectContaining({
        code: 'calendarContradiction',
        message: expect.stringContaining('2030-05-06..2030-05-07 is already the closure'),
      }),
    ]);
    const list = await stack.as('admin')('GET', '/api/calendar/overrides');
    expect(list.body.items.filter((o: { dateFrom: string }) => o.dateFrom.startsWith('2030-05'))).toHaveLength(1);
  });

  it('answers 400 for impossible dates, a range ending before it starts, a year outside the calendar and unknown fields', async () => {
    const impossible = await addOverride({ kind: 'closure', dateFrom: '2030-02-30', nameZh: '闭馆' });
    expect(impossible.status).toBe(400);
    expect(impossible.body.details).toEqual([
      {
        field: 'dateFrom',
        code: 'isCalendarDate',
        message: 'dateFrom must be a calendar date YYYY-MM-DD',
        messageZh: 'dateFrom 必须是 YYYY-MM-DD 格式的有效日期',
      },
    ]);

    const backwards = await addOverride({ kind: 'closure', dateFrom: '2030-06-10', dateTo: '2030-06-09', nameZh: '闭馆' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'dateTo', code: 'calendarInput', messageZh: hasChinese })]);

    const farFuture = await addOverride({ kind: 'closure', dateFrom: '2100-01-04', nameZh: '闭馆' });
    expect(farFuture.status).toBe(400);
    expect(farFuture.body.details).toEqual([expect.objectContaining({ field: 'dateFrom', message: expect.stringContaining('2004-2099') })]);

    const bad = await addOverride({ kind: 'holiday', dateFrom: '2030-06-10', nameZh: ' ', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`).sort()).toEqual([
      'extra:whitelistValidation',
      'kind:isIn',
      'nameZh:isNotEmpty',
    ]);
  });

  it('the provider rebuilds only when the overrides change; a call costs one primary-key read', async () => {
    const calendar = calendarProvider(stack.dataSource);
    const before = await calendar();
    expect(await calendar()).toBe(before);

    const calls = 500;
    const started = performance.now();
    for (let i = 0; i < calls; i++) await calendar();
    const perCallMs = (performance.now() - started) / calls;
    console.log(`calendarProvider: ${perCallMs.toFixed(3)} ms per call with unchanged overrides`);
    expect(perCallMs).toBeLessThan(5);

    expect((await addOverride({ kind: 'extra_workday', dateFrom: '2030-06-15', nameZh: '周六加班' })).status).toBe(201);
    const after = await calendar();
    expect(after).not.toBe(before);
    expect(after.explainDay('2030-06-15')).toMatchObject({ working: true, kind: 'extra_workday' });
  });
});

describe('calendar change feed', () => {
  it("SPEC §3 a closure on a pending deadline's due day moves it later in the running workflow, and back when removed", async () => {
    // Ended a minute ago: the lifecycle is past AWAITING_END and its deadlines are still pending.
    const endAt = new Date(Date.now() - 60_000);
    const created = await stack.as('staff')(
      'POST',
      '/api/activities',
      activityBody({
        startAt: new Date(endAt.getTime() - 3_600_000).toISOString(),
        endAt: endAt.toISOString(),
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const draftOf = (r: { body: any }) => r.body?.lifecycle?.deadlines?.find((d: { key: string }) => d.key === 'draft');
    const get = () => stack.as('staff')('GET', `/api/activities/${id}`);

    const initial = draftOf(await eventually(get, (r) => draftOf(r)?.status === 'pending'));
    // 23:59:59 Shanghai is 15:59:59Z, so the UTC date is the Shanghai due date.
    const dueDate = (initial.dueAt as string).slice(0, 10);

    const closure = await addOverride({ kind: 'closure', dateFrom: dueDate, nameZh: '临时闭馆', reason: 'change feed test' });
    expect(closure.status).toBe(201);
    expect(closure.body.workflowsSignalled).toBeGreaterThanOrEqual(1);

    const moved = draftOf(await eventually(get, (r) => draftOf(r)?.dueAt !== initial.dueAt));
    const next = await stack.as('staff')(
      'GET',
      `/api/calendar/deadline?after=${encodeURIComponent(`${dueDate}T12:00:00+08:00`)}&workingDays=1`,
    );
    expect(moved).toMatchObject({ status: 'pending', dueAt: next.body.dueAt });
    expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(initial.dueAt));

    const removed = await stack.as('admin')('DELETE', `/api/calendar/overrides/${createdOverrides.pop()}`);
    expect(removed.status).toBe(200);
    const restored = draftOf(await eventually(get, (r) => draftOf(r)?.dueAt === initial.dueAt));
    expect(restored.status).toBe('pending');
  });

  it('a Temporal outage does not fail the edit: the override is stored and in force, and the answer says nobody was told', async () => {
    const offline = await startStack({ TEMPORAL_ADDRESS: '127.0.0.1:1' }, { worker: false });
    try {
      const res = await offline.as('admin')('POST', '/api/calendar/overrides', {
        kind: 'closure',
        dateFrom: '2030-07-01',
        nameZh: '停电闭馆',
      });
      expect(res.status).toBe(201);
      createdOverrides.push(res.body.id);
      expect(res.body.workflowsSignalled).toBeNull();
      const due = await offline.as('staff')('GET', '/api/calendar/deadline?after=2030-06-28T12:00:00Z&workingDays=1');
      expect(due.body.dueDate).toBe('2030-07-02');
    } finally {
      await offline.stop();
    }
  });
});
