/**
 * The association's Word house style, shared by every document the service writes — the
 * summary, the periodic reports, the supervision sample: body 小四 (12 pt) 宋体 with 1.5 line
 * spacing, the title 小二 黑体 centred, chapters 三号 黑体, bordered tables with a bold header row,
 * A4 margins and a centred page number. Every run and paragraph carries its font, size and spacing
 * itself (not only the style sheet), so a copy pasted elsewhere, or a reader that ignores styles,
 * keeps the format.
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

/** Half-points: 五号 10.5 pt, 小四 12 pt, 四号 14 pt, 三号 16 pt, 小二 18 pt. */
export const TABLE_SIZE = 21;
export const BODY_SIZE = 24;
export const SECTION_SIZE = 28;
export const CHAPTER_SIZE = 32;
export const TITLE_SIZE = 36;
/** 1.5 lines: w:line is in 240ths of a line with lineRule auto. */
export const BODY_LINE = 360;
export const BODY_FONT = 'SimSun';
export const HEADING_FONT = 'SimHei';

export const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
export const spacing = { line: BODY_LINE, before: 0, after: 0 };

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
export type Block = Paragraph | Table;

export function run(text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text, font: font(BODY_FONT), size: BODY_SIZE, ...options });
}

/** A body paragraph; 首行缩进两字 (2 characters of 12 pt = 480 twips) unless `indent: false`. */
export function body(text: string, options: { indent?: boolean; bold?: boolean; align?: Align } = {}): Paragraph {
  return new Paragraph({
    spacing,
    alignment: options.align,
    indent: options.indent === false ? undefined : { firstLine: 480 },
    children: [run(text, { bold: options.bold })],
  });
}

/** A heading in 黑体 (or bold 宋体 for sections inside a chapter). */
export function heading(text: string, size: number, fontName = HEADING_FONT, align?: Align): Paragraph {
  return new Paragraph({
    spacing: { line: BODY_LINE, before: 240, after: 120 },
    alignment: align,
    children: [new TextRun({ text, font: font(fontName), size, bold: fontName === BODY_FONT })],
  });
}

export const title = (text: string) => heading(text, TITLE_SIZE, HEADING_FONT, AlignmentType.CENTER);

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** A full-width table with a bold, repeated header row; `size` 五号 for wide ones. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, size = BODY_SIZE): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
      children: [new Paragraph({ spacing, children: [run(text, { bold, size })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

/** The document: house styles, A4 margins (上下 2.54 cm, 左 3.17 cm, 右 2.54 cm), page numbers "— n —". */
export function houseDocument(options: { creator: string; title: string; children: Block[] }): Promise<Buffer> {
  const doc = new Document({
    creator: options.creator,
    title: options.title,
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
        children: options.children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
