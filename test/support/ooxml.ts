/**
 * Zip archives and minimal Office Open XML packages built byte by byte (Node built-ins only), for
 * the attachment sniffing tests: a plain workbook and document, and the macro-enabled variants.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: Buffer | string;
  /** Deflated unless false. */
  deflate?: boolean;
}

/** A zip with a central directory, as Office writes it (UTF-8 names, deflate). */
export function zip(entries: readonly ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const method = e.deflate === false ? 0 : 8;
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x5000, 10); // 10:00:00
    local.writeUInt16LE(0x5b54, 12); // 2025-10-20
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x5000, 12);
    central.writeUInt16LE(0x5b54, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, eocd]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const OD = 'application/vnd.openxmlformats-officedocument';

function contentTypes(overrides: Record<string, string>, defaults: Record<string, string> = {}): string {
  const d = { rels: `${OD.replace('officedocument', 'package')}.relationships+xml`, xml: 'application/xml', ...defaults };
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    Object.entries(d)
      .map(([ext, type]) => `<Default Extension="${ext}" ContentType="${type}"/>`)
      .join('') +
    Object.entries(overrides)
      .map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`)
      .join('') +
    '</Types>'
  );
}

const rels = (target: string, type: string) =>
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>` +
  '</Relationships>';

export interface PackageOptions {
  /** The main part's content type says macro-enabled (what Excel writes for .xlsm / Word for .docm). */
  macroEnabled?: boolean;
  /** Extra parts, e.g. `xl/vbaProject.bin`. */
  extra?: ZipInput[];
  /** Extra `<Default>` content types by extension. */
  defaults?: Record<string, string>;
}

/** A workbook with one sheet of two rows; `.xlsm` when `macroEnabled` and a VBA project is added. */
export function xlsx(opts: PackageOptions = {}): Buffer {
  const main = opts.macroEnabled ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : `${OD}.spreadsheetml.sheet.main+xml`;
  return zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes({ 'xl/workbook.xml': main, 'xl/worksheets/sheet1.xml': `${OD}.spreadsheetml.worksheet+xml` }, opts.defaults),
    },
    { name: '_rels/.rels', data: rels('xl/workbook.xml', 'officeDocument') },
    {
      name: 'xl/workbook.xml',
      data:
        `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="参与人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    { name: 'xl/_rels/workbook.xml.rels', data: rels('worksheets/sheet1.xml', 'worksheet') },
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
        '<row r="1"><c r="A1" t="inlineStr"><is><t>线上</t></is></c><c r="B1" t="inlineStr"><is><t>线下</t></is></c></row>' +
        '<row r="2"><c r="A2"><v>180</v></c><c r="B2"><v>260</v></c></row></sheetData></worksheet>',
    },
    ...(opts.extra ?? []),
  ]);
}

/** A document with one paragraph; `.docm` when `macroEnabled`. */
export function docx(opts: PackageOptions = {}): Buffer {
  const main = opts.macroEnabled ? 'application/vnd.ms-word.document.macroEnabled.main+xml' : `${OD}.wordprocessingml.document.main+xml`;
  return zip([
    { name: '[Content_Types].xml', data: contentTypes({ 'word/document.xml': main }, opts.defaults) },
    { name: '_rels/.rels', data: rels('word/document.xml', 'officeDocument') },
    {
      name: 'word/document.xml',
      data:
        `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
        '<w:body><w:p><w:r><w:t>问卷分析报告</w:t></w:r></w:p></w:body></w:document>',
    },
    ...(opts.extra ?? []),
  ]);
}

/** The start of an OLE compound file (what vbaProject.bin is). */
export const OLE_HEADER = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504, 0)]);
