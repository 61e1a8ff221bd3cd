/**
 * the archive end to end: a summary approved at the third level is stored as DOCX
 * under its generated names in ARCHIVE_DIR; the archivist's confirmations are checked against
 * them (electronic: the generated location; paper: stamped, bound, attachments included); the
 * label prints; and a destruction leaves only the signed tombstone.
 *
 * The disposal review comes three years after archiving, which only the time-skipping
 * server reaches: the destruction runs here through the worker's archive step itself (the one the
 * projection of a DISPOSED state calls) against the real PostgreSQL and files.
 */
import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArchiveSteward } from '../../activities/archive.activities.js';
import { FolderArchiveStore } from '../../libs/archive/store.js';
import { finalDocx } from '../../libs/archive/final-docx.js';
import { verifyTombstone } from '../../libs/archive/tombstone.js';
import { findTombstone } from '../../libs/archive/destroy.js';
import { loadSigningKey } from '../../libs/signature/signature.js';
import { exampleSummary } from '../../libs/summary/index.js';
import * as fixtures from './support/fixtures.js';
import { bearer, eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let archiveDir: string;
beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'archive-e2e-'));
  stack = await startStack({ ARCHIVE_DIR: archiveDir });
});
afterAll(async () => {
  await stack?.stop();
  await rm(archiveDir, { recursive: true, force: true });
});

const post = (user: string, id: string, p: string, body: unknown) => stack.as(user)('POST', `/api/activities/${id}/${p}`, body);
const getArchive = (id: string, user = 'archivist') => stack.as(user)('GET', `/api/activities/${id}/archive`);
const PAPER = { medium: 'paper', location: '档案室 A-12', stamped: true, bound: true, attachmentsIncluded: true };

/** Draft, three approvals: the final version is formed (stage ARCHIVING). */
async function toArchiving(id: string): Promise<void> {
  expect((await post('staff', id, 'summaries', { document: exampleSummary() })).status).toBe(201);
  for (const [user, level] of [
    ['dept_head', 1],
    ['admin', 2],
    ['vp', 3],
  ] as const) {
    const res = await post(user, id, 'reviews', { level, decision: 'approve', comments: [] });
    expect(res.status).toBe(200);
  }
}

/** Waits until the worker has stored the final copy. */
const stored = (id: string) =>
  eventually(
    () => getArchive(id),
    (r) => r.status === 200 && r.body.stored === true,
  );

async function uploadPhoto(id: string): Promise<{ id: string; storageKey?: string }> {
  const form = new FormData();
  form.append('kind', 'photo');
  const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
  form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), '现场.jpg');
  const res = await fetch(`${stack.baseUrl}/api/activities/${id}/attachments`, {
    method: 'POST',
    headers: bearer(await stack.login('staff')),
    body: form,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

const count = async (sql: string, id: string) => Number(((await stack.dataSource.query(sql, [id])) as [{ n: string }])[0].n);

describe('the archive copy (R-11, R-12)', () => {
  it('generates the names at the final version, stores the DOCX in ARCHIVE_DIR, and checks both confirmations', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const early = await getArchive(id);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ARCHIVE_NOT_READY', messageZh: expect.stringContaining('终稿尚未形成') });

    await toArchiving(id);
    const archive = (await stored(id)).body;
    expect(archive).toMatchObject({
      activityId: id,
      electronicName: expect.stringMatching(/^2026青年导演论坛总结20261120(-[0-9a-f]{8})?$/),
      folder: '活动总结/2026/学术研讨/',
      paperLabel: '2026青年导演论坛活动总结档案',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      versionId: expect.any(String),
      copies: [],
    });
    expect(archive.electronicLocation).toBe(`${archive.folder}${archive.electronicName}`);
    const file = path.join(archiveDir, ...archive.folder.split('/').filter(Boolean), `${archive.electronicName}.docx`);
    expect((await stat(file)).size).toBeGreaterThan(100);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(file)).subarray(0, 2).toString('latin1')).toBe('PK'); // a DOCX is a zip

    // Electronic: only the generated location is accepted.
    const wrong = await post('archivist', id, 'archive', { medium: 'electronic', location: '活动总结/2026/seminar/随便写的' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'ARCHIVE_CHECK_FAILED', messageZh: expect.any(String) });
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'location', code: 'notGeneratedLocation' })]);
    expect(wrong.body.details[0].message).toContain(archive.electronicLocation);

    // Paper: stamped, bound and attachments included, each required.
    const bare = await post('archivist', id, 'archive', { medium: 'paper', location: '档案室 A-12' });
    expect(bare.status).toBe(422);
    expect(bare.body.details.map((d: { field: string }) => d.field)).toEqual(['stamped', 'bound', 'attachmentsIncluded']);
    const unbound = await post('archivist', id, 'archive', { ...PAPER, bound: false });
    expect(unbound.status).toBe(422);
    expect(unbound.body.details).toEqual([expect.objectContaining({ field: 'bound', code: 'mustBeTrue', messageZh: expect.any(String) })]);
    expect((await stack.as('archivist')('GET', `/api/activities/${id}`)).body.lifecycle.archive).toEqual([]);

    expect((await post('archivist', id, 'archive', PAPER)).status).toBe(200);
    const done = await post('archivist', id, 'archive', { medium: 'electronic', location: archive.electronicLocation });
    expect(done.status).toBe(200);
    expect(done.body.lifecycle.stage).toBe('FEEDBACK');

    const after = await getArchive(id, 'management');
    expect(after.status).toBe(200);
    expect(after.body.copies).toEqual([
      expect.objectContaining({
        medium: 'paper',
        location: '档案室 A-12',
        confirmedBy: expect.any(String),
        confirmedAt: expect.any(String),
        stamped: true,
        bound: true,
        attachmentsIncluded: true,
      }),
      expect.objectContaining({ medium: 'electronic', location: archive.electronicLocation }),
    ]);
    // A department outside the lead one may not read it.
    expect((await getArchive(id, 'training_staff')).status).toBe(403);
  });

  it('two activities with the same name and end day never share a file; each keeps its name', async () => {
    const ids: [string, string] = [await fixtures.registerExampleActivity(stack), await fixtures.registerExampleActivity(stack)];
    for (const id of ids) await toArchiving(id);
    const [a, b] = await Promise.all(ids.map(async (id) => (await stored(id)).body));
    expect(a.electronicName).not.toBe(b.electronicName);
    for (const [id, x] of [
      [ids[0], a],
      [ids[1], b],
    ] as const) {
      if (x.electronicName !== '2026青年导演论坛总结20261120')
        expect(x.electronicName).toBe(`2026青年导演论坛总结20261120-${id.slice(0, 8)}`);
      expect((await stat(path.join(archiveDir, ...x.folder.split('/').filter(Boolean), `${x.electronicName}.docx`))).isFile()).toBe(true);
      // Stable: asked again, the same name.
      expect((await getArchive(id)).body.electronicName).toBe(x.electronicName);
    }
  });

  it('R-12.2 prints the paper label as an HTML page', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const before = await fetch(`${stack.baseUrl}/api/activities/${id}/archive/label.html`, {
      headers: bearer(await stack.login('archivist')),
    });
    expect(before.status).toBe(409);
    await toArchiving(id);
    const { electronicName } = (await stored(id)).body;
    const res = await fetch(`${stack.baseUrl}/api/activities/${id}/archive/label.html`, {
      headers: bearer(await stack.login('archivist')),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toContain('<h1>2026青年导演论坛活动总结档案</h1>');
    expect(html).toContain(electronicName);
    expect(html).toContain('活动总结/2026/学术研讨/');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<img|https?:\/\//i);
  });
});

describe('a copy whose first try failed (R-12)', () => {
  it('the sweeper stores what is missing under the same names, and leaves what is stored alone', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    await toArchiving(id);
    const first = (await stored(id)).body;
    const file = path.join(archiveDir, ...first.folder.split('/').filter(Boolean), `${first.electronicName}.docx`);
    // As if the worker died after claiming the names and before the file was complete.
    await rm(file);
    await stack.dataSource.query(`UPDATE archive_records SET stored_at = NULL, sha256 = NULL, size = NULL WHERE activity_id = $1`, [id]);
    expect((await getArchive(id)).body.stored).toBe(false);
    let renders = 0;
    const steward = createArchiveSteward({
      dataSource: stack.dataSource,
      store: new FolderArchiveStore(archiveDir),
      renderFinalDocx: async (activityId) => {
        renders++;
        return finalDocx(stack.dataSource, stack.config)(activityId);
      },
      attachmentsDir: stack.config.attachments.dir,
      signingKey: loadSigningKey(stack.config.signing.privateKeyPem),
    });
    // Other suites' activities may be due too: sweep until this one is back.
    await eventually(
      async () => (await steward.sweep(500), await getArchive(id)),
      (r) => r.body.stored === true,
    );
    const again = (await getArchive(id)).body;
    expect(again.electronicName).toBe(first.electronicName);
    expect((await stat(file)).isFile()).toBe(true);
    // (The stack's own worker sweeps every 30 s too: either may have done it.)
    const before = renders;
    await steward.reconcile({ activityId: id, stage: 'FEEDBACK', disposals: [] });
    expect(renders).toBe(before);
  });
});

describe('destroy at the end of retention (R-13.1)', () => {
  it('deletes the versions, reviews, signatures, attachments and the archive copy, and leaves only a signed tombstone', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const photo = await uploadPhoto(id);
    await toArchiving(id);
    const archive = (await stored(id)).body;
    expect((await post('archivist', id, 'archive', PAPER)).status).toBe(200);
    expect((await post('archivist', id, 'archive', { medium: 'electronic', location: archive.electronicLocation })).status).toBe(200);
    const [{ storage_key: photoKey }] = (await stack.dataSource.query(`SELECT storage_key FROM attachments WHERE id = $1`, [photo.id])) as [
      { storage_key: string },
    ];
    const photoFile = path.join(stack.config.attachments.dir, photoKey);
    const copyFile = path.join(archiveDir, ...archive.folder.split('/').filter(Boolean), `${archive.electronicName}.docx`);
    await stat(photoFile);
    await stat(copyFile);
    const [{ content_hash: finalHash }] = (await stack.dataSource.query(`SELECT content_hash FROM summary_versions WHERE id = $1`, [
      archive.versionId,
    ])) as [{ content_hash: string }];
    expect(await count(`SELECT count(*) AS n FROM signatures WHERE activity_id = $1`, id)).toBeGreaterThan(0);

    // What the worker does when it projects the DISPOSED state of a `destroy` decision.
    const key = loadSigningKey(stack.config.signing.privateKeyPem);
    const steward = createArchiveSteward({
      dataSource: stack.dataSource,
      store: new FolderArchiveStore(archiveDir),
      renderFinalDocx: finalDocx(stack.dataSource, stack.config),
      attachmentsDir: stack.config.attachments.dir,
      signingKey: key,
    });
    const decidedAt = new Date().toISOString();
    const disposed = {
      activityId: id,
      stage: 'DISPOSED' as const,
      disposals: [
        {
          decision: 'destroy' as const,
          extendYears: null,
          reason: '保管期满，无继续保存价值',
          by: { userId: 'u-archivist', role: 'archivist' as const, department: null },
          at: decidedAt,
        },
      ],
    };
    expect(await steward.reconcile(disposed)).toBe('destroyed');

    for (const table of ['summary_versions', 'reviews', 'signatures', 'attachments', 'archive_records', 'archive_paper_details']) {
      expect([table, await count(`SELECT count(*) AS n FROM ${table} WHERE activity_id = $1`, id)]).toEqual([table, 0]);
    }
    await expect(stat(photoFile)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(copyFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const tombstone = await stack.as('archivist')('GET', `/api/activities/${id}/archive/tombstone`);
    expect(tombstone.status).toBe(200);
    expect(tombstone.body).toMatchObject({
      activityId: id,
      contentHash: finalHash,
      decidedBy: { userId: 'u-archivist', role: 'archivist' },
      decidedAt,
      reason: '保管期满，无继续保存价值',
      algorithm: 'Ed25519',
      keyId: key.keyId,
      completedAt: expect.any(String),
      verified: true,
    });
    expect(tombstone.body.destroyed.versions).toEqual([expect.objectContaining({ id: archive.versionId, contentHash: finalHash })]);
    expect(tombstone.body.destroyed.attachments).toEqual([expect.objectContaining({ id: photo.id, kind: 'photo' })]);
    expect(tombstone.body.destroyed.archiveCopy).toMatchObject({ electronicName: archive.electronicName, sha256: archive.sha256 });

    // The signature covers the statement: one changed word and it no longer verifies.
    const stored_ = (await findTombstone(stack.dataSource, id))!;
    const { id: _rowId, algorithm: _a, keyId: _k, signature, completedAt: _c, ...statement } = stored_;
    const publicKey = createPublicKey(key.publicKeyPem);
    expect(verifyTombstone(publicKey, statement, signature)).toBe(true);
    expect(verifyTombstone(publicKey, { ...statement, reason: '另有原因' }, signature)).toBe(false);
    // Sealed in the database too.
    await expect(stack.dataSource.query(`UPDATE archive_tombstones SET reason = 'x' WHERE activity_id = $1`, [id])).rejects.toThrow(
      /sealed/,
    );

    // Idempotent: again changes nothing, and the archive is not stored anew.
    expect(await steward.reconcile(disposed)).toBe('destroyed');
    expect(await steward.reconcile({ ...disposed, stage: 'RETAINED' })).toBeNull();
    expect((await findTombstone(stack.dataSource, id))!.signature).toBe(signature);
    const gone = await getArchive(id);
    expect(gone.status).toBe(409);
    expect(gone.body.details[0]).toMatchObject({ code: 'destroyed' });
    expect((await stack.as('archivist')('GET', `/api/activities/${id}/summaries`)).body.items).toEqual([]);
  });
});
