/**
 * The summary as one self-contained HTML page, the same content as the DOCX: semantic (article,
 * section, h1–h3, table, ol), every text escaped, a print style sheet (A4, 小四 宋体, 1.5 lines) and
 * no script at all, so it is served under `default-src 'none'`. A view-only reader (R-13.2.2) gets a
 * watermark naming them, their organisation and the time, repeated over every screen and page.
 */
import type { Block, SummaryDocumentModel } from './model.js';

export interface Watermark {
  reader: string;
  organisation: string;
  /** Shown as given, e.g. 2026年11月25日 14:03. */
  at: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const STYLE = `
@page { size: A4; margin: 25mm 20mm 25mm 28mm; }
html { background: #f5f5f5; }
body { margin: 0; color: #000; font-family: SimSun, "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.5; }
article { position: relative; max-width: 210mm; margin: 16px auto; padding: 25mm 20mm 25mm 28mm; background: #fff; box-sizing: border-box; }
h1 { font-family: SimHei, "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; margin: 0 0 6pt; }
h2 { font-family: SimHei, "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 16pt; margin: 18pt 0 6pt; }
h3 { font-size: 12pt; font-weight: bold; margin: 12pt 0 6pt; }
p { margin: 0; text-indent: 2em; }
p.meta { text-align: center; text-indent: 0; font-size: 9pt; color: #444; word-break: break-all; }
p.note { text-indent: 0; border: 1px solid #999; padding: 4pt 8pt; margin: 8pt 0; }
ol { margin: 0; padding-left: 2em; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { font-weight: bold; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
dl.fields { margin: 0; }
dl.fields div { text-indent: 2em; }
dl.fields dt, dl.fields dd { display: inline; margin: 0; }
dl.fields dt::after { content: "："; }
.fingerprint { font-family: "Courier New", monospace; white-space: nowrap; }
.watermark { position: fixed; inset: 0; z-index: 10; pointer-events: none; overflow: hidden; display: grid;
  grid-template-columns: repeat(3, 1fr); grid-auto-rows: 160px; align-items: center; justify-items: center;
  user-select: none; -webkit-user-select: none; }
.watermark span { transform: rotate(-30deg); white-space: nowrap; font-size: 14pt; color: rgba(0, 0, 0, 0.12); font-family: sans-serif; }
@media print {
  html { background: none; }
  article { margin: 0; padding: 0; max-width: none; }
  .watermark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** How many copies of the watermark cover a page (3 columns × 8 rows of 160 px). */
const WATERMARK_COPIES = 24;

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'fields':
      return `<dl class="fields">${b.rows.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
    case 'list':
      return b.items.length ? `<ol>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>` : '<p>无</p>';
    case 'table':
      return b.rows.length ? table(b.header, b.rows) : '<p>无</p>';
  }
}

function table(header: string[], rows: string[][], cellClass: Array<string | undefined> = []): string {
  const cls = (i: number) => (cellClass[i] ? ` class="${cellClass[i]}"` : '');
  return (
    `<table><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

export function renderSummaryHtml(model: SummaryDocumentModel, options: { watermark?: Watermark } = {}): string {
  const parts: string[] = [];
  parts.push(`<header><h1>${escapeHtml(model.title)}</h1>`);
  parts.push(`<p class="meta">第${model.versionNo}版\u3000内容哈希（SHA-256）：${escapeHtml(model.contentHash)}</p></header>`);
  if (model.redacted) {
    parts.push('<p class="note" role="note">注：本文件中的保密内容及个人信息已隐去（【已隐去】），完整内容仅限协会管理层查阅。</p>');
  }
  for (const chapter of model.chapters) {
    parts.push(`<section class="chapter" data-module="${chapter.module}"><h2>${escapeHtml(chapter.heading)}</h2>`);
    for (const section of chapter.sections) {
      parts.push('<section>');
      if (section.heading) parts.push(`<h3>${escapeHtml(section.heading)}</h3>`);
      parts.push(...section.blocks.map(block));
      parts.push('</section>');
    }
    parts.push('</section>');
  }
  parts.push('<section class="attachments"><h2>附件</h2>');
  parts.push(
    model.attachments.length
      ? `<ol class="attachment-list">${model.attachments
          .map(
            (a) =>
              `<li data-kind="${a.kind}">${escapeHtml(a.label)}：${escapeHtml(a.kindLabel)}${a.name ? `（${escapeHtml(a.name)}）` : ''}</li>`,
          )
          .join('')}</ol>`
      : '<p>无</p>',
  );
  parts.push('</section><section class="signatures"><h2>签署</h2>');
  parts.push(
    model.signers.length
      ? table(
          ['签署环节', '姓名', '身份', '签署时间', '电子签名指纹'],
          model.signers.map((s) => [s.act, s.name, s.roleLabel, s.signedAt, s.fingerprint]),
          [undefined, undefined, undefined, undefined, 'fingerprint'],
        )
      : '<p>尚无电子签名</p>',
  );
  parts.push(
    '<p class="note">电子签名采用 Ed25519 算法，签署内容为签署人、签署时间及本版本内容哈希；指纹为签名值 SHA-256 摘要的前 16 位。</p></section>',
  );

  const mark = options.watermark;
  const copy = mark ? `<span>${escapeHtml(`${mark.reader} · ${mark.organisation} · ${mark.at}`)}</span>` : '';
  const watermark = mark ? `<div class="watermark" aria-hidden="true">${copy.repeat(WATERMARK_COPIES)}</div>` : '';
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head>` +
    `<body>${watermark}<article>${parts.join('')}</article></body></html>\n`
  );
}
