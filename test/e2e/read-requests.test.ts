/**
 * controlled reads over HTTP, with the API and a worker in-process on the dev server and
 * PostgreSQL: who reads without a request, the internal request (department head, then the
 * archivist), the external one (admin with the official letter, the secretary-general, view-only),
 * and every refusal of the "bad input" list. Expiry is the time-skipping test's
 * (test/workflows/read-request.test.ts); here an expired grant is one whose projected end has passed.
 */
import { exampleSummary } from '../../libs/summary/index.js';
import { registerExampleActivity } from './support/fixtures.js';
import { bearer, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let activityId: string;
let versionId: string;

beforeAll(async () => {
  stack = await startStack();
  activityId = await registerExampleActivity(stack); // publicity
  const submitted = await stack.as('staff')('POST', `/api/activities/${activityId}/summaries`, { document: exampleSummary() });
  expect(submitted.status).toBe(201);
  versionId = submitted.body.version.id as string;
});
afterAll(async () => {
  await stack?.stop();
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const summary = (user: string) => stack.as(user)('GET', `/api/activities/${activityId}/summaries/${versionId}`);
const request = (user: string, body: Record<string, unknown>) => stack.as(user)('POST', '/api/read-requests', body);
const decide = (user: string, id: string, decision: 'approve' | 'reject' = 'approve', comment = '同意') =>
  stack.as(user)('POST', `/api/read-requests/${id}/decisions`, { decision, comment });

async function userId(username: string): Promise<string> {
  const [row] = (await stack.dataSource.query(`SELECT id FROM users WHERE username = $1`, [username])) as Array<{ id: string }>;
  return row!.id;
}

async function external(body: Record<string, unknown>, letter: { bytes: Buffer; name: string } | null) {
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) form.append(k, String(v));
  if (letter) form.append('letter', new Blob([new Uint8Array(letter.bytes)], { type: 'application/pdf' }), letter.name);
  const res = await fetch(`${stack.baseUrl}/api/read-requests/external`, {
    method: 'POST',
    headers: bearer(await stack.login('admin')),
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('R-13.2 who reads a summary without a request', () => {
  it('the lead department, management, supervisor, admin and the archivist read it; every read is audited', async () => {
    for (const user of ['staff', 'dept_head', 'management', 'supervisor', 'admin', 'archivist']) {
      expect([user, (await summary(user)).status]).toEqual([user, 200]);
    }
    const [audited] = (await stack.dataSource.query(
      `SELECT count(DISTINCT actor_user_id)::int AS n FROM audit_log WHERE action = 'summary.read' AND target_id = $1`,
      [versionId],
    )) as Array<{ n: number }>;
    expect(audited!.n).toBe(6);
  });

  it('a training staff member gets 403 READ_NOT_GRANTED saying how to request, for the summary, its list and attachments', async () => {
    const res = await summary('training_staff');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('READ_NOT_GRANTED');
    expect(res.body.messageZh).toContain('申请查阅');
    expect(res.body.details[0].code).toBe('noGrant');
    for (const path of ['summaries', 'attachments', 'reviews']) {
      expect((await stack.as('training_staff')('GET', `/api/activities/${activityId}/${path}`)).body.code).toBe('READ_NOT_GRANTED');
    }
    // The vp is a reviewer of the summary only once it waits for level 3 (or after a review).
    expect((await summary('vp')).body.code).toBe('READ_NOT_GRANTED');
  });
});

describe('R-13.2.1 an internal read request', () => {
  let requestId: string;

  it('refuses bad input: days outside 1–30 (400), an unknown activity (404), a summary the caller reads already (409)', async () => {
    const base = { activityId, purpose: '编写培训方案参考', content: '活动总结全文' };
    for (const days of [0, 31, 2.5]) {
      const res = await request('training_staff', { ...base, days });
      expect([days, res.status, res.body.details[0].field]).toEqual([days, 400, 'days']);
    }
    expect((await request('training_staff', { ...base, activityId: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' })).status).toBe(404);
    const readable = await request('staff', base);
    expect([readable.status, readable.body.code, readable.body.details[0].code]).toEqual([409, 'READ_REQUEST_REFUSED', 'ALREADY_READABLE']);
  });

  it('training staff requests it (default 7 days); it waits for the training head, then the archivist', async () => {
    const res = await request('training_staff', { activityId, purpose: '编写本部门年度培训方案', content: '活动总结全文' });
    expect(res.status).toBe(201);
    requestId = res.body.id;
    expect(res.body).toMatchObject({ kind: 'internal', status: 'pending', days: 7, currentStep: 0, grant: null });
    // Named by the department's Chinese name (departments.name_zh), not its code.
    expect(res.body.waitingFor).toEqual({
      role: 'dept_head',
      department: 'training',
      departmentName: '培训部',
      description: 'the head of training',
      descriptionZh: '培训部负责人',
    });
    // One open request per reader and summary.
    const again = await request('training_staff', { activityId, purpose: '再次申请', content: '全文' });
    expect([again.status, again.body.details[0].code]).toEqual([409, 'ALREADY_REQUESTED']);

    const mine = await stack.as('training_staff')('GET', '/api/read-requests?scope=mine');
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
    const waiting = await stack.as('training_head')('GET', '/api/read-requests?scope=waiting');
    expect(waiting.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(waiting.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
    // Not waiting for the publicity head, nor yet for the archivist.
    expect((await stack.as('dept_head')('GET', '/api/read-requests?scope=waiting')).body.items).toEqual([]);
    expect(
      (await stack.as('archivist')('GET', '/api/read-requests?scope=waiting')).body.items.map((r: { id: string }) => r.id),
    ).not.toContain(requestId);
  });

  it('the wrong approver gets 403: another department’s head, the archivist before the head, the requester', async () => {
    for (const user of ['dept_head', 'archivist']) {
      const res = await decide(user, requestId);
      expect([user, res.status, res.body.details[0].code]).toEqual([user, 403, 'WRONG_APPROVER']);
      expect(res.body.messageZh).toContain('培训部负责人');
    }
    expect((await decide('training_staff', requestId)).status).toBe(403); // the role guard: staff never decide
  });

  it('the training head and the archivist approve (synchronous 200 with the new state); the staff member reads it', async () => {
    const head = await decide('training_head', requestId);
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({
      status: 'pending',
      currentStep: 1,
      waitingFor: { role: 'archivist', department: null, departmentName: null, descriptionZh: '专职档案员' },
    });
    expect((await summary('training_staff')).status).toBe(403); // not yet

    const archivist = await decide('archivist', requestId);
    expect(archivist.status).toBe(200);
    expect(archivist.body.status).toBe('granted');
    expect(archivist.body.grant).toMatchObject({ viewOnly: false, live: true });
    expect(Date.parse(archivist.body.grant.expiresAt) - Date.parse(archivist.body.grant.grantedAt)).toBe(7 * 86_400_000);
    expect(archivist.body.decisions.map((d: { decidedBy: { role: string } }) => d.decidedBy.role)).toEqual(['dept_head', 'archivist']);

    const read = await summary('training_staff');
    expect(read.status).toBe(200);
    expect(read.body.document).toBeDefined();
    expect((await stack.as('training_staff')('GET', `/api/activities/${activityId}/attachments`)).status).toBe(200);
    const [audited] = (await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'summary.read' AND target_id = $1 AND actor_user_id = $2`,
      [versionId, await userId('training_staff')],
    )) as Array<{ n: number }>;
    expect(audited!.n).toBe(1);
  });

  it('a decision on a closed request is 409; an expired grant is 403 again', async () => {
    const res = await decide('archivist', requestId);
    expect([res.status, res.body.code, res.body.details[0].code]).toEqual([409, 'READ_REQUEST_REFUSED', 'CLOSED']);
    // Expiry as the projection records it (the durable timer itself is the workflow test's).
    await stack.dataSource.query(`UPDATE read_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [requestId]);
    const expired = await summary('training_staff');
    expect([expired.status, expired.body.code, expired.body.details[0].code]).toEqual([403, 'READ_NOT_GRANTED', 'grantExpired']);
  });

  it('a rejected request is closed at once', async () => {
    const filed = await request('training_head', { activityId, purpose: '了解宣传部活动经验', content: '总结全文', days: 3 });
    expect(filed.status).toBe(201);
    // A head asks the archivist directly (nobody above them in the department).
    expect(filed.body.waitingFor).toMatchObject({ role: 'archivist', department: null });
    const rejected = await decide('archivist', filed.body.id, 'reject', '查阅目的不明确');
    expect([rejected.status, rejected.body.status, rejected.body.grant]).toEqual([200, 'rejected', null]);
    expect((await decide('archivist', filed.body.id)).status).toBe(409);
  });
});

describe('R-13.2.2 an external read request', () => {
  it('admin registers it with the official letter, the secretary-general approves, the grant is view-only', async () => {
    const readerUserId = await userId('external');
    const fields = { activityId, readerUserId, organisation: '某市电影局', purpose: '行业调研', content: '活动总结全文', days: 5 };
    expect((await external(fields, null)).status).toBe(400);
    expect((await external(fields, { bytes: Buffer.from('just text'), name: 'letter.txt' })).body.details[0].code).toBe('unsupportedType');
    const notExternal = await external({ ...fields, readerUserId: await userId('training_staff') }, { bytes: PDF, name: '公函.pdf' });
    expect(notExternal.body.details[0].field).toBe('readerUserId');

    // Named .html by the client, kept and shown under the extension of what it is.
    const filed = await external(fields, { bytes: PDF, name: '公函.html' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ kind: 'external', organisation: '某市电影局', waitingFor: { role: 'secretary_general' } });
    expect(filed.body.letter).toMatchObject({ contentType: 'application/pdf', size: PDF.length, originalName: '公函.pdf' });

    const letter = await fetch(`${stack.baseUrl}/api/read-requests/${filed.body.id}/letter`, { headers: bearer(await stack.login('sg')) });
    expect(letter.status).toBe(200);
    expect(Buffer.from(await letter.arrayBuffer()).equals(PDF)).toBe(true);

    expect((await decide('archivist', filed.body.id)).status).toBe(403);
    const approved = await decide('sg', filed.body.id);
    expect(approved.status).toBe(200);
    expect(approved.body.grant).toMatchObject({ viewOnly: true, live: true });
    const [row] = (await stack.dataSource.query(`SELECT view_only FROM read_requests WHERE id = $1`, [filed.body.id])) as Array<{
      view_only: boolean;
    }>;
    expect(row!.view_only).toBe(true);

    // The outside body sees its grant; it never downloads (attachments, the JSON summary are internal routes).
    const mine = await stack.as('external')('GET', '/api/read-requests');
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(filed.body.id);
    expect((await stack.as('external')('GET', `/api/activities/${activityId}/summaries/${versionId}`)).status).toBe(403);
    // It reads in the HTML reader only, every page watermarked with who reads, for whom, and when.
    const token = await stack.login('external');
    const page = await fetch(`${stack.baseUrl}/api/activities/${activityId}/document.html`, { headers: bearer(token) });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div class="watermark"');
    expect(html).not.toContain('<script');
    const docx = await fetch(`${stack.baseUrl}/api/activities/${activityId}/summaries/${versionId}/document.docx`, {
      headers: bearer(token),
    });
    expect(docx.status).toBe(403); // the DOCX is for internal readers only
    // An image letter is accepted too.
    expect((await external({ ...fields, activityId: await registerExampleActivity(stack) }, { bytes: PNG, name: 'scan.png' })).status).toBe(
      201,
    );
  });
});

describe('R-13.2 read requests × every demo role', () => {
  it('who files, sees, decides and downloads the letter; everyone lists their own', async () => {
    const fresh = await registerExampleActivity(stack); // publicity, nothing requested yet
    const file = await Promise.all(
      [
        'staff',
        'dept_head',
        'admin',
        'archivist',
        'vp',
        'sg',
        'management',
        'supervisor',
        'training_staff',
        'training_head',
        'external',
      ].map(async (u) => [u, (await request(u, { activityId: fresh, purpose: '对照检查', content: '全文' })).status] as const),
    );
    // Readers by role have nothing to request (409); the others file (201); outside bodies only through admin (403).
    expect(Object.fromEntries(file)).toEqual({
      staff: 409,
      dept_head: 409,
      admin: 409,
      archivist: 409,
      management: 409,
      supervisor: 409,
      vp: 201,
      sg: 201,
      training_staff: 201,
      training_head: 201,
      external: 403,
    });
    for (const u of ['staff', 'dept_head', 'archivist', 'vp', 'sg', 'management', 'supervisor', 'training_staff', 'external']) {
      const res = await fetch(`${stack.baseUrl}/api/read-requests/external`, { method: 'POST', headers: bearer(await stack.login(u)) });
      expect([u, res.status]).toEqual([u, 403]);
    }
    const [own] = (await stack.as('training_staff')('GET', '/api/read-requests?scope=mine&status=pending')).body.items.filter(
      (r: { activityId: string }) => r.activityId === fresh,
    );
    const seen = Object.fromEntries(
      await Promise.all(
        [
          'staff',
          'dept_head',
          'admin',
          'archivist',
          'vp',
          'sg',
          'management',
          'supervisor',
          'training_staff',
          'training_head',
          'external',
        ].map(async (u) => [u, (await stack.as(u)('GET', `/api/read-requests/${own.id}`)).status] as const),
      ),
    );
    // The requester, the approvers (training head, archivist) and the overseers.
    expect(seen).toEqual({
      staff: 403,
      dept_head: 403,
      admin: 200,
      archivist: 200,
      vp: 403,
      sg: 200,
      management: 200,
      supervisor: 200,
      training_staff: 200,
      training_head: 200,
      external: 403,
    });
    for (const u of ['staff', 'admin', 'vp', 'management', 'supervisor', 'training_staff', 'external']) {
      expect([u, (await decide(u, own.id)).status]).toEqual([u, 403]);
    }
    for (const u of ['staff', 'training_staff', 'training_head', 'vp', 'external']) {
      const res = await fetch(`${stack.baseUrl}/api/read-requests/${own.id}/letter`, { headers: bearer(await stack.login(u)) });
      expect([u, res.status]).toEqual([u, 403]);
    }
    const noLetter = await fetch(`${stack.baseUrl}/api/read-requests/${own.id}/letter`, { headers: bearer(await stack.login('admin')) });
    expect(noLetter.status).toBe(404);
    for (const u of ['staff', 'admin', 'external', 'supervisor']) {
      const res = await stack.as(u)('GET', '/api/read-requests?page=1&pageSize=5');
      expect([u, res.status, Array.isArray(res.body.items)]).toEqual([u, 200, true]);
    }
  });
});
