/**
 * A stored report as an Excel workbook (exceljs): a 概要 sheet with the title, period and every
 * section's text, then one sheet per table with a bold, frozen header row in 宋体. Numbers stay
 * numbers, so the council can sort and sum them.
 */
import ExcelJS from 'exceljs';
import type { ReportContent } from './content.js';
import { reportModel } from './sections.js';

const FONT = { name: '宋体', size: 11 };

export async function renderReportXlsx(content: ReportContent, options: { associationName?: string } = {}): Promise<Buffer> {
  const model = reportModel(content);
  const wb = new ExcelJS.Workbook();
  wb.creator = options.associationName ?? '影视协会';
  // Fixed, so the same report always gives the same workbook properties.
  wb.created = new Date(content.periodEnd);
  wb.modified = new Date(content.periodEnd);
  wb.title = model.title;

  const summary = wb.addWorksheet('概要');
  summary.getColumn(1).width = 120;
  summary.addRow([model.title]).font = { ...FONT, size: 16, bold: true };
  summary.addRow([model.subtitle]).font = FONT;
  for (const s of model.sections) {
    summary.addRow([]);
    summary.addRow([s.heading]).font = { ...FONT, bold: true };
    for (const p of s.paragraphs) {
      const row = summary.addRow([p]);
      row.font = FONT;
      row.alignment = { wrapText: true, vertical: 'top' };
    }
  }

  for (const t of model.sections.flatMap((s) => s.tables)) {
    const sheet = wb.addWorksheet(t.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(t.header).font = { ...FONT, bold: true };
    for (const r of t.rows) sheet.addRow(r.map((c) => c ?? '—')).font = FONT;
    t.header.forEach((h, i) => {
      const longest = Math.max(h.length * 2, ...t.rows.map((r) => String(r[i] ?? '—').length * 2));
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
