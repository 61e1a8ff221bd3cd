/**
 * the paper file's label as a printable page: the label text large, with the electronic
 * copy's name and folder so paper and file can be matched. Plain HTML and print CSS; no script,
 * no QR code, nothing loaded from elsewhere.
 */
import { shanghaiDate } from '../../../../libs/calendar/dates.js';
import { typeLabelZh } from '../../../../libs/archive/naming.js';
import type { ActivityType } from '../../../../libs/domain/activity.js';

export interface LabelInput {
  paperLabel: string;
  electronicName: string;
  folder: string;
  activityName: string;
  type: ActivityType;
  endAt: Date;
  leadDepartment: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function labelPage(input: LabelInput): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${e(input.paperLabel)}</title>
<style>
  @page { size: A4; margin: 20mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; margin: 0; }
  .label { border: 2px solid #000; padding: 16mm 12mm; max-width: 160mm; margin: 10mm auto; }
  .label h1 { font-size: 28pt; text-align: center; margin: 0 0 12mm; letter-spacing: 0.1em; }
  .label dl { display: grid; grid-template-columns: max-content 1fr; gap: 3mm 6mm; font-size: 12pt; margin: 0; }
  .label dt { font-weight: bold; }
  .label dd { margin: 0; word-break: break-all; }
  .hint { text-align: center; color: #555; font-size: 10pt; }
  @media print { .hint { display: none; } .label { margin: 0 auto; } }
</style>
</head>
<body>
<main class="label">
  <h1>${e(input.paperLabel)}</h1>
  <dl>
    <dt>活动名称</dt><dd>${e(input.activityName)}</dd>
    <dt>活动类型</dt><dd>${e(typeLabelZh(input.type))}</dd>
    <dt>结束日期</dt><dd>${e(shanghaiDate(input.endAt))}</dd>
    <dt>主办部门</dt><dd>${e(input.leadDepartment)}</dd>
    <dt>电子版名称</dt><dd>${e(input.electronicName)}</dd>
    <dt>电子版位置</dt><dd>${e(input.folder)}</dd>
  </dl>
</main>
<p class="hint">打印本页（Ctrl+P），贴于纸质档案封面或脊背。</p>
</body>
</html>
`;
}
