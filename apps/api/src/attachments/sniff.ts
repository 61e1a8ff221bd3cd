/**
 * Content types decided from the bytes alone (SPEC §4): the client's name and Content-Type are
 * never trusted. Anything not recognised here is refused, so markup (HTML, SVG) and executables
 * can never be stored and served back. Pure: unit-testable without Nest.
 */
import type { AttachmentKind } from '../../../../libs/summary/document.js';

export const CONTENT_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;
export type SniffedType = (typeof CONTENT_TYPES)[keyof typeof CONTENT_TYPES];

const IMAGES: readonly SniffedType[] = [CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.webp, CONTENT_TYPES.gif];

/** Which sniffed types each kind accepts (art. 6.3: photos and screenshots are images, tables are sheets). */
export const KIND_TYPES: Record<AttachmentKind, readonly SniffedType[]> = {
  photo: IMAGES,
  media_screenshot: IMAGES,
  data_table: [CONTENT_TYPES.xlsx, CONTENT_TYPES.csv],
  questionnaire_report: [CONTENT_TYPES.pdf, CONTENT_TYPES.docx, CONTENT_TYPES.xlsx],
};

const startsWith = (buf: Buffer, sig: readonly number[], at = 0): boolean =>
  buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The content type of `buf`, or null when it is none of the accepted formats. */
export function sniffContentType(buf: Buffer): SniffedType | null {
  if (buf.length === 0) return null;
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return CONTENT_TYPES.jpeg;
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return CONTENT_TYPES.png;
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return CONTENT_TYPES.gif;
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return CONTENT_TYPES.webp;
  if (startsWith(buf, ascii('%PDF-'))) return CONTENT_TYPES.pdf;
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return officeType(buf);
  return textType(buf);
}

/**
 * OOXML is a zip with `[Content_Types].xml`; the part names (which zip stores uncompressed in
 * its headers) tell a workbook from a document. Any other zip (jar, apk, …) is refused.
 */
function officeType(buf: Buffer): SniffedType | null {
  if (!buf.includes('[Content_Types].xml', 0, 'latin1')) return null;
  if (buf.includes('xl/workbook.xml', 0, 'latin1')) return CONTENT_TYPES.xlsx;
  if (buf.includes('word/document.xml', 0, 'latin1')) return CONTENT_TYPES.docx;
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 without NUL; markup and scripts are refused even as text, as nothing may render them. */
function textType(buf: Buffer): SniffedType | null {
  if (buf.includes(0)) return null;
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    return null;
  }
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') || head.startsWith('#!')) return null;
  if (/<\s*(script|html|svg|iframe|body|head)\b/i.test(head.slice(0, 1024))) return null;
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  return /[,;\t]/.test(firstLine) ? CONTENT_TYPES.csv : CONTENT_TYPES.text;
}
