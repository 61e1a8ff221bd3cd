/**
 * Content types decided from the bytes alone (SPEC §4): the client's name and Content-Type are
 * never trusted. Anything not recognised here is refused, so markup (HTML, SVG) and executables
 * can never be stored and served back; neither can an image that carries HTML behind its magic
 * number, nor an Office file with macros or embedded OLE objects. Pure (Node built-ins only):
 * unit-testable without Nest.
 */
import { inflateRawSync } from 'node:zlib';
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

/**
 * The file name extension of each sniffed type (first) and the other spellings of it that a
 * client's name may keep. A download is always named with one of these, never the client's own.
 */
export const EXTENSIONS: Record<SniffedType, readonly [string, ...string[]]> = {
  [CONTENT_TYPES.jpeg]: ['jpg', 'jpeg', 'jpe', 'jfif'],
  [CONTENT_TYPES.png]: ['png'],
  [CONTENT_TYPES.webp]: ['webp'],
  [CONTENT_TYPES.gif]: ['gif'],
  [CONTENT_TYPES.pdf]: ['pdf'],
  [CONTENT_TYPES.xlsx]: ['xlsx'],
  [CONTENT_TYPES.docx]: ['docx'],
  [CONTENT_TYPES.csv]: ['csv'],
  [CONTENT_TYPES.text]: ['txt'],
};

const IMAGES: readonly SniffedType[] = [CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.webp, CONTENT_TYPES.gif];

/** Which sniffed types each kind accepts (art. 6.3: photos and screenshots are images, tables are sheets). */
export const KIND_TYPES: Record<AttachmentKind, readonly SniffedType[]> = {
  photo: IMAGES,
  media_screenshot: IMAGES,
  data_table: [CONTENT_TYPES.xlsx, CONTENT_TYPES.csv],
  questionnaire_report: [CONTENT_TYPES.pdf, CONTENT_TYPES.docx, CONTENT_TYPES.xlsx],
};

/**
 * Why a file is refused: not an accepted format at all; an image with HTML or script markup in
 * its first bytes (a polyglot a browser could be talked into rendering as a page); an Office
 * file with macros (VBA, Excel 4.0 macro sheets) or embedded ActiveX / OLE objects.
 */
export type SniffRefusal = 'unsupportedType' | 'embeddedMarkup' | 'macrosNotAllowed';
export type SniffResult = { contentType: SniffedType; refusal?: undefined } | { contentType?: undefined; refusal: SniffRefusal };

const startsWith = (buf: Buffer, sig: readonly number[], at = 0): boolean =>
  buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The content type of `buf`, or why it is refused. */
export function sniff(buf: Buffer): SniffResult {
  if (buf.length === 0) return { refusal: 'unsupportedType' };
  const image = imageType(buf);
  if (image) return hasMarkupHead(buf) ? { refusal: 'embeddedMarkup' } : { contentType: image };
  if (startsWith(buf, ascii('%PDF-'))) return { contentType: CONTENT_TYPES.pdf };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return officeType(buf);
  const text = textType(buf);
  return text ? { contentType: text } : { refusal: 'unsupportedType' };
}

/** The content type of `buf`, or null when it is refused for any reason. */
export function sniffContentType(buf: Buffer): SniffedType | null {
  return sniff(buf).contentType ?? null;
}

function imageType(buf: Buffer): SniffedType | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return CONTENT_TYPES.jpeg;
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return CONTENT_TYPES.png;
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return CONTENT_TYPES.gif;
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return CONTENT_TYPES.webp;
  return null;
}

/**
 * How far into an image to look for markup. Browsers that sniff read at most the first 1,445
 * bytes (WHATWG MIME Sniffing), old Internet Explorer 256; 8 KB covers both with room to spare
 * and costs nothing next to the upload itself.
 */
export const MARKUP_SCAN_BYTES = 8 * 1024;
/** Tags that make a page: a real image's first bytes (headers, EXIF, XMP) never carry them. */
const MARKUP = /<\s*(?:script|html|head|body|iframe|frame|frameset|svg|object|embed|meta|style|link|img|form|base|!doctype)[\s/>]/i;

/** A GIF/PNG/JPEG/WebP magic number followed by HTML: refused rather than stored as an image. */
function hasMarkupHead(buf: Buffer): boolean {
  return MARKUP.test(buf.toString('latin1', 0, Math.min(buf.length, MARKUP_SCAN_BYTES)));
}

// ── Office Open XML (zip) ───────────────────────────────────────────────────────────────

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The entries of a zip as its central directory lists them (what Office itself reads), or null
 * when there is no well-formed one. Zip64 (over 65,535 entries or 4 GB) is never an upload here.
 */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  // The end-of-central-directory record: 22 bytes and a comment of up to 65,535 after it.
  let eocd = -1;
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) === EOCD && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const disk = buf.readUInt16LE(eocd + 4);
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (disk !== 0 || count === 0xffff || offset === 0xffffffff || offset + size > eocd) return null;

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || buf.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const flags = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 28);
    const end = at + 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (end > offset + size) return null;
    entries.push({
      // Bit 11: UTF-8 names; otherwise CP437, whose ASCII range is all that matters here.
      name: buf.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      flags,
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    });
    at = end;
  }
  return entries;
}

/** The uncompressed bytes of one entry, or null when they cannot be read within `maxBytes`. */
export function zipEntryData(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length || entry.size > maxBytes) return null;
  const data = buf.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}

/**
 * Parts that carry macros or active content: VBA projects (and their signatures and data), Excel
 * 4.0 macro sheets, ActiveX controls, legacy OLE objects and embedded macro-enabled or legacy
 * Office files. `*.bin` parts are OLE containers, except the printer settings every Excel and
 * Word file may have.
 */
const MACRO_PART = new RegExp(
  [
    String.raw`(^|/)(vbaProject[^/]*\.bin|vbaData\.xml|attachedToolbars\.bin)$`,
    String.raw`(^|/)(macrosheets|intlmacrosheets|activeX)/`,
    String.raw`(^|/)embeddings/[^/]*\.(xlsm|xltm|xlam|xlsb|xls|xlt|docm|dotm|doc|dot|pptm|potm|ppsm|ppam|sldm|ppt|pps|pot)$`,
  ].join('|'),
  'i',
);
const OLE_BIN = /\.bin$/i;
const PRINTER_SETTINGS = /(^|\/)printerSettings\/[^/]+\.bin$/i;
/** Content types that only macro-enabled or active-content packages declare. */
const MACRO_CONTENT_TYPE = /macroEnabled|vbaProject|vbaData|macrosheet|ms-office\.activeX|attachedToolbars|officedocument\.oleObject/i;

/** [Content_Types].xml is a few KB; anything near this is not an Office file. */
const CONTENT_TYPES_MAX_BYTES = 1024 * 1024;

/**
 * OOXML is a zip with `[Content_Types].xml`; its part names tell a workbook from a document. Any
 * other zip (jar, apk, …) is refused, and so is a workbook or document with macros (`.xlsm`,
 * `.docm` renamed, or with a VBA project added) or embedded OLE objects.
 */
function officeType(buf: Buffer): SniffResult {
  const entries = zipEntries(buf);
  if (!entries?.length) return { refusal: 'unsupportedType' };
  const names = new Set<string>();
  for (const e of entries) {
    const lower = e.name.toLowerCase();
    // Two parts of one name: which one a reader takes is up to the reader. Encrypted: unreadable.
    if (names.has(lower) || e.flags & 0x1) return { refusal: 'unsupportedType' };
    names.add(lower);
  }
  const contentTypes = entries.find((e) => e.name.toLowerCase() === '[content_types].xml');
  const declared = contentTypes && zipEntryData(buf, contentTypes, CONTENT_TYPES_MAX_BYTES);
  if (!declared) return { refusal: 'unsupportedType' };
  const type = names.has('xl/workbook.xml') ? CONTENT_TYPES.xlsx : names.has('word/document.xml') ? CONTENT_TYPES.docx : null;
  if (!type) return { refusal: 'unsupportedType' };
  const macroPart = entries.some((e) => MACRO_PART.test(e.name) || (OLE_BIN.test(e.name) && !PRINTER_SETTINGS.test(e.name)));
  if (macroPart || MACRO_CONTENT_TYPE.test(declared.toString('utf8'))) return { refusal: 'macrosNotAllowed' };
  return { contentType: type };
}

// ── text ────────────────────────────────────────────────────────────────────────────────

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
