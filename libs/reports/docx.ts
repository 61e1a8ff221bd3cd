/**
 * A stored report as a Word document in the house format of libs/document/docx.ts: body 小四 宋体
 * with 1.5 line spacing, the title 小二 黑体 centred, section headings 三号 黑体, bordered tables
 * with a bold header row. Every run carries its font itself.
 */
import { AlignmentType } from 'docx';
import { CHAPTER_SIZE, TABLE_SIZE, body as paragraph, heading, houseDocument, table, title, type Block } from '../document/house-style.js';
import type { ReportContent } from './content.js';
import { reportModel, type Cell } from './sections.js';

const text = (c: Cell) => (c === null ? '—' : String(c));
const body = (t: string, indent = true) => paragraph(t, { indent });

export async function renderReportDocx(content: ReportContent, options: { associationName?: string } = {}): Promise<Buffer> {
  const model = reportModel(content);
  const children: Block[] = [title(model.title), paragraph(model.subtitle, { indent: false, align: AlignmentType.CENTER })];
  for (const section of model.sections) {
    children.push(heading(section.heading, CHAPTER_SIZE));
    for (const p of section.paragraphs) children.push(body(p));
    for (const t of section.tables) {
      if (section.tables.length > 1) children.push(body(t.name, false));
      children.push(
        t.rows.length
          ? table(
              t.header,
              t.rows.map((r) => r.map(text)),
              TABLE_SIZE,
            )
          : body('无'),
        body('', false),
      );
    }
  }
  return houseDocument({ creator: options.associationName ?? '影视协会', title: model.title, children });
}
