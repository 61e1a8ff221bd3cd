/**
 * Issue 12, the API side of the web app: the API serves the built app at `/` with a fallback for
 * deep links (leaving /api, /docs and /health alone); 我的待办 is the lifecycle machine's
 * allowedActions per user; 检查 runs the submission's checks and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import type { DeadlineKey, DeadlineState, DeadlineStatus, LifecycleState, Stage } from '../../../libs/domain/lifecycle.js';
import { newLifecycleState } from '../../../libs/domain/lifecycle-machine.js';
import { exampleSummary } from '../../../libs/summary/index.js';
import { registerExampleActivity, recordBaseData } from '../support/fixtures.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { ensureWebBuild } from '../../../scripts/tools/web-app.mjs';

let stack: Stack;
beforeAll(async () => {
  await ensureWebBuild({ log: () => {} });
  stack = await startStack();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, accept = 'text/html') => fetch(`${stack.baseUrl}${path}`, { headers: { accept } });

describe('the web app served by the API', () => {
  it('serves index.html at / and for deep links; /api, /docs, /health and missing assets answer as before', async () => {
    for (const path of ['/', '/activities/6f1c1d5e-8d7b-4b7e-9b8e-0e7f4c3a2b1d', '/board?status=all', '/login?next=%2Fboard']) {
      const res = await get(path);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: expect.stringContaining('text/html'),
      });
      expect(await res.text()).toContain('<div id="root"></div>');
    }
    const api = await get('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'NOT_FOUND', messageZh: expect.any(String) });
    expect((await get('/api/activities')).status).toBe(401);
    expect((await get('/health', 'application/json')).headers.get('content-type')).toContain('application/json');
    expect((await get('/docs-json', 'application/json')).headers.get('content-type')).toContain('application/json');
    expect((await get('/assets/index-no-such-hash.js', '*/*')).status).toBe(404);
    const html = await (await get('/')).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await get(asset, '*/*');
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
  });
});

describe('GET /api/activities/todo', () => {
  it("lists each user's next lifecycle message with the deadline it answers to, for their own department only", async () => {
    const id = await registerExampleActivity(stack, {}, { baseData: false });
    const todo = async (user: string) =>
      ((await stack.as(user)('GET', '/api/activities/todo')).body.items as Array<Record<string, any>>).filter((i) => i.activityId === id);
    // The list reads the projection, which the worker writes once the lifecycle has entered DRAFTING.
    for (let i = 0; i < 100 && !(await todo('staff')).length; i++) await new Promise((r) => setTimeout(r, 200));

    expect(await todo('staff')).toEqual([
      expect.objectContaining({ action: 'submitBaseData', stage: 'DRAFTING', deadline: expect.objectContaining({ key: 'baseData' }) }),
    ]);
    expect(await todo('training_staff')).toEqual([]);
    expect(await todo('dept_head')).toEqual([expect.objectContaining({ action: 'submitBaseData' })]);

    await recordBaseData(stack, id);
    // Base data met: the draft is next (corrections stay possible but are no to-do).
    await eventually(
      () => todo('staff'),
      (items) => items.length === 1 && items[0]!.action === 'submitDraft',
    );
    expect((await todo('staff'))[0]!.deadline).toMatchObject({ key: 'draft', status: expect.stringMatching(/^(pending|overdue)$/) });

    const submitted = await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document: exampleSummary() });
    expect(submitted.status).toBe(201);
    await eventually(
      () => todo('dept_head'),
      (items) => items.some((i) => i.action === 'review'),
    );
    expect(await todo('dept_head')).toEqual([
      expect.objectContaining({ action: 'review', deadline: expect.objectContaining({ key: 'final' }) }),
    ]);
    expect(await todo('staff')).toEqual([]);
    expect(await todo('admin')).toEqual([]);
    expect(await todo('training_head')).toEqual([]);

    // Nearest due first across the list.
    const all = (await stack.as('staff')('GET', '/api/activities/todo')).body.items as Array<{ deadline: { dueAt: string } | null }>;
    const dues = all.map((i) => (i.deadline ? Date.parse(i.deadline.dueAt) : Infinity));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});

/** A deadline as the lifecycle projects it. */
function deadline(key: DeadlineKey, status: DeadlineStatus, dueAt: string): DeadlineState {
  return {
    key,
    occurrence: 1,
    dueAt,
    status,
    metAt: status === 'met' ? dueAt : null,
    provisional: false,
    description: '',
    anchor: { kind: 'years', from: dueAt, years: 10 },
    remindAt: null,
    reminderSentAt: null,
    escalatedAt: null,
  };
}

describe('GET /api/activities/todo at scale', () => {
  // Projected rows of departments of this suite's own, written as the worker's projection writes
  // them (the list reads nothing else), and removed afterwards.
  const department = `todo-scale-${randomUUID().slice(0, 8)}`;
  const ownDepartment = `todo_${randomUUID().slice(0, 6)}`;
  afterAll(async () => {
    await stack?.dataSource.query(`DELETE FROM activities WHERE lead_department = ANY($1)`, [[department, ownDepartment]]);
  });

  async function insert(
    name: string,
    stage: Stage,
    endAt: string,
    permanent: boolean,
    deadlines: DeadlineState[],
    lead = department,
  ): Promise<string> {
    const id = randomUUID();
    const state: LifecycleState = {
      ...newLifecycleState({ activityId: id, isMajor: false, permanent, endAt }),
      stage,
      deadlines,
      version: 1,
    };
    const pending = deadlines.filter((d) => d.status === 'pending').map((d) => d.dueAt);
    await stack.dataSource.query(
      `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                               releases_policy, is_major, permanent, workflow_id, stage, lifecycle, projection_version,
                               next_deadline_at, is_overdue)
       VALUES ($1::uuid, $2, 'seminar', $3, $4::timestamptz - interval '8 hours', $4, '协会多功能厅', 10, 10, false, false, $5,
               'todo-scale-' || $1::text, $6, $7, 1, $8, $9)`,
      [
        id,
        name,
        lead,
        endAt,
        permanent,
        stage,
        JSON.stringify(state),
        pending.sort()[0] ?? null,
        deadlines.some((d) => d.status === 'overdue'),
      ],
    );
    return id;
  }

  it("keeps a new ARCHIVING activity on the archivist's list however many retained summaries pile up before it", async () => {
    // 520 retained summaries that ended long ago: waiting for nothing (retention running, or
    // permanent), older than anything else in the shared database. A read capped at 500 rows in
    // end-date order sees only these.
    const old = Array.from({ length: 520 }, (_, i) => `2001-01-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00.000Z`);
    for (let i = 0; i < old.length; i += 40) {
      await Promise.all(
        old
          .slice(i, i + 40)
          .map((endAt, j) =>
            (i + j) % 2
              ? insert(`保管中 ${i + j}`, 'RETAINED', endAt, true, [deadline('retention', 'waived', '2031-01-01T15:59:59.000Z')])
              : insert(`保管中 ${i + j}`, 'RETAINED', endAt, false, [deadline('retention', 'pending', '2099-01-01T15:59:59.000Z')]),
          ),
      );
    }
    // One whose retention has ended (the disposal review is due), and a new one to archive.
    const expired = await insert('保管期满', 'RETAINED', '2000-06-01T09:00:00.000Z', false, [
      deadline('retention', 'overdue', '2010-06-01T15:59:59.000Z'),
    ]);
    const endedLastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const archiveDue = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const toArchive = await insert('待归档', 'ARCHIVING', endedLastWeek, false, [deadline('archive', 'pending', archiveDue)]);

    const res = await stack.as('archivist')('GET', '/api/activities/todo');
    expect(res.status).toBe(200);
    const mine = (res.body.items as Array<Record<string, any>>).filter((i) => i.leadDepartment === department);
    expect(mine).toEqual([
      expect.objectContaining({ activityId: expired, action: 'decideDisposal', deadline: expect.objectContaining({ key: 'retention' }) }),
      expect.objectContaining({ activityId: toArchive, action: 'confirmArchive', deadline: expect.objectContaining({ key: 'archive' }) }),
    ]);
    expect(res.body.total).toBe(res.body.items.length);
  });

  it("lists every one of a department's 505 drafts waiting for base data, nearest due first (past any 500-row page)", async () => {
    expect((await stack.as('admin')('POST', '/api/departments', { code: ownDepartment, nameZh: '待办压力测试部' })).status).toBe(201);
    const username = `todo_staff_${randomUUID().slice(0, 6)}`;
    expect((await stack.createDemoUser({ username, displayName: '待办测试编制人', role: 'staff', department: ownDepartment })).status).toBe(
      201,
    );
    // The later an activity ended, the sooner its base data is due: a read of the 500 earliest
    // ended leaves out exactly the nearest due.
    const day = 86_400_000;
    const base = Date.parse('2026-01-05T01:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 505; i += 35) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(35, 505 - i) }, (_, j) => {
            const n = i + j;
            const due = new Date(base + (600 - n) * day).toISOString();
            return insert(
              `起草中 ${n}`,
              'DRAFTING',
              new Date(base - (600 - n) * day).toISOString(),
              false,
              [deadline('baseData', 'pending', due)],
              ownDepartment,
            );
          }),
        )),
      );
    }
    const res = await stack.as(username)('GET', '/api/activities/todo');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ activityId: string; action: string; deadline: { dueAt: string } | null }>;
    const baseData = items.filter((i) => i.action === 'submitBaseData');
    expect(new Set(baseData.map((i) => i.activityId))).toEqual(new Set(ids));
    expect(baseData[0]!.activityId).toBe(ids.at(-1));
    const dues = items.map((i) => (i.deadline ? Date.parse(i.deadline.dueAt) : Infinity));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});

describe('POST /api/activities/:id/summaries/check', () => {
  it('answers the R-9.2 finding of a stated rate that disagrees with its numbers, and stores nothing', async () => {
    const id = await registerExampleActivity(stack);
    const doc = exampleSummary();
    doc.effectiveness.quantitative.satisfaction.statedRate = 95;
    const res = await stack.as('staff')('POST', `/api/activities/${id}/summaries/check`, { document: doc });
    expect(res.status).toBe(200);
    expect(res.body.blocking).toBe(1);
    expect(res.body.findings).toContainEqual(
      expect.objectContaining({
        rule: 'R-9.2',
        severity: 'blocking',
        module: 'effectiveness',
        path: 'effectiveness.quantitative.satisfaction.statedRate',
        messageZh: expect.stringContaining('91.3%'),
      }),
    );
    // The same validation as a submission: a wrong shape is a 400 naming the field.
    const bad = await stack.as('staff')('POST', `/api/activities/${id}/summaries/check`, {
      document: {
        ...doc,
        effectiveness: { ...doc.effectiveness, quantitative: { ...doc.effectiveness.quantitative, satisfaction: { responses: 'many' } } },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('document.effectiveness.quantitative.satisfaction.responses');
    // Nothing stored, nothing submitted.
    expect((await stack.as('staff')('GET', `/api/activities/${id}/summaries`)).body.items).toEqual([]);
    expect((await stack.as('staff')('GET', `/api/activities/${id}`)).body.stage).toBe('DRAFTING');
    // Another department may not check this activity's summary.
    expect((await stack.as('training_staff')('POST', `/api/activities/${id}/summaries/check`, { document: doc })).status).toBe(403);
  });
});
