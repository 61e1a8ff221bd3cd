/**
 * the unified template: the DOCX parsed back (word/document.xml) for
 * its font, size, spacing, title and order; the HTML with the same content, escaped and script-free;
 * both redacted for every reader but management.
 */
import {
  renderSummaryDocx,
  renderSummaryHtml,
  signatureFingerprint,
  summaryDocumentModel,
  type SummaryDocumentInput,
} from '../../../libs/document/index.js';
import { REDACTED } from '../../../libs/redaction/index.js';
import { EXAMPLE_ATTACHMENT_IDS, exampleSummary } from '../../../libs/summary/index.js';
import { docxPart, docxParagraphs } from '../../support/docx-xml.js';

const TITLE = 'XX影视协会2026青年导演论坛活动总结（2026年11月20日）';
const PHONE = '13812345678';
const SECRET = '与某平台洽谈的独家合作金额（未公开）';

function input(): SummaryDocumentInput {
  const document = exampleSummary();
  // The list in another order than the filing order: the document must file it photos → data → media.
  document.attachments.reverse();
  document.execution.closing.feedbackCollection += `；问卷联系人：张三 ${PHONE}`;
  document.effectiveness.qualitative.industryImpact = SECRET;
  document.confidential = ['effectiveness.qualitative.industryImpact'];
  const sig = (n: number) => Buffer.from(`signature-${n}`).toString('base64');
  return {
    document,
    activity: { name: '2026青年导演论坛', endDate: '2026-11-20' },
    associationName: 'XX影视协会',
    version: { versionNo: 2, contentHash: 'a'.repeat(64) },
    signatures: [
      { purpose: 'review_l1', signer: { name: '李主任', role: 'dept_head' }, signedAt: '2026-11-25T02:00:00.000Z', value: sig(2) },
      { purpose: 'compile', signer: { name: '张晓', role: 'staff' }, signedAt: '2026-11-24T01:30:00.000Z', value: sig(1) },
    ],
    attachmentNames: new Map([[EXAMPLE_ATTACHMENT_IDS.photo[0]!, '开幕式合影.jpg']]),
    departmentNames: new Map([['publicity', '宣传部']]),
    roleLabels: { staff: '编制人', dept_head: '主办部门负责人' },
  };
}

describe('DOCX (R-6.2 format, parsed back from word/document.xml)', () => {
  let paragraphs: ReturnType<typeof docxParagraphs>;
  let xml: string;
  beforeAll(async () => {
    const docx = await renderSummaryDocx(summaryDocumentModel(input(), { reader: 'management' }));
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    xml = docxPart(docx);
    paragraphs = docxParagraphs(xml);
  });
  const index = (text: string) => paragraphs.findIndex((p) => p.text === text);

  it('opens with the title <association><activity>活动总结（YYYY年M月D日）', () => {
    expect(paragraphs[0]!.text).toBe(TITLE);
  });

  it('sets body text in 宋体 (SimSun) 小四 (24 half-points) with 1.5 line spacing (line 360) on every run and paragraph', () => {
    const body = paragraphs.find((p) => p.text.startsWith('活动背景：'))!;
    expect(body).toBeDefined();
    expect(body.xml).toMatch(/<w:rFonts [^>]*w:ascii="SimSun"/);
    expect(body.xml).toMatch(/<w:rFonts [^>]*w:eastAsia="SimSun"/);
    expect(body.xml).toContain('<w:sz w:val="24"/>');
    expect(body.xml).toMatch(/<w:spacing [^>]*w:line="360"/);
    // Every paragraph of the body has 1.5 lines; every run of text in 宋体 is 小四 unless it is the small meta line.
    const withText = paragraphs.filter((p) => p.text && p.text !== TITLE && !p.text.startsWith('第2版'));
    for (const p of withText) expect({ p: p.text, line: /w:line="360"/.test(p.xml) }).toEqual({ p: p.text, line: true });
    const songti = withText.filter((p) => /w:eastAsia="SimSun"/.test(p.xml));
    expect(songti.length).toBeGreaterThan(50);
    for (const p of songti) expect({ p: p.text, sz: /<w:sz w:val="24"\/>/.test(p.xml) }).toEqual({ p: p.text, sz: true });
  });

  it('has the five modules as chapters in order, then the attachments and the signatures', () => {
    const order = ['一、活动概述', '二、执行情况', '三、成效评估', '四、经验总结', '五、改进建议', '附件', '签署'].map(index);
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lists the attachments photos → data → media → questionnaire, whatever the order of the list', () => {
    const listed = paragraphs.filter((p) => /^附件\d+：/.test(p.text)).map((p) => p.text);
    expect(listed.map((t) => t.replace(/（.*）$/, ''))).toEqual([
      '附件1：活动照片',
      '附件2：活动照片',
      '附件3：活动照片',
      '附件4：活动照片',
      '附件5：数据统计表',
      '附件6：数据统计表',
      '附件7：媒体报道截图',
      '附件8：媒体报道截图',
      '附件9：问卷分析报告',
    ]);
    expect(listed[0]).toBe('附件1：活动照片（开幕式合影.jpg）');
  });

  it('ends with the signature block: the compiler, then each reviewer, with name, time and fingerprint', () => {
    const rows = paragraphs.slice(index('签署')).map((p) => p.text);
    const compiler = rows.indexOf('编制人');
    const reviewer = rows.indexOf('初审');
    expect(compiler).toBeGreaterThan(0);
    expect(reviewer).toBeGreaterThan(compiler);
    expect(rows.slice(compiler, compiler + 5)).toEqual([
      '编制人',
      '张晓',
      '编制人',
      '2026年11月24日 09:30',
      signatureFingerprint(Buffer.from('signature-1').toString('base64')),
    ]);
    expect(rows).toContain('李主任');
    expect(signatureFingerprint('AAAA')).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
  });

  it('gives management everything: the phone, the name and the confidential field', () => {
    expect(xml).toContain(PHONE);
    expect(xml).toContain(SECRET);
    expect(xml).not.toContain(REDACTED);
  });

  it('redacts them for every other reader', async () => {
    const other = docxPart(await renderSummaryDocx(summaryDocumentModel(input(), { reader: 'supervisor' })));
    expect(other).not.toContain(PHONE);
    expect(other).not.toContain('张三');
    expect(other).not.toContain(SECRET);
    expect(other).toContain(`行业影响：${REDACTED}`);
    expect(other).toContain(`问卷联系人：${REDACTED} ${REDACTED}`);
  });
});

describe('HTML (the same content for the web app reader)', () => {
  const html = (reader: 'management' | 'staff' = 'management', watermark?: Parameters<typeof renderSummaryHtml>[1]) =>
    renderSummaryHtml(summaryDocumentModel(input(), { reader }), watermark);

  it('is a semantic page: the title as h1, the chapters as h2 in order, attachments in the filing order', () => {
    const page = html();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(`<h1>${TITLE}</h1>`);
    const h2 = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(h2).toEqual(['一、活动概述', '二、执行情况', '三、成效评估', '四、经验总结', '五、改进建议', '附件', '签署']);
    const kinds = [...page.matchAll(/<li data-kind="([a-z_]+)">/g)].map((m) => m[1]);
    expect(kinds).toEqual([
      'photo',
      'photo',
      'photo',
      'photo',
      'data_table',
      'data_table',
      'media_screenshot',
      'media_screenshot',
      'questionnaire_report',
    ]);
    expect(page).toContain('font-size: 12pt; line-height: 1.5');
    expect(page).toContain('@page');
  });

  it('escapes every text and carries no script', () => {
    const i = input();
    i.document.lessons.problems[0]!.description = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const page = renderSummaryHtml(summaryDocumentModel(i, { reader: 'management' }));
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<script|<img|<[a-z][^>]*\son\w+=/i);
  });

  it('redacts for every reader but management', () => {
    expect(html('management')).toContain(PHONE);
    const staff = html('staff');
    expect(staff).not.toContain(PHONE);
    expect(staff).not.toContain(SECRET);
    expect(staff).toContain(REDACTED);
    expect(staff).toContain('已隐去');
  });

  it('repeats a watermark with the reader, the organisation and the time over the page, escaped', () => {
    expect(html()).not.toContain('class="watermark"');
    const page = html('staff', { watermark: { reader: '王<五>', organisation: '某市广电局', at: '2026年11月25日 14:03' } });
    const copies = page.match(/<span>王&lt;五&gt; · 某市广电局 · 2026年11月25日 14:03<\/span>/g) ?? [];
    expect(copies.length).toBeGreaterThanOrEqual(12);
    expect(page).toContain('position: fixed');
  });
});
