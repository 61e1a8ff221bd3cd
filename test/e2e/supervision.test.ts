/**
 * R-17 supervision over HTTP against the real stack: a lifecycle driven through the API, then its
 * evidence timeline compared with what was sent; samples drawn by seed (reproducible); the sample
 * report with archive completeness and suggestion records; its DOCX read back.
 */
import { randomUUID } from 'node:crypto';
import { drawSample } from '../../libs/supervision/sample.js';
import { exampleSummary } from '../../libs/summary/index.js';
import { docxPart, docxParagraphs } from '../support/docx-xml.js';
import * as fixtures from './support/fixtures.js';
import { bearer, startStack, type Stack } from './support/stack.js';

let stack: Stack;
const userId = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack();
  for (const r of (await stack.dataSource.query(`SELECT id::text, username FROM users`)) as Array<{ id: string; username: string }>) {
    userId.set(r.username, r.id);
  }
});

afterAll(async () => {
  await stack?.stop();
});

const post = (user: string, id: string, path: string, body: unknown) => stack.as(user)('POST', `/api/activities/${id}/${path}`, body);
const ok = async (p: ReturnType<typeof post>) => {
  const res = await p;
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

interface Event {
  at: string;
  kind: string;
  actor: { userId: string; role: string; displayName?: string } | null;
  source: string;
  detail: Record<string, unknown>;
  signature?: { valid: boolean } | null;
}

describe('R-17 evidence timeline', () => {
  it('matches what was sent through the API: every accepted message once, in order, with its sender; refusals left out', async () => {
    const id = await fixtures.registerExampleActivity(stack); // registers and records base data as staff
    await ok(post('staff', id, 'summaries', { document: exampleSummary() }));
    await ok(post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [{ module: 'overview', text: '请补充目标' }] }));
    // Refused (wrong level): no evidence.
    expect((await post('admin', id, 'reviews', { level: 2, decision: 'approve', comments: [] })).status).toBe(409);
    await ok(post('staff', id, 'summaries', { document: exampleSummary() }));
    await ok(post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] }));
    await ok(post('admin', id, 'reviews', { level: 2, decision: 'approve', comments: [] }));
    await ok(post('vp', id, 'reviews', { level: 3, decision: 'approve', comments: [] }));
    await ok(
      post('archivist', id, 'archive', { medium: 'paper', location: '档案室 A-12', stamped: true, bound: true, attachmentsIncluded: true }),
    );

    const res = await stack.as('supervisor')('GET', `/api/activities/${id}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ activityId: id, workflowId: `activity-${id}`, historyAvailable: true, runs: 1 });
    const events = res.body.events as Event[];
    const sent = events.filter((e) => e.source === 'update').map((e) => [e.kind, e.actor?.userId, e.actor?.role]);
    expect(sent).toEqual([
      ['baseData', userId.get('staff'), 'staff'],
      ['submitted', userId.get('staff'), 'staff'],
      ['returned', userId.get('dept_head'), 'dept_head'],
      ['submitted', userId.get('staff'), 'staff'],
      ['reviewed', userId.get('dept_head'), 'dept_head'],
      ['reviewed', userId.get('admin'), 'admin'],
      ['reviewed', userId.get('vp'), 'vp'],
      ['archived', userId.get('archivist'), 'archivist'],
    ]);
    expect(events[0]).toMatchObject({ kind: 'registered', actor: { userId: userId.get('staff'), role: 'staff' } });
    expect(events[1]!.kind).toBe('ended');
    // In time order, and each review with its signature verified.
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const reviews = events.filter((e) => e.kind === 'reviewed' || e.kind === 'returned');
    expect(reviews.map((e) => [e.detail.level, e.signature?.valid])).toEqual([
      [1, true],
      [1, true],
      [2, true],
      [3, true],
    ]);
    // The comment's text stays out of the timeline; the count is there.
    expect(reviews[0]!.detail.comments).toBe(1);
    expect(JSON.stringify(res.body)).not.toContain('请补充目标');
    // Deadlines side by side: base data, draft and final met; the archive one pending.
    const deadlines = res.body.deadlines as Array<{ key: string; status: string }>;
    expect(Object.fromEntries(deadlines.filter((d) => d.key !== 'revision').map((d) => [d.key, d.status]))).toMatchObject({
      baseData: expect.stringMatching(/^(met|overdue)$/),
      draft: expect.stringMatching(/^(met|overdue)$/),
      final: expect.stringMatching(/^(met|overdue)$/),
      archive: 'pending',
    });

    // Readers of the activity only; the read is audited.
    expect((await stack.as('training_staff')('GET', `/api/activities/${id}/timeline`)).status).toBe(403);
    expect((await stack.as('external')('GET', `/api/activities/${id}/timeline`)).status).toBe(403);
    expect((await stack.as('supervisor')('GET', `/api/activities/${randomUUID()}/timeline`)).status).toBe(404);
    const audit = await stack.dataSource.query(`SELECT actor_role FROM audit_log WHERE action = 'activity.timeline' AND target_id = $1`, [
      id,
    ]);
    expect(audit).toEqual([{ actor_role: 'supervisor' }]);
  });
});

describe('R-17 samples', () => {
  // A past day of its own (2025), so the population is exactly what this suite registers.
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `2025-${pad(1 + Math.floor(Math.random() * 12))}-${pad(1 + Math.floor(Math.random() * 28))}`;
  const ids: string[] = [];

  beforeAll(async () => {
    await stack.dataSource.query(`DELETE FROM activities WHERE end_at::date = $1::date AND name LIKE '抽查-%'`, [day]);
    for (let i = 0; i < 4; i++) {
      ids.push(
        await fixtures.registerExampleActivity(stack, {
          name: `抽查-${randomUUID().slice(0, 8)}`,
          startAt: `${day}T09:00:00+08:00`,
          endAt: `${day}T17:30:00+08:00`,
        }),
      );
    }
  });

  it('the same seed draws the same activities; the draw is sha256(seed, id) over the period; the seed is recorded', async () => {
    const body = { from: day, to: day, size: 2, seed: 'board-check-1' };
    const a = await stack.as('supervisor')('POST', '/api/supervision/samples', body);
    expect(a.status).toBe(201);
    const population = (
      (await stack.dataSource.query(`SELECT id::text FROM activities WHERE (end_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date`, [
        day,
      ])) as Array<{ id: string }>
    ).map((r) => r.id);
    expect(new Set(population)).toEqual(new Set(ids));
    expect(a.body).toMatchObject({ from: day, to: day, size: 2, seed: 'board-check-1', population: 4 });
    expect(a.body.activityIds).toEqual(drawSample(population, 2, 'board-check-1'));
    const b = await stack.as('management')('POST', '/api/supervision/samples', body);
    expect(b.body.activityIds).toEqual(a.body.activityIds);
    expect(b.body.id).not.toBe(a.body.id);

    const fresh = await stack.as('supervisor')('POST', '/api/supervision/samples', { from: day, to: day, size: 10 });
    expect(fresh.status).toBe(201);
    expect(fresh.body.seed).toMatch(/^[0-9a-f]{16}$/);
    expect([...fresh.body.activityIds].sort()).toEqual([...ids].sort());
    const [row] = await stack.dataSource.query(`SELECT seed, activity_ids::text[] AS ids FROM supervision_samples WHERE id = $1`, [
      fresh.body.id,
    ]);
    expect(row).toEqual({ seed: fresh.body.seed, ids: fresh.body.activityIds });
    const [audit] = await stack.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'supervision.sample.create' AND details->'body'->>'seed' = 'board-check-1' LIMIT 1`,
    );
    expect(audit).toBeDefined();
  });

  it('refuses other roles (403) and a period that ends before it starts (400 naming `to`)', async () => {
    for (const who of ['staff', 'admin', 'archivist', 'external']) {
      expect((await stack.as(who)('POST', '/api/supervision/samples', { from: day, to: day, size: 1 })).status).toBe(403);
    }
    const bad = await stack.as('supervisor')('POST', '/api/supervision/samples', { from: '2025-12-31', to: '2025-01-01', size: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      messageZh: expect.any(String),
      details: [expect.objectContaining({ field: 'to' })],
    });
    const zero = await stack.as('supervisor')('POST', '/api/supervision/samples', { from: day, to: day, size: 0 });
    expect(zero.status).toBe(400);
  });

  it('the report shows each activity drawn: timeline, archive completeness, suggestion records; the DOCX reads back', async () => {
    const created = await stack.as('supervisor')('POST', '/api/supervision/samples', { from: day, to: day, size: 3, seed: 'report' });
    const drawn = created.body.activityIds as string[];
    const target = drawn[0]!;
    const suggestionId = randomUUID();
    const [version] = await stack.dataSource.query(`SELECT id FROM summary_versions WHERE activity_id = $1 LIMIT 1`, [target]);
    await stack.dataSource.query(
      `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, due_date, status, finalized_at)
       VALUES ($1, $2, $3, 0, '建立线上报名统一入口', 'publicity', '2026-03-31', 'in_progress', now())`,
      [suggestionId, target, version?.id ?? randomUUID()],
    );
    await stack.dataSource.query(
      `INSERT INTO suggestion_updates (suggestion_id, actor_user_id, actor_role, from_status, to_status, note)
       VALUES ($1, $2, 'dept_head', 'pending', 'in_progress', '已立项')`,
      [suggestionId, userId.get('dept_head')],
    );

    const res = await stack.as('management')('GET', `/api/supervision/samples/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { activity: { id: string } }) => i.activity.id)).toEqual(drawn);
    const first = res.body.items[0];
    expect(first.activity).toMatchObject({ id: target, leadDepartment: 'publicity', leadDepartmentName: expect.any(String) });
    const kinds = first.timeline.events.map((e: Event) => e.kind) as string[];
    // Ended in 2025: the base-data and draft deadlines had passed when it was registered, so escalations come before the base data.
    expect(kinds.slice(0, 2)).toEqual(['registered', 'ended']);
    expect(kinds).toEqual(expect.arrayContaining(['escalated', 'baseData']));
    expect(first.archive).toEqual({ complete: false, paperConfirmedAt: null, electronicConfirmedAt: null, storedAt: null, sha256: null });
    expect(first.suggestions).toEqual([
      expect.objectContaining({
        id: suggestionId,
        measure: '建立线上报名统一入口',
        status: 'in_progress',
        dueDate: '2026-03-31',
        updates: [expect.objectContaining({ fromStatus: 'pending', toStatus: 'in_progress', note: '已立项', actorRole: 'dept_head' })],
      }),
    ]);
    expect((await stack.as('staff')('GET', `/api/supervision/samples/${created.body.id}`)).status).toBe(403);
    expect((await stack.as('supervisor')('GET', `/api/supervision/samples/${randomUUID()}`)).status).toBe(404);

    const token = await stack.login('supervisor');
    const docx = await fetch(`${stack.baseUrl}/api/supervision/samples/${created.body.id}.docx`, { headers: bearer(token) });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const xml = docxPart(Buffer.from(await docx.arrayBuffer()));
    const text = docxParagraphs(xml).map((p) => p.text);
    expect(text[0]).toContain('活动总结监督抽查报告');
    expect(text.some((t) => t.includes('随机种子：report'))).toBe(true);
    const names = res.body.items.map((i: { activity: { name: string } }) => i.activity.name) as string[];
    for (const n of names) expect(text.some((t) => t.includes(n))).toBe(true);
    expect(text).toEqual(expect.arrayContaining(['建立线上报名统一入口']));
    expect(xml).toContain('w:eastAsia="SimSun"');
    const audit = await stack.dataSource.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [created.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['supervision.sample.read', 'supervision.sample.docx']),
    );
  });
});
