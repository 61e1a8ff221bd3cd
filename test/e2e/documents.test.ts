/**
 * R-6 the summary as a document, R-13.2.3 confidential parts: against the real stack, a submitted
 * and reviewed version is read as JSON, DOCX and HTML by a reader who is not management (everything
 * confidential and personal 【已隐去】) and by management (everything). Every document read is audited.
 */
import { randomUUID } from 'node:crypto';
import { REDACTED } from '../../libs/redaction/index.js';
import { exampleSummary, type SummaryDocument } from '../../libs/summary/index.js';
import { docxPart, docxParagraphs } from '../support/docx-xml.js';
import * as fixtures from './support/fixtures.js';
import { bearer, startStack, type Stack } from './support/stack.js';

const PHONE = '139-1234-5678';
const EMAIL = 'zhangsan@example.com';
const SECRET = '与某网络视听平台达成的保底分账金额为320万元（尚未公开）';
const TITLE = 'XX影视协会2026青年导演论坛活动总结（2026年11月20日）';

let stack: Stack;
let activityId: string;
let versionId: string;

/** The example with contact details in free text and one field marked confidential. */
function documentWithPersonalData(): SummaryDocument {
  const doc = exampleSummary();
  doc.execution.closing.feedbackCollection += `；问卷回收联系人：张三，手机：${PHONE}，邮箱 ${EMAIL}`;
  doc.effectiveness.qualitative.industryImpact = SECRET;
  doc.confidential = ['effectiveness.qualitative.industryImpact'];
  return doc;
}

/** A GET with `user`'s token, answered as raw bytes with the headers. */
async function raw(user: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${stack.baseUrl}${path}`, { headers: bearer(await stack.login(user)) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const base = () => `/api/activities/${activityId}/summaries/${versionId}`;

beforeAll(async () => {
  stack = await startStack();
  activityId = await fixtures.registerExampleActivity(stack);
  const submitted = await stack.as('staff')('POST', `/api/activities/${activityId}/summaries`, { document: documentWithPersonalData() });
  expect(submitted.status).toBe(201);
  versionId = submitted.body.version.id;
  const review = await stack.as('dept_head')('POST', `/api/activities/${activityId}/reviews`, {
    level: 1,
    decision: 'approve',
    comments: [],
    versionId,
  });
  expect(review.status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe('confidential paths in the document (R-13.2.3)', () => {
  it('stores the list, and refuses with 400 a path that is not a text field the document has', async () => {
    const stored = await stack.as('management')('GET', base());
    expect(stored.body.document.confidential).toEqual(['effectiveness.qualitative.industryImpact']);

    for (const path of ['effectiveness.quantitative.participation.planned', 'lessons.problems.9.description', 'title', '__proto__']) {
      const doc = exampleSummary();
      doc.confidential = [path];
      const res = await stack.as('staff')('POST', `/api/activities/${activityId}/summaries/check`, { document: doc });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'document.confidential', code: 'confidentialPaths' })]),
      );
    }
  });
});

describe('JSON: GET …/summaries/:versionId', () => {
  it('redacts personal data and marked fields for a reader who is not management', async () => {
    for (const user of ['supervisor', 'staff', 'dept_head']) {
      const res = await stack.as(user)('GET', base());
      expect(res.status).toBe(200);
      const doc = res.body.document as SummaryDocument;
      const text = JSON.stringify(doc);
      expect({ user, phone: text.includes(PHONE), email: text.includes(EMAIL), name: text.includes('张三') }).toEqual({
        user,
        phone: false,
        email: false,
        name: false,
      });
      expect(doc.effectiveness.qualitative.industryImpact).toBe(REDACTED);
      expect(doc.execution.closing.feedbackCollection).toContain(`问卷回收联系人：${REDACTED}，手机：${REDACTED}，邮箱 ${REDACTED}`);
      // Everything else as stored.
      expect(doc.overview).toEqual(exampleSummary().overview);
    }
  });

  it('gives management the document as submitted', async () => {
    const res = await stack.as('management')('GET', base());
    expect(res.body.document).toEqual(documentWithPersonalData());
  });
});

describe('DOCX: GET …/document.docx', () => {
  it('is a download with a UTF-8 file name, in the unified template, redacted for a reader who is not management', async () => {
    const res = await raw('supervisor', `${base()}/document.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${TITLE}_第1版.docx`);

    const xml = docxPart(res.bytes);
    const paragraphs = docxParagraphs(xml);
    expect(paragraphs[0]!.text).toBe(TITLE);
    expect(xml).toMatch(/w:eastAsia="SimSun"/);
    expect(xml).toContain('<w:sz w:val="24"/>');
    expect(xml).toMatch(/w:line="360"/);
    const texts = paragraphs.map((p) => p.text);
    expect(texts).toContain(`行业影响：${REDACTED}`);
    for (const secret of [PHONE, EMAIL, '张三', SECRET]) expect(xml).not.toContain(secret);
    // The signature block: the compiler and the L1 reviewer, each with a fingerprint.
    expect(texts).toEqual(expect.arrayContaining(['编制人', '初审']));
    expect(texts.filter((t) => /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/.test(t))).toHaveLength(2);
  });

  it('is complete for management', async () => {
    const xml = docxPart((await raw('management', `${base()}/document.docx`)).bytes);
    for (const secret of [PHONE, EMAIL, '张三', SECRET]) expect(xml).toContain(secret);
    expect(xml).not.toContain(REDACTED);
  });

  it('404 for a version this activity does not have', async () => {
    const res = await raw('management', `/api/activities/${activityId}/summaries/${randomUUID()}/document.docx`);
    expect(res.status).toBe(404);
  });
});

describe('HTML: GET …/document.html', () => {
  it('is a script-free page under a CSP of its own, redacted for a reader who is not management', async () => {
    const res = await raw('supervisor', `${base()}/document.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    const page = res.bytes.toString('utf8');
    expect(page).toContain(`<h1>${TITLE}</h1>`);
    expect(page).not.toMatch(/<script/i);
    for (const secret of [PHONE, EMAIL, '张三', SECRET]) expect(page).not.toContain(secret);
    expect(page).toContain(REDACTED);
  });

  it('is complete for management', async () => {
    const page = (await raw('management', `${base()}/document.html`)).bytes.toString('utf8');
    for (const secret of [PHONE, EMAIL, '张三', SECRET]) expect(page).toContain(secret);
  });

  it('is refused to a department that may not read the activity, like the JSON version', async () => {
    const [docx, html, json] = await Promise.all([
      raw('training_staff', `${base()}/document.docx`),
      raw('training_staff', `${base()}/document.html`),
      stack.as('training_staff')('GET', base()),
    ]);
    expect([docx.status, html.status]).toEqual([json.status, json.status]);
    expect(json.status).toBe(403);
  });
});

describe('audit', () => {
  it('records every document read with the reader, the version and the format', async () => {
    const before = await count();
    await raw('admin', `${base()}/document.docx`);
    await raw('admin', `${base()}/document.html`);
    const rows = await stack.dataSource.query(
      `SELECT action, target_type, actor_role FROM audit_log
        WHERE action LIKE 'summary.document.%' AND target_id = $1 AND actor_role = 'admin' ORDER BY id`,
      [versionId],
    );
    expect(rows).toEqual([
      { action: 'summary.document.docx', target_type: 'summary_version', actor_role: 'admin' },
      { action: 'summary.document.html', target_type: 'summary_version', actor_role: 'admin' },
    ]);
    expect((await count()) - before).toBe(2);
  });
});

async function count(): Promise<number> {
  const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'summary.document.%'`);
  return n;
}
