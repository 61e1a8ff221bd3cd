/**
 * A stored report as a Word document in the house format of libs/document/docx.ts: body 小四 宋体
 * with 1.5 line spacing, the title 小二 黑体 centred, section headings 三号 黑体, bordered tables
 * with a bold header row. Every run carries its font itself.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { BODY_FONT, BODY_LINE, BODY_SIZE } from '../document/docx.js';
import type { ReportContent } from './content.js';
import { reportModel, type Cell, type ReportTable } from './sections.js';

const HEADING_FONT = 'SimHei';
const TITLE_SIZE = 36;
const SECTION_SIZE = 32;
/** Tables in 五号 (10.5 pt): a dozen columns must fit the page. */
const TABLE_SIZE = 21;

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const spacing = { line: BODY_LINE, before: 0, after: 0 };
const text = (c: Cell) => (c === null ? '—' : String(c));

function body(t: string, indent = true): Paragraph {
  return new Paragraph({
    spacing,
    indent: indent ? { firstLine: 480 } : undefined,
    children: [new TextRun({ text: t, font: font(BODY_FONT), size: BODY_SIZE })],
  });
}

function heading(t: string, size: number, center = false): Paragraph {
  return new Paragraph({
    spacing: { line: BODY_LINE, before: 240, after: 120 },
    alignment: center ? AlignmentType.CENTER : undefined,
    children: [new TextRun({ text: t, font: font(HEADING_FONT), size })],
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(t: ReportTable): Table {
  const cell = (c: Cell, bold = false) =>
    new TableCell({
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      children: [new Paragraph({ children: [new TextRun({ text: text(c), font: font(BODY_FONT), size: TABLE_SIZE, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, true)) }),
      ...t.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

export async function renderReportDocx(content: ReportContent, options: { associationName?: string } = {}): Promise<Buffer> {
  const model = reportModel(content);
  const children: Array<Paragraph | Table> = [
    heading(model.title, TITLE_SIZE, true),
    new Paragraph({
      spacing,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: model.subtitle, font: font(BODY_FONT), size: BODY_SIZE })],
    }),
  ];
  for (const section of model.sections) {
    children.push(heading(section.heading, SECTION_SIZE));
    for (const p of section.paragraphs) children.push(body(p));
    for (const t of section.tables) {
      if (section.tables.length > 1) children.push(body(t.name, false));
      children.push(t.rows.length ? table(t) : body('无'), body('', false));
    }
  }
  const doc = new Document({
    creator: options.associationName ?? '影视协会',
    title: model.title,
    styles: { default: { document: { run: { font: font(BODY_FONT), size: BODY_SIZE }, paragraph: { spacing } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1800, right: 1440 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(BODY_FONT), size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
