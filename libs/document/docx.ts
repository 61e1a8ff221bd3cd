/**
 * The summary as a Word document (R-6.2 format): body text 小四 (12 pt) 宋体 with 1.5 line spacing,
 * the title 小二 黑体 centred, chapters 三号 黑体, sections bold 宋体. Every run and paragraph carries
 * its font, size and spacing itself (not only the style sheet), so a copy pasted elsewhere, or a
 * reader that ignores styles, keeps the format.
 */
import { AlignmentType, Paragraph } from 'docx';
import type { Block, SummaryDocumentModel } from './model.js';
import {
  BODY_FONT,
  BODY_SIZE,
  CHAPTER_SIZE,
  HEADING_FONT,
  body,
  heading,
  houseDocument,
  run,
  spacing,
  table,
  title,
  type Block as DocxBlock,
} from './house-style.js';

export { BODY_FONT, BODY_LINE, BODY_SIZE } from './house-style.js';

function blocks(block: Block): DocxBlock[] {
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
  const children: DocxBlock[] = [
    title(model.title),
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

  return houseDocument({ creator: model.associationName, title: model.title, children });
}
