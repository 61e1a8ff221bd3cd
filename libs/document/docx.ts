/**
 * The summary as a Word document (R-6.2 format): body text 小四 (12 pt) 宋体 with 1.5 line spacing,
 * the title 小二 黑体 centred, chapters 三号 黑体, sections bold 宋体. Every run and paragraph carries
 * its font, size and spacing itself (not only the style sheet), so a copy pasted elsewhere, or a
 * reader that ignores styles, keeps the format.
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
  type IRunOptions,
} from 'docx';
import type { Block, SummaryDocumentModel } from './model.js';

/** Half-points: 小四 12 pt, 三号 16 pt, 小二 18 pt. */
export const BODY_SIZE = 24;
const CHAPTER_SIZE = 32;
const TITLE_SIZE = 36;
/** 1.5 lines: w:line is in 240ths of a line with lineRule auto. */
export const BODY_LINE = 360;
export const BODY_FONT = 'SimSun';
const HEADING_FONT = 'SimHei';

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const spacing = { line: BODY_LINE, before: 0, after: 0 };

function run(text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text, font: font(BODY_FONT), size: BODY_SIZE, ...options });
}

function body(text: string, options: { indent?: boolean; bold?: boolean } = {}): Paragraph {
  return new Paragraph({
    spacing,
    // 首行缩进两字: 2 characters of 12 pt = 480 twips.
    indent: options.indent === false ? undefined : { firstLine: 480 },
    children: [run(text, { bold: options.bold })],
  });
}

function heading(text: string, size: number, fontName: string, align?: (typeof AlignmentType)[keyof typeof AlignmentType]): Paragraph {
  return new Paragraph({
    spacing: { line: BODY_LINE, before: 240, after: 120 },
    alignment: align,
    children: [new TextRun({ text, font: font(fontName), size, bold: fontName === BODY_FONT })],
  });
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
      children: [new Paragraph({ spacing, children: [run(text, { bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

function blocks(block: Block): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'paragraph':
      return [body(block.text)];
    case 'fields':
      return block.rows.map(([label, value]) => body(`${label}：${value}`));
    case 'list':
      return block.items.length ? block.items.map((item, i) => body(`${i + 1}. ${item}`)) : [body('无')];
    case 'table':
      return block.rows.length ? [table(block.header, block.rows), body('', { indent: false })] : [body('无')];
  }
}

export async function renderSummaryDocx(model: SummaryDocumentModel): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    heading(model.title, TITLE_SIZE, HEADING_FONT, AlignmentType.CENTER),
    new Paragraph({
      spacing,
      alignment: AlignmentType.CENTER,
      children: [run(`第${model.versionNo}版\u3000内容哈希（SHA-256）：${model.contentHash}`, { size: 18 })],
    }),
  ];
  if (model.redacted) {
    children.push(body('注：本文件中的保密内容及个人信息已隐去（【已隐去】），完整内容仅限协会管理层查阅。', { indent: false }));
  }
  for (const chapter of model.chapters) {
    children.push(heading(chapter.heading, CHAPTER_SIZE, HEADING_FONT));
    for (const section of chapter.sections) {
      if (section.heading) children.push(heading(section.heading, BODY_SIZE, BODY_FONT));
      for (const block of section.blocks) children.push(...blocks(block));
    }
  }

  children.push(heading('附件', CHAPTER_SIZE, HEADING_FONT));
  if (!model.attachments.length) children.push(body('无'));
  for (const a of model.attachments) children.push(body(`${a.label}：${a.kindLabel}${a.name ? `（${a.name}）` : ''}`));

  children.push(heading('签署', CHAPTER_SIZE, HEADING_FONT));
  children.push(
    model.signers.length
      ? table(
          ['签署环节', '姓名', '身份', '签署时间', '电子签名指纹'],
          model.signers.map((s) => [s.act, s.name, s.roleLabel, s.signedAt, s.fingerprint]),
        )
      : body('尚无电子签名'),
  );
  children.push(
    body('电子签名采用 Ed25519 算法，签署内容为签署人、签署时间及本版本内容哈希；指纹为签名值 SHA-256 摘要的前 16 位。', {
      indent: false,
    }),
  );

  const doc = new Document({
    creator: model.associationName,
    title: model.title,
    styles: {
      default: {
        document: { run: { font: font(BODY_FONT), size: BODY_SIZE }, paragraph: { spacing } },
      },
    },
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
