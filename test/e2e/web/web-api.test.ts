/**
 * Issue 12, the API side of the web app: the API serves the built app at `/` with a fallback for
 * deep links (leaving /api, /docs and /health alone); 我的待办 is the lifecycle machine's
 * allowedActions per user; 检查 runs the submission's checks and stores nothing.
 */
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
