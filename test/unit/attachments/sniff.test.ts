/**
 * Security review, finding 4: what the attachment sniffer accepts is decided by the bytes, and
 * nothing that can run (HTML behind an image header, VBA macros, OLE objects) gets through.
 */
import { CONTENT_TYPES, MARKUP_SCAN_BYTES, sniff, sniffContentType, zipEntries } from '../../../apps/api/src/attachments/sniff.js';
import { docx, OLE_HEADER, xlsx, zip } from '../../support/ooxml.js';

const GIF = Buffer.concat([
  Buffer.from('GIF89a', 'latin1'),
  Buffer.from('010001008000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex'),
]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

describe('sniff: accepted formats', () => {
  it.each([
    ['GIF', GIF, CONTENT_TYPES.gif],
    ['JPEG', JPEG, CONTENT_TYPES.jpeg],
    ['PDF', Buffer.from('%PDF-1.4\n%%EOF\n'), CONTENT_TYPES.pdf],
    ['CSV', Buffer.from('项目,线上,线下\n参与人数,180,260\n'), CONTENT_TYPES.csv],
    ['XLSX', xlsx(), CONTENT_TYPES.xlsx],
    ['DOCX', docx(), CONTENT_TYPES.docx],
    [
      'XLSX with printer settings (a .bin part every Excel may write)',
      xlsx({ extra: [{ name: 'xl/printerSettings/printerSettings1.bin', data: Buffer.alloc(64, 1) }] }),
      CONTENT_TYPES.xlsx,
    ],
    [
      'DOCX with an embedded chart workbook',
      docx({ extra: [{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: xlsx() }] }),
      CONTENT_TYPES.docx,
    ],
  ])('%s', (_name, bytes, type) => {
    expect(sniff(bytes)).toEqual({ contentType: type });
    expect(sniffContentType(bytes)).toBe(type);
  });

  it('reads part names from the central directory, stored or deflated', () => {
    const stored = zip([
      { name: '[Content_Types].xml', data: '<Types/>', deflate: false },
      { name: 'xl/workbook.xml', data: '<workbook/>', deflate: false },
    ]);
    expect(zipEntries(stored)?.map((e) => [e.name, e.method])).toEqual([
      ['[Content_Types].xml', 0],
      ['xl/workbook.xml', 0],
    ]);
    expect(sniff(stored)).toEqual({ contentType: CONTENT_TYPES.xlsx });
  });
});

describe('an HTML page behind an image header is refused, never stored as a photo', () => {
  it.each([
    ['GIF header + <html>', Buffer.concat([Buffer.from('GIF89a'), Buffer.from('<html><body><script>alert(document.cookie)</script>')])],
    ['GIF header + <script>', Buffer.concat([GIF, Buffer.from('<script src=//evil.example/x.js></script>')])],
    ['GIF header + <!DOCTYPE html>', Buffer.from('GIF87a<!DOCTYPE html><p>hi')],
    [
      'PNG with a text chunk holding <svg onload>',
      Buffer.concat([PNG_SIGNATURE, Buffer.from('\0\0\0\x20tEXtComment\0<svg/onload=alert(1)>')]),
    ],
    [
      'JPEG with a comment holding <iframe>',
      Buffer.concat([Buffer.from('ffd8fffe0020', 'hex'), Buffer.from('<IFRAME src="http://evil">')]),
    ],
    ['WebP + <img onerror>', Buffer.concat([Buffer.from('RIFF\x10\0\0\0WEBPVP8 '), Buffer.from('<img src=x onerror=alert(1)>')])],
  ])('%s', (_name, bytes) => {
    expect(sniff(bytes)).toEqual({ refusal: 'embeddedMarkup' });
    expect(sniffContentType(bytes)).toBeNull();
  });

  it('looks at the first 8 KB only, which covers what any browser sniffs (1,445 bytes)', () => {
    expect(MARKUP_SCAN_BYTES).toBeGreaterThanOrEqual(1445);
    const late = Buffer.concat([GIF, Buffer.alloc(MARKUP_SCAN_BYTES), Buffer.from('<html>')]);
    expect(sniff(late)).toEqual({ contentType: CONTENT_TYPES.gif });
  });

  it('keeps refusing HTML and SVG that do not pretend to be images', () => {
    expect(sniff(Buffer.from('<!DOCTYPE html><html></html>'))).toEqual({ refusal: 'unsupportedType' });
    expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toEqual({ refusal: 'unsupportedType' });
    expect(sniff(Buffer.from('项目,线上\n<script>alert(1)</script>,1\n'))).toEqual({ refusal: 'unsupportedType' });
  });
});

describe('an Office file with macros or embedded objects is refused (a macro workbook is never accepted as .xlsm)', () => {
  const vba = { name: 'xl/vbaProject.bin', data: OLE_HEADER };
  const vbaContentType = { bin: 'application/vnd.ms-office.vbaProject' };
  it.each([
    ['an .xlsm (macro-enabled workbook with xl/vbaProject.bin)', xlsx({ macroEnabled: true, extra: [vba], defaults: vbaContentType })],
    ['an .xlsm renamed, its content types rewritten to a plain workbook', xlsx({ extra: [vba] })],
    ['an .xlsm with only the macro-enabled content type', xlsx({ macroEnabled: true })],
    ['a .docm (word/vbaProject.bin)', docx({ macroEnabled: true, extra: [{ name: 'word/vbaProject.bin', data: OLE_HEADER }] })],
    ['a document with word/vbaData.xml', docx({ extra: [{ name: 'word/vbaData.xml', data: '<wne:vbaSuppData/>' }] })],
    ['a workbook with an Excel 4.0 macro sheet', xlsx({ extra: [{ name: 'xl/macrosheets/sheet1.xml', data: '<xm:macrosheet/>' }] })],
    ['a workbook with an ActiveX control', xlsx({ extra: [{ name: 'xl/activeX/activeX1.bin', data: OLE_HEADER }] })],
    ['a document with an OLE object (.bin)', docx({ extra: [{ name: 'word/embeddings/oleObject1.bin', data: OLE_HEADER }] })],
    [
      'a document embedding a macro workbook',
      docx({ extra: [{ name: 'word/embeddings/Book1.xlsm', data: xlsx({ macroEnabled: true }) }] }),
    ],
    ['a document declaring an OLE object type', docx({ defaults: { dat: 'application/vnd.openxmlformats-officedocument.oleObject' } })],
    ['a VBA project under another folder, in upper case', docx({ extra: [{ name: 'CUSTOM/VBAPROJECT.BIN', data: OLE_HEADER }] })],
  ])('%s', (_name, bytes) => {
    expect(sniff(bytes)).toEqual({ refusal: 'macrosNotAllowed' });
  });
});

describe('a zip that is not an Office package is refused', () => {
  it.each([
    ['a jar', zip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }])],
    ['no [Content_Types].xml', zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }])],
    [
      'part names only inside a file, not in the directory',
      zip([{ name: '[Content_Types].xml', data: 'xl/workbook.xml word/document.xml' }]),
    ],
    [
      'two parts of the same name',
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'XL/Workbook.xml', data: '<workbook/>' },
      ]),
    ],
    ['a truncated archive (no central directory)', xlsx().subarray(0, 200)],
    ['only a local header signature', Buffer.from('PK\x03\x04')],
  ])('%s', (_name, bytes) => {
    expect(sniff(bytes)).toEqual({ refusal: 'unsupportedType' });
  });

  it('refuses a zip bomb in [Content_Types].xml instead of inflating it', () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(sniff(bomb)).toEqual({ refusal: 'unsupportedType' });
  });
});
