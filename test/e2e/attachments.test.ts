/**
 * SPEC §4 attachments over HTTP: multipart upload with the type sniffed from the bytes, sha256,
 * atomic storage under a temp ATTACHMENTS_DIR, safe download headers, and every refusal (400,
 * 403, 404, 413) leaving neither a file nor a row behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { AttachmentEntity } from '../../libs/db/entities/attachment.entity.js';
import { exampleSummary, type ExampleAttachmentIds } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import { registerExampleActivity } from './support/fixtures.js';
import { bearer, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let small: Stack;
const dir = mkdtempSync(path.join(tmpdir(), 'attachments-e2e-'));
const smallDir = mkdtempSync(path.join(tmpdir(), 'attachments-small-e2e-'));

beforeAll(async () => {
  stack = await startStack({ ATTACHMENTS_DIR: dir });
  // Same database, a 1 KB limit; uploads only, so it needs no worker.
  small = await startStack({ ATTACHMENTS_MAX_BYTES: '1024', ATTACHMENTS_DIR: smallDir }, { worker: false });
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
