/**
 * Issue #13 item 4: `npm run backup` and `npm run restore`, round trip, for real. An installation
 * of its own — embedded PostgreSQL in a temporary DATA_DIR, a dev server on its SQLite file there,
 * the keys there, the API and a worker — gets lifecycles in several stages; scripts/backup.mjs
 * archives it while everything runs; everything stops; scripts/backup.mjs restores the archive
 * into a fresh DATA_DIR; a second installation started from that folder has every activity,
 * summary version, signature, review, escalation and attachment byte, its workflows answer
 * queries in the same stage, and they go on: a timer pending at the backup fires, a deadline
 * escalates, a review is taken and signed with the restored key.
 *
 * A deadline due "shortly" after the restore, without a clock to move: the activity ended 20 days
 * ago while an association closure (a calendar override) covers every day since, so its deadlines
 * lie after the closure. Removing the closure after the restore re-times the restored workflow
 * (calendar-change signal), which finds the base-data deadline overdue and escalates it. The
 * durable timer itself is the end-of-activity timer of an activity ending a minute after the
 * backup was taken.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { shanghaiDate } from '../../libs/calendar/index.js';
import { runMigrations } from '../../libs/db/migrate.js';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import { EXAMPLE_ATTACHMENT_IDS, exampleSummary } from '../../libs/summary/index.js';
import { stateQuery } from '../../workflows/definitions.js';
// @ts-expect-error plain ESM modules of the launcher (Node built-ins only), no type declarations
import { findFreePort, pgDataDirFor, startEmbeddedPostgres } from '../../scripts/tools/postgres.mjs';
// @ts-expect-error see above
import { startDevServer } from '../../scripts/tools/dev-server.mjs';
// @ts-expect-error see above
import { ensureTemporalCli } from '../../scripts/tools/temporal-cli.mjs';
// @ts-expect-error see above
import { ensureKeys } from '../../scripts/tools/keys.mjs';
// @ts-expect-error see above
import { ensureSqlite3, isWal } from '../../scripts/tools/sqlite.mjs';
// @ts-expect-error see above
import { ensurePgClient } from '../../scripts/tools/pg-client.mjs';
import { activityBody } from '../support/builders.js';
import * as fixtures from './support/fixtures.js';
import { bearer, eventually, startStack, type HttpResult, type Stack } from './support/stack.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Generous: a loaded 2-core machine bundles the workflow code twice and starts two clusters. */
const STEP_MS = 6 * 60_000;
/** The end-of-activity timer comes due this long after registration: well after the backup has copied Temporal (a second or two). */
const TIMER_LEAD_MS = 30_000;
const DAY_MS = 86_400_000;
const quiet = () => {};

interface Keys {
  jwtSecret: string;
  keyFile: string;
  fingerprint: string;
  keyId: string;
  created: { jwtSecret: boolean; signingKey: boolean };
}
type Stop = () => Promise<void>;
interface Installation {
  stack: Stack;
  keys: Keys;
  stop: Stop;
}

/** What `npm start` runs, on the given data folder: cluster, dev server (SQLite file), keys, migrations, API + worker. */
async function startInstallation(dataDir: string, taskQueue: string): Promise<Installation> {
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0)) await stop().catch((e: Error) => console.error(`stop: ${e.message}`));
  };
  try {
    const pg = (await startEmbeddedPostgres({ dataDir: pgDataDirFor(dataDir), port: await findFreePort(), log: quiet })) as {
      url: string;
      stop: Stop;
    };
    stops.unshift(pg.stop);
    const cli = (await ensureTemporalCli({ log: quiet })) as string;
    const dev = (await startDevServer({ cli, port: await findFreePort(), dbFile: path.join(dataDir, 'temporal.db') })) as {
      address: string;
      stop: Stop;
    };
    stops.unshift(dev.stop);
    const keys = ensureKeys(dataDir) as Keys;
    await runMigrations(pg.url);
    const stack = await startStack({
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: dev.address,
      // The restored workflows wait on the task queue they were started on.
      TEMPORAL_TASK_QUEUE: taskQueue,
      ATTACHMENTS_DIR: path.join(dataDir, 'attachments'),
      JWT_SECRET: keys.jwtSecret,
      SIGNING_KEY: readFileSync(keys.keyFile, 'utf8'),
    });
    stops.unshift(() => stack.stop());
    return { stack, keys, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** scripts/backup.mjs as `npm run backup|restore` runs it, in a child process with the given environment. */
const children = new Set<ChildProcess>();
function script(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // The jest run's own PostgreSQL, Temporal and keys must not leak into the installation's commands.
  // prettier-ignore
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'JWT_SECRET', 'SIGNING_KEY', 'SIGNING_KEY_FILE', 'ATTACHMENTS_DIR', 'ARCHIVE_DIR',
    'DATA_DIR', 'PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'EMBEDDED_PG_PORT', 'NODE_OPTIONS', 'INIT_CWD']) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'backup.mjs'), ...args], { cwd: ROOT, env: childEnv });
    children.add(child);
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_MS - 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, out });
    });
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const shanghaiDay = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * DAY_MS));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const ARCHIVED_NAME = '2026青年导演论坛-终稿.pdf';
const ARCHIVED = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`, 'latin1');
/** A data table of some size, different in every run. */
function csv(): Buffer {
  const rows = Array.from({ length: 4000 }, (_, i) => `${randomUUID()},${i},${(i * 7919) % 1000}`);
  return Buffer.from(`编号,序号,人数\n${rows.join('\n')}\n`, 'utf8');
}

async function upload(stack: Stack, user: string, activityId: string, kind: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${stack.baseUrl}/api/activities/${activityId}/attachments`, {
    method: 'POST',
    headers: bearer(await stack.login(user)),
    body: form,
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  return body as { id: string; sha256: string };
}

async function download(stack: Stack, activityId: string, attachmentId: string): Promise<Buffer> {
  const res = await fetch(`${stack.baseUrl}/api/activities/${activityId}/attachments/${attachmentId}`, {
    headers: bearer(await stack.login('admin')),
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

function ok(res: HttpResult, status = 200): any {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Everything the API shows of one activity, for comparing the two installations. */
async function recordOf(stack: Stack, id: string) {
  const get = (p: string) =>
    stack
      .as('admin')('GET', p)
      .then((r) => ok(r));
  const activity = await get(`/api/activities/${id}`);
  const versions = (await get(`/api/activities/${id}/summaries`)).items as Array<{ id: string; contentHash: string }>;
  const signatures: Record<string, unknown[]> = {};
  for (const v of versions) signatures[v.id] = (await get(`/api/activities/${id}/summaries/${v.id}/signatures`)).items;
  const escalations = (await get(`/api/escalations?activityId=${id}&pageSize=100`)).items as Array<Record<string, unknown>>;
  return {
    activity,
    versions,
    signatures,
    reviews: (await get(`/api/activities/${id}/reviews`)).items,
    attachments: (await get(`/api/activities/${id}/attachments`)).items as Array<{ id: string; sha256: string }>,
    // Delivery results are the ledger's; the escalations themselves are what must survive.
    escalations: escalations.map(({ id: eid, deadlineKey, occurrence, kind, firedAt, dueAt }) => ({
      eid,
      deadlineKey,
      occurrence,
      kind,
      firedAt,
      dueAt,
    })),
  };
}

const query = (stack: Stack, id: string) => stack.client.workflow.getHandle(`activity-${id}`).query(stateQuery) as Promise<LifecycleState>;

describe('npm run backup / npm run restore (issue #13)', () => {
  let root: string;
  let data1: string;
  let data2: string;
  let backups: string;
  const taskQueue = `backup-restore-${randomUUID()}`;
  let first: Installation | undefined;
  let second: Installation | undefined;
  let archive: string;
  let manifest: any;
  let closureId: string;
  /** The activities by the stage they were left in, their records, and the uploaded bytes. */
  const ids: Record<'registered' | 'baseData' | 'submitted' | 'reviewed' | 'closure' | 'timer', string> = {} as never;
  const before: Record<string, Awaited<ReturnType<typeof recordOf>> & { state: LifecycleState }> = {};
  const uploaded = new Map<string, Buffer>();
  let timerEndsAt = 0;
  let backupTakenAt = 0;
  let restartedAt = 0;

  beforeAll(async () => {
    // Under the system temp folder: as root its 0700 mode sends each cluster to the /tmp fallback,
    // the case where restore must place the cluster exactly where `npm start` will look.
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'backup-restore-'));
    data1 = path.join(root, 'data1');
    data2 = path.join(root, 'data2');
    backups = path.join(root, 'backups');
    await fs.mkdir(data1);
    // The tools the backup installs on first use, installed now: not inside the timed backup.
    await ensureSqlite3({ log: quiet });
    await ensurePgClient({ log: quiet });
    first = await startInstallation(data1, taskQueue);
  }, STEP_MS);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await second?.stop();
    await first?.stop();
    if (root) {
      for (const dir of [data1, data2]) await fs.rm(pgDataDirFor(dir), { recursive: true, force: true });
      await fs.rm(root, { recursive: true, force: true });
    }
  }, STEP_MS);

  it(
    'records lifecycles in several stages: registered, base data, a draft with attachments, reviewed and signed, one behind a closure',
    async () => {
      const { stack } = first!;
      // Every day from 19 days ago to 10 days ahead closed: the deadlines of what ended in that
      // time lie after it (SPEC §3 working days), until the closure is removed.
      const closure = await stack.as('admin')('POST', '/api/calendar/overrides', {
        kind: 'closure',
        dateFrom: shanghaiDay(-19),
        dateTo: shanghaiDay(10),
        nameZh: '备份演练闭馆',
      });
      closureId = ok(closure, 201).id;

      // Ended 2026-09-30, before the closure: its three deadlines escalate at once.
      ids.registered = ok(await stack.as('staff')('POST', '/api/activities', activityBody()), 201).id;
      ids.baseData = await fixtures.registerExampleActivity(stack);
      for (const key of ['submitted', 'reviewed'] as const) {
        const id = await fixtures.registerExampleActivity(stack);
        const photo = await upload(stack, 'staff', id, 'photo', PNG, '现场照片.png');
        const table = csv();
        const data = await upload(stack, 'dept_head', id, 'data_table', table, '数据统计表.csv');
        uploaded.set(photo.id, PNG).set(data.id, table);
        const refs = { ...EXAMPLE_ATTACHMENT_IDS, photo: [photo.id, ...EXAMPLE_ATTACHMENT_IDS.photo.slice(1)], data_table: [data.id] };
        ok(await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document: exampleSummary(refs) }), 201);
        ids[key] = id;
      }
      const review = await stack.as('dept_head')('POST', `/api/activities/${ids.reviewed}/reviews`, {
        level: 1,
        decision: 'approve',
        comments: [{ text: '同意，报行政部审核' }],
      });
      expect(ok(review).lifecycle.stage).toBe('IN_REVIEW_L2');

      const ended = new Date(Date.now() - 20 * DAY_MS);
      ids.closure = ok(
        await stack.as('staff')(
          'POST',
          '/api/activities',
          activityBody({ startAt: new Date(ended.getTime() - 3_600_000).toISOString(), endAt: ended.toISOString() }),
        ),
        201,
      ).id;

      // Settled: the escalations that are due have fired and every state is projected.
      const stages = {
        registered: 'DRAFTING',
        baseData: 'DRAFTING',
        submitted: 'IN_REVIEW_L1',
        reviewed: 'IN_REVIEW_L2',
        closure: 'DRAFTING',
      };
      for (const [key, stage] of Object.entries(stages)) {
        const id = ids[key as keyof typeof stages];
        await eventually(
          () => stack.as('admin')('GET', `/api/activities/${id}`),
          (r) => r.body?.stage === stage && r.body?.lifecycle?.stage === stage && r.body.lifecycle.deadlines.length === 3,
          60_000,
        );
      }
      await eventually(
        () => query(stack, ids.registered),
        (s) => s.escalations.filter((e) => e.kind === 'overdue' && e.recipients.length > 0).length === 3,
        60_000,
      );
      const behind = await query(stack, ids.closure);
      expect(behind.escalations).toEqual([]);
      expect(behind.deadlines.every((d) => d.status === 'pending' && Date.parse(d.dueAt) > Date.now() + 10 * DAY_MS)).toBe(true);
      await eventually(
        () => stack.as('admin')('GET', `/api/escalations?activityId=${ids.registered}`),
        (r) => r.body?.total === 3,
        60_000,
      );
    },
    STEP_MS,
  );

  it(
    'backs up while everything runs: one archive with the dump, the SQLite copy, attachments, keys and a manifest',
    async () => {
      const { stack, keys } = first!;
      for (const [key, id] of Object.entries(ids)) before[key] = { ...(await recordOf(stack, id)), state: await query(stack, id) };
      // Its end-of-activity timer is pending when the backup copies Temporal, and comes due later.
      timerEndsAt = Date.now() + TIMER_LEAD_MS;
      ids.timer = ok(
        await stack.as('staff')(
          'POST',
          '/api/activities',
          activityBody({ startAt: new Date(timerEndsAt - 3_600_000).toISOString(), endAt: new Date(timerEndsAt).toISOString() }),
        ),
        201,
      ).id;
      const waiting = await eventually(
        () => query(stack, ids.timer).catch(() => null),
        (s) => s?.stage === 'AWAITING_END',
        60_000,
      );
      before.timer = { ...(await recordOf(stack, ids.timer)), state: waiting! };

      // The archive folder (DATA_DIR/archive) is backed up when there is one.
      await fs.mkdir(path.join(data1, 'archive', '2026'), { recursive: true });
      await fs.writeFile(path.join(data1, 'archive', '2026', ARCHIVED_NAME), ARCHIVED);

      // Temporal writes all the while (workflows started on a queue nobody polls): in WAL mode the
      // copy never blocks a commit, which in the old rollback journal could wedge the dev server.
      expect(await isWal(path.join(data1, 'temporal.db'))).toBe(true);
      const load = { started: 0, failed: [] as string[], stop: false };
      const loadQueue = `backup-load-${randomUUID()}`;
      const loading = (async () => {
        while (!load.stop) {
          await stack.client.workflow
            .start('LoadDuringBackup', { taskQueue: loadQueue, workflowId: `load-${randomUUID()}`, workflowExecutionTimeout: '1 hour' })
            .then(() => load.started++)
            .catch((e: Error) => load.failed.push(e.message));
        }
      })();
      const started = Date.now();
      const run = await script(['backup', '--out', backups], { DATA_DIR: data1 }).finally(() => (load.stop = true));
      backupTakenAt = Date.now();
      await loading;
      console.log(
        `backup of a running installation: ${backupTakenAt - started} ms, ${load.started} workflows started meanwhile\n${run.out}`,
      );
      expect(run.code).toBe(0);
      expect(load.failed).toEqual([]);
      expect(load.started).toBeGreaterThan(0);
      // And the dev server still takes writes afterwards.
      await stack.client.workflow.start('LoadDuringBackup', { taskQueue: loadQueue, workflowId: `load-after-${randomUUID()}` });

      const written = (await fs.readdir(backups)).filter((n) => n.endsWith('.tar.gz'));
      expect(written).toEqual([expect.stringMatching(/^activity-summary-backup-\d{4}-\d{2}-\d{2}T\d{6}Z\.tar\.gz$/)]);
      archive = path.join(backups, written[0]!);
      expect(statSync(archive).mode & 0o777).toBe(0o600);
      expect(run.out).toContain(path.basename(archive));

      const listing = await fs.mkdtemp(path.join(root, 'listing-'));
      const tar = spawn('tar', ['-xzf', archive, '-C', listing]);
      await new Promise((resolve) => tar.once('exit', resolve));
      manifest = JSON.parse(await fs.readFile(path.join(listing, 'manifest.json'), 'utf8'));
      // Else the timer could have fired before Temporal was copied (a very slow machine): raise TIMER_LEAD_MS.
      expect(Date.parse(manifest.parts.temporal.copiedAt)).toBeLessThan(timerEndsAt);
      expect(manifest).toMatchObject({
        format: 'activity-summary-backup/1',
        versions: { postgresServer: expect.stringMatching(/^18\./), pgDump: '18.4', sqlite3: expect.any(String) },
        parts: {
          database: { path: 'postgres/activity_summary.dump', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          temporal: { path: 'temporal/temporal.db', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          attachments: { files: 4 },
          archive: { files: 1, bytes: ARCHIVED.length },
          keys: { files: ['jwt-secret', 'signing-key.pem'], signingKeyId: keys.keyId },
        },
        problems: [],
      });
      expect(manifest.counts.database).toMatchObject({ activities: 6, summary_versions: 2, signatures: 3, reviews: 1, attachments: 4 });
      expect(manifest.counts.database.escalations).toBeGreaterThanOrEqual(3);
      expect(manifest.counts.temporal.workflows).toBeGreaterThanOrEqual(6); // ours, and the load's copied so far
      // The files in the archive are what the installation holds, byte for byte.
      for (const [id, bytes] of uploaded) {
        const entry = manifest.files.find((f: { path: string }) => f.path.endsWith(`/${id}`));
        expect(entry).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
      }
      const keyEntry = manifest.files.find((f: { path: string }) => f.path === 'keys/signing-key.pem');
      expect(keyEntry.sha256).toBe(sha256(readFileSync(keys.keyFile)));

      // A restore into the running installation is refused and changes nothing.
      const refused = await script(['restore', archive], { DATA_DIR: data1 });
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/PostgreSQL \(pid \d+\) is running on .*stop `npm start`/);
      expect((await stack.as('admin')('GET', `/api/activities/${ids.reviewed}`)).status).toBe(200);
    },
    STEP_MS,
  );

  it(
    'restores into a fresh DATA_DIR with everything stopped, checking every sha256 first and never overwriting without --force',
    async () => {
      await first!.stop();
      first = undefined;
      const ports = { PORT: await findFreePort(), TEMPORAL_PORT: await findFreePort(), TEMPORAL_UI_PORT: await findFreePort() };
      const env = {
        DATA_DIR: data2,
        EMBEDDED_PG_PORT: String(await findFreePort()),
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      };

      // One attachment byte changed: refused before anything is written.
      const tamperedDir = await fs.mkdtemp(path.join(root, 'tampered-'));
      await new Promise((resolve) => spawn('tar', ['-xzf', archive, '-C', tamperedDir]).once('exit', resolve));
      const [victim] = [...uploaded.keys()];
      const victimFile = manifest.files.find((f: { path: string }) => f.path.endsWith(`/${victim}`)).path as string;
      const bytes = await fs.readFile(path.join(tamperedDir, victimFile));
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
      await fs.writeFile(path.join(tamperedDir, victimFile), bytes);
      const tampered = path.join(root, 'tampered.tar.gz');
      const entries = (await fs.readdir(tamperedDir)).sort();
      await new Promise((resolve) => spawn('tar', ['-czf', tampered, '-C', tamperedDir, ...entries]).once('exit', resolve));
      const refused = await script(['restore', tampered], env);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(`${victimFile} does not match its sha256`);
      expect(existsSync(data2)).toBe(false);

      const started = Date.now();
      const run = await script(['restore', archive], env);
      console.log(`restore into a fresh DATA_DIR: ${Date.now() - started} ms\n${run.out}`);
      expect(run.code).toBe(0);
      expect(run.out).toContain("every table's row count matches the backup");
      expect(existsSync(path.join(pgDataDirFor(data2), 'PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(data2, 'temporal.db'))).toBe(true);
      for (const [id, content] of uploaded) {
        const rel = manifest.files.find((f: { path: string }) => f.path.endsWith(`/${id}`)).path.replace(/^attachments\//, '');
        expect((await fs.readFile(path.join(data2, 'attachments', rel))).equals(content)).toBe(true);
      }
      expect((await fs.readFile(path.join(data2, 'archive', '2026', ARCHIVED_NAME))).equals(ARCHIVED)).toBe(true);
      for (const file of ['jwt-secret', 'signing-key.pem']) {
        expect(readFileSync(path.join(data2, 'keys', file)).equals(readFileSync(path.join(data1, 'keys', file)))).toBe(true);
        expect(statSync(path.join(data2, 'keys', file)).mode & 0o777).toBe(0o600);
      }
      expect(statSync(path.join(data2, 'keys')).mode & 0o777).toBe(0o700);
      expect((await fs.readdir(data2)).filter((n) => n.startsWith('.'))).toEqual([]); // no staging left behind

      const again = await script(['restore', archive], env);
      expect(again.code).toBe(1);
      expect(again.out).toMatch(/already holds data: .*--force/);
    },
    STEP_MS,
  );

  it(
    'starts from the restored folder: every record, attachment byte and signature, workflows queryable in the same stage',
    async () => {
      restartedAt = Date.now();
      second = await startInstallation(data2, taskQueue);
      const { stack, keys } = second;
      // The restored keys, not new ones: earlier signatures verify, tokens stay valid.
      expect(keys.created).toEqual({ jwtSecret: false, signingKey: false });
      expect(keys.keyId).toBe(manifest.parts.keys.signingKeyId);

      for (const [key, id] of Object.entries(ids)) {
        if (key === 'timer') continue; // its timer may fire any moment now: the next test
        const state = await query(stack, id);
        expect({ key, state }).toEqual({ key, state: before[key]!.state });
        const record = await recordOf(stack, id);
        const { state: _state, ...earlier } = before[key]!;
        expect({ key, ...record }).toEqual({ key, ...earlier });
        for (const list of Object.values(record.signatures) as Array<Array<{ valid: boolean; keyId: string }>>) {
          for (const signature of list) expect(signature).toMatchObject({ valid: true, keyId: keys.keyId });
        }
        for (const a of record.attachments) expect((await download(stack, id, a.id)).equals(uploaded.get(a.id)!)).toBe(true);
      }
      expect(Object.values(before).reduce((n, r) => n + Object.values(r.signatures).flat().length, 0)).toBe(3);
      expect(Object.values(before).reduce((n, r) => n + r.attachments.length, 0)).toBe(4);

      // Visibility (search attributes) came along too: the workflow is found by its stage.
      const found = await eventually(
        async () => {
          const out: string[] = [];
          for await (const w of stack.client.workflow.list({ query: `Stage = "IN_REVIEW_L2"` })) out.push(w.workflowId);
          return out;
        },
        (list) => list.includes(`activity-${ids.reviewed}`),
        60_000,
      );
      expect(found).toContain(`activity-${ids.reviewed}`);
    },
    STEP_MS,
  );

  it(
    'the restored workflows go on: the pending timer fires, a deadline escalates exactly once, a review is signed with the restored key',
    async () => {
      const { stack, keys } = second!;
      // The timer recorded before the backup fires in the restored installation.
      const timer = await eventually(
        () => query(stack, ids.timer),
        (s) => s.stage === 'DRAFTING' && s.deadlines.length === 3,
        Math.max(0, timerEndsAt - Date.now()) + 120_000,
      );
      expect(before.timer!.state.stage).toBe('AWAITING_END');
      const ended = timer.stageHistory?.find((h) => h.stage === 'DRAFTING');
      console.log(
        `timer: due ${new Date(timerEndsAt).toISOString()}, backup done ${new Date(backupTakenAt).toISOString()}, ` +
          `restored installation started ${new Date(restartedAt).toISOString()}, fired ${ended?.at}`,
      );
      expect(Date.parse(ended!.at)).toBeGreaterThanOrEqual(restartedAt);

      // The closure goes: the restored workflow behind it is re-timed and its base data is overdue.
      const removed = ok(await stack.as('admin')('DELETE', `/api/calendar/overrides/${closureId}`));
      expect(removed.workflowsSignalled).toBeGreaterThanOrEqual(1);
      const escalated = await eventually(
        () => query(stack, ids.closure),
        (s) => s.escalations.some((e) => e.deadlineKey === 'baseData' && e.kind === 'overdue' && e.recipients.length > 0),
        120_000,
      );
      const baseData = escalated.escalations.find((e) => e.deadlineKey === 'baseData')!;
      expect(Date.parse(baseData.firedAt)).toBeGreaterThanOrEqual(restartedAt);
      const listed = await eventually(
        () => stack.as('admin')('GET', `/api/escalations?activityId=${ids.closure}&deadlineKey=baseData`),
        (r) => r.body?.total === 1,
        60_000,
      );
      expect(listed.body.items[0]).toMatchObject({ deadlineKey: 'baseData', kind: 'overdue', open: true });
      const inbox = await stack.as('dept_head')('GET', `/api/notifications?activityId=${ids.closure}`);
      expect(ok(inbox).items.map((n: { deadlineKey: string }) => n.deadlineKey)).toContain('baseData');

      // New work on a restored lifecycle: the administration's review, signed with the restored key.
      const review = ok(
        await stack.as('admin')('POST', `/api/activities/${ids.reviewed}/reviews`, { level: 2, decision: 'approve', comments: [] }),
      );
      expect(review.lifecycle.stage).toBe('IN_REVIEW_L3');
      const [version] = before.reviewed!.versions;
      const signatures = ok(await stack.as('admin')('GET', `/api/activities/${ids.reviewed}/summaries/${version!.id}/signatures`)).items;
      expect(signatures).toHaveLength(3);
      expect(signatures.every((s: { valid: boolean; keyId: string }) => s.valid && s.keyId === keys.keyId)).toBe(true);

      // Escalations that fired before the backup were not sent again: one per deadline and kind.
      for (const id of Object.values(ids)) {
        const state = await query(stack, id);
        const keysFired = state.escalations.map((e) => `${e.deadlineKey}#${e.occurrence}#${e.kind}`);
        expect(new Set(keysFired).size).toBe(keysFired.length);
      }
      const registered = await recordOf(stack, ids.registered);
      expect(registered.escalations).toEqual(before.registered!.escalations);
    },
    STEP_MS,
  );
});
