/**
 * Every endpoint that authorization-matrix.test.ts does not cover (activities, attachments, one
 * summary version and its signatures, the signing key, calendar, notifications, escalations, auth,
 * health) tried by every demo user and with no token. The expected `allowed` lists are written out
 * here from SPEC §1, not read from the code's role constants, so a guard or policy that drifts fails
 * this suite:
 *   - staff / dept_head work for their own department only (publicity here; training_* are the
 *     other department), for writes and for reads of department records;
 *   - supervisor reads everything and changes no record; external gets nothing but the public
 *     calendar and its own profile (its reads go through the approved-read process, R-13.2.2);
 *   - admin registers for any department and owns the calendar and channel health (which the
 *     supervisor may read);
 *   - without a token every non-public endpoint answers 401; login and /health need none.
 * A refused call answers 403 `{ code: 'FORBIDDEN', messageZh }` and must change nothing (checked
 * at the end). Refused principals of an endpoint run before the allowed ones, so e.g. the calendar
 * override the others try to delete still exists while they try.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../../libs/db/seed-demo.js';
import { buildPublicShort } from '../../libs/publications/index.js';
import { exampleSummary, EXAMPLE_CONTEXT } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import { bearer, eventually, http, startStack, type Stack } from './support/stack.js';

// ── who ─────────────────────────────────────────────────────────────────────────────────────

const ALL = DEMO_USERS.map((u) => u.username);
/** Everyone inside the association (SPEC §1): all but the outside body. */
const INTERNAL = ALL.filter((u) => u !== 'external');
/** May read records of a publicity activity: internal users except the training department's. */
const PUBLICITY_READERS = INTERNAL.filter((u) => u !== 'training_staff' && u !== 'training_head');
/** May read a publicity summary without a read request: VP and SG only once it waits for them or they reviewed it. */
const PUBLICITY_SUMMARY_READERS = PUBLICITY_READERS.filter((u) => u !== 'vp' && u !== 'sg');
/** May read records of a training activity: internal users except the publicity department's. */
const TRAINING_READERS = INTERNAL.filter((u) => u !== 'staff' && u !== 'dept_head');
/** The user directory's readers: the administration keeps it, management and the supervisory board oversee. */
const DIRECTORY_READERS = ['admin', 'management', 'supervisor'];
/** Annual scores and score flags: management, the supervisory board, the administration, the final reviewers. */
const SCORE_READERS = ['management', 'supervisor', 'admin', 'vp', 'sg'];
/** Escalation overseers (SPEC §1, issue §5): dept heads (own department), admin, VP, SG, management, supervisor. */
const ESCALATION_READERS = ['dept_head', 'training_head', 'admin', 'vp', 'sg', 'management', 'supervisor'];
/** Periodic reports (issue 15): the council (management, VP, SG), the administration and the supervisory board. */
const REPORT_READERS = ['admin', 'vp', 'sg', 'management', 'supervisor'];

// ── fixtures (beforeAll) ────────────────────────────────────────────────────────────────────

const RUN = randomUUID().slice(0, 8);
/** Names of activities this suite registers in the matrix, and of calendar overrides it creates. */
const ACTIVITY_MARK = `授权矩阵-${RUN}`;
const OVERRIDE_MARK = '授权矩阵测试闭馆';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const dir = mkdtempSync(path.join(tmpdir(), 'authz-matrix-admin-e2e-'));
let stack: Stack;
/** A publicity activity (the SPEC example) with a summary version and an attachment; a training activity. */
let publicityId: string;
let trainingId: string;
let attachmentId: string;
let versionId: string;
let escalationId: string;
/** A tracked suggestion of the publicity activity: publicity is responsible, member_services cooperates. */
let suggestionId: string;
/** A supervision sample the supervisor drew; the matrix reads it and its DOCX. */
let sampleId: string;
/** A stored quarterly report (issue 15), as the report workflow writes it. */
let reportId: string;
/** An approved public short version of the publicity activity, inserted as the API would store it. */
let publicationId: string;
const userIds = new Map<string, string>();
/** One inbox message per demo user (unread), on the publicity activity. */
const notificationOf = new Map<string, string>();
/** Each user's e-mail preferences before the suite, and whether a row existed. */
const prefsBefore = new Map<string, unknown>();
const hadPrefsRow = new Set<string>();
/** The override the admin creates in the matrix; the other principals try to delete it first. */
let overrideId: string | undefined;

beforeAll(async () => {
  stack = await startStack({ ATTACHMENTS_DIR: dir });
  const db = stack.dataSource;
  for (const row of (await db.query(`SELECT id, username FROM users WHERE username = ANY($1)`, [ALL])) as Array<{
    id: string;
    username: string;
  }>) {
    userIds.set(row.username, row.id);
  }
  await removeOverrides(); // leftovers of an interrupted earlier run

  const publicity = await stack.as('staff')(
    'POST',
    '/api/activities',
    activityBody({
      name: EXAMPLE_CONTEXT.activityName,
      startAt: `${EXAMPLE_CONTEXT.activityEndDate}T09:00:00+08:00`,
      endAt: `${EXAMPLE_CONTEXT.activityEndDate}T17:30:00+08:00`,
    }),
  );
  expect(publicity.status).toBe(201);
  publicityId = publicity.body.id;
  const training = await stack.as('training_staff')(
    'POST',
    '/api/activities',
    activityBody({ leadDepartment: 'training', coOrganizers: [] }),
  );
  expect(training.status).toBe(201);
  trainingId = training.body.id;
  await eventually(
    () => stack.as('staff')('GET', `/api/activities/${publicityId}`),
    (r) => r.body?.lifecycle?.deadlines?.length === 3,
  );

  // A summary version (saved even if the workflow or a check refused it) and an attachment.
  await stack.as('staff')('POST', `/api/activities/${publicityId}/base-data`, {
    participants: { online: 180, offline: 260 },
    expenseSettled: true,
  });
  await stack.as('staff')('POST', `/api/activities/${publicityId}/summaries`, { document: exampleSummary() });
  const versions = await stack.as('staff')('GET', `/api/activities/${publicityId}/summaries`);
  expect(versions.body.items.length).toBeGreaterThan(0);
  versionId = versions.body.items[0].id;
  const uploaded = await upload('staff', publicityId);
  expect(uploaded.status).toBe(201);
  attachmentId = uploaded.body.id;

  const sample = await stack.as('supervisor')('POST', '/api/supervision/samples', { from: '2026-11-20', to: '2026-11-20', size: 1 });
  sampleId = sample.body.id;
  // A publication needs a final version, which this suite never forms: one approved row, as the API stores it.
  publicationId = randomUUID();
  const publication = buildPublicShort({
    document: exampleSummary(),
    activity: { name: EXAMPLE_CONTEXT.activityName, startAt: '2026-11-20T09:00:00+08:00', endAt: '2026-11-20T17:30:00+08:00' },
  });
  await db.query(
    `INSERT INTO publications (id, activity_id, kind, version_id, content, status, created_by, approved_by, approved_at)
     VALUES ($1, $2, 'public_short', $3, $4::jsonb, 'approved', $5, $5, now())`,
    [publicationId, publicityId, versionId, JSON.stringify(publication), userIds.get('admin')],
  );

  // A suggestion as the worker takes it from a final version (the activity is still in review here).
  suggestionId = randomUUID();
  await db.query(
    `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, cooperating_departments,
                              due_date, finalized_at)
     VALUES ($1, $2, $3, 0, '授权矩阵测试建议', 'publicity', '{member_services}', '2027-03-31', now())`,
    [suggestionId, publicityId, versionId],
  );

  // One unread inbox message for every demo user, hung on an escalation of the publicity activity.
  escalationId = randomUUID();
  await db.query(
    `INSERT INTO escalations
       (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients, due_at, fired_at, dedupe_key)
     VALUES ($1, $2, $3, 'publicity', 'feedback', 1, 'reminder', $4::jsonb, '2026-01-05T15:59:59Z', '2026-01-05T15:59:59Z', $5)`,
    [escalationId, publicityId, `activity-${publicityId}`, JSON.stringify(['staff']), `authz-matrix-${escalationId}`],
  );
  for (const [username, userId] of userIds) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key)
       VALUES ($1, $2, $3, $4, 'feedback', 'reminder', '授权矩阵测试消息', '授权矩阵测试消息', $5, $6)`,
      [id, userId, publicityId, escalationId, `/activities/${publicityId}`, `authz-matrix-${id}`],
    );
    notificationOf.set(username, id);
  }

  // A stored report (issue 15): an empty 流程优化清单 of a quarter nobody reports on.
  const range = { periodStart: '1999-12-31T16:00:00.000Z', periodEnd: '2000-03-31T16:00:00.000Z' };
  const content = {
    kind: 'process-optimization',
    period: '2000-Q1',
    periodLabelZh: '2000年第一季度',
    ...range,
    title: '2000年第一季度流程优化清单',
    audience: ['management', 'vp', 'secretary_general'],
    statusAsOf: range.periodEnd,
    totals: { pending: 0, in_progress: 0, implemented: 0, rejected: 0, total: 0 },
    departments: [],
  };
  [{ id: reportId }] = await db.query(
    `INSERT INTO reports (id, kind, period, period_start, period_end, title, content, content_hash, workflow_id, run_id)
     VALUES ($1, 'process-optimization', '2000-Q1', $2, $3, $4, $5, 'authz-matrix', 'report-process-optimization-2000-Q1', 'authz-matrix')
     ON CONFLICT (kind, period) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`,
    [randomUUID(), range.periodStart, range.periodEnd, content.title, JSON.stringify(content)],
  );

  // Preferences, to PUT them back unchanged and to prove nothing moved.
  for (const row of (await db.query(`SELECT user_id FROM user_notification_prefs WHERE user_id = ANY($1)`, [
    [...userIds.values()],
  ])) as Array<{ user_id: string }>) {
    hadPrefsRow.add([...userIds].find(([, id]) => id === row.user_id)![0]);
  }
  for (const u of INTERNAL) prefsBefore.set(u, (await stack.as(u)('GET', '/api/notifications/preferences')).body);
});

/** A user of the directory the PATCH and password rows aim at (not a demo user: their passwords must stay). */
let directoryTargetId: string;
const DIRECTORY_TARGET_NAME = '矩阵目标用户';
beforeAll(async () => {
  const res = await stack.as('admin')('POST', '/api/users', {
    username: `matrix.target.${RUN}`,
    displayName: DIRECTORY_TARGET_NAME,
    role: 'staff',
    department: 'training',
    password: 'matrix-target-password',
  });
  directoryTargetId = res.body.id;
});

afterAll(async () => {
  if (stack) {
    await removeOverrides();
    if (suggestionId) await stack.dataSource.query(`DELETE FROM suggestions WHERE id = $1`, [suggestionId]);
    if (escalationId) await stack.dataSource.query(`DELETE FROM escalations WHERE id = $1`, [escalationId]); // cascades to the messages
    if (publicationId) await stack.dataSource.query(`DELETE FROM publications WHERE id = $1`, [publicationId]);
    // The imported official year goes again: later suites share the calendar.
    await stack.dataSource.query(`DELETE FROM calendar_official_imports WHERE year = $1`, [IMPORTED_YEAR]);
    await stack.dataSource.query(`DELETE FROM calendar_official_years WHERE year = $1`, [IMPORTED_YEAR]);
    const created = ALL.filter((u) => !hadPrefsRow.has(u)).map((u) => userIds.get(u));
    await stack.dataSource.query(`DELETE FROM user_notification_prefs WHERE user_id = ANY($1)`, [created]);
    await stack.stop();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Deletes every override this suite may have created (through the API, so workflows hear of it). */
async function removeOverrides(): Promise<void> {
  const list = await stack.as('admin')('GET', '/api/calendar/overrides');
  for (const o of (list.body?.items ?? []) as Array<{ id: string; nameZh: string }>) {
    if (o.nameZh.startsWith(OVERRIDE_MARK)) await stack.as('admin')('DELETE', `/api/calendar/overrides/${o.id}`);
  }
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────

type Result = { status: number; body: any };

async function send(who: string | null, method: string, url: string, body?: unknown, form?: FormData): Promise<Result> {
  const headers: Record<string, string> = who === null ? {} : bearer(await stack.login(who));
  if (!form) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers,
    body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  // Downloads are bytes: only JSON answers are parsed.
  const json = (res.headers.get('content-type') ?? '').includes('application/json');
  const raw = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: json && raw.length ? JSON.parse(raw.toString('utf8')) : { bytes: raw.length } };
}

function photoForm(): FormData {
  const form = new FormData();
  form.append('kind', 'photo');
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'site.png');
  return form;
}

const upload = (who: string | null, activityId: string) =>
  send(who, 'POST', `/api/activities/${activityId}/attachments`, undefined, photoForm());

// ── the matrix ──────────────────────────────────────────────────────────────────────────────

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Evaluated when the case runs: fixtures exist only after beforeAll. */
  path: (who: string | null) => string;
  body?: (who: string | null) => unknown;
  multipart?: boolean;
  /** Users who get through; 'public' for endpoints that need no token at all. */
  allowed: readonly string[] | 'public';
  /** What an allowed principal gets (default 200), and the error code when that is a refusal past authorization. */
  ok?: number;
  okCode?: string;
  /** Extra check of an allowed answer. */
  check?: (res: Result, who: string | null) => void;
  /** Extra check after a refusal (the thing it aimed at is untouched). */
  untouched?: () => Promise<void>;
}

const OVERRIDE_DAY = new Map(ALL.map((u, i) => [u, `2031-03-${String(10 + i).padStart(2, '0')}`]));
/** Far off, so no other suite's deadline meets the imported schedule. */
const IMPORTED_YEAR = 2091;
const IMPORTED_NOTICE = {
  source: '授权矩阵测试导入',
  holidays: [
    { date: `${IMPORTED_YEAR}-02-15`, nameZh: '春节' },
    { date: `${IMPORTED_YEAR}-10-02`, nameZh: '国庆节' },
  ],
  workdays: [],
};

const endpoints: Endpoint[] = [
  // activities
  {
    name: 'POST /api/activities (publicity)',
    method: 'POST',
    path: () => '/api/activities',
    body: (who) => activityBody({ name: `${ACTIVITY_MARK}-publicity-${who}` }),
    allowed: ['staff', 'dept_head', 'admin'],
    ok: 201,
  },
  {
    name: 'POST /api/activities (training)',
    method: 'POST',
    path: () => '/api/activities',
    body: (who) => activityBody({ name: `${ACTIVITY_MARK}-training-${who}`, leadDepartment: 'training', coOrganizers: [] }),
    allowed: ['training_staff', 'training_head', 'admin'],
    ok: 201,
  },
  { name: 'GET /api/activities', method: 'GET', path: () => '/api/activities', allowed: INTERNAL },
  {
    name: 'GET /api/activities?department=publicity',
    method: 'GET',
    path: () => '/api/activities?department=publicity',
    allowed: PUBLICITY_READERS,
  },
  {
    name: 'GET /api/activities/:id (publicity)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}`,
    allowed: PUBLICITY_READERS,
    check: (res) => expect(res.body).toMatchObject({ id: publicityId, leadDepartment: 'publicity' }),
  },
  {
    name: 'GET /api/activities/:id (training)',
    method: 'GET',
    path: () => `/api/activities/${trainingId}`,
    allowed: TRAINING_READERS,
    check: (res) => expect(res.body).toMatchObject({ id: trainingId, leadDepartment: 'training' }),
  },
  // the web app's reads (issue 12): the to-do list is the caller's own, scoped like the activity list
  {
    name: 'GET /api/activities/todo',
    method: 'GET',
    path: () => '/api/activities/todo',
    allowed: INTERNAL,
    check: (res, who) => {
      expect(res.body).toEqual({ items: expect.any(Array), total: res.body.items.length });
      const departments = new Set(res.body.items.map((i: { leadDepartment: string }) => i.leadDepartment));
      if (who === 'staff' || who === 'dept_head') expect(departments.has('training')).toBe(false);
      if (who === 'training_staff' || who === 'training_head') expect(departments.has('publicity')).toBe(false);
    },
  },
  {
    name: 'GET /api/web-config',
    method: 'GET',
    path: () => '/api/web-config',
    allowed: INTERNAL,
    // The Temporal UI link only for the administration and the supervisory board.
    check: (res, who) => expect(res.body.temporalUi === null).toBe(!(who === 'admin' || who === 'supervisor')),
  },
  {
    name: 'POST summaries/check (publicity)',
    method: 'POST',
    path: () => `/api/activities/${publicityId}/summaries/check`,
    body: () => ({ document: exampleSummary() }),
    allowed: ['staff', 'dept_head'],
    check: (res) => expect(res.body).toMatchObject({ blocking: 0, findings: expect.any(Array) }),
  },
  // attachments
  {
    name: 'POST attachments (publicity)',
    method: 'POST',
    path: () => `/api/activities/${publicityId}/attachments`,
    multipart: true,
    allowed: ['staff', 'dept_head'],
    ok: 201,
  },
  {
    name: 'POST attachments (training)',
    method: 'POST',
    path: () => `/api/activities/${trainingId}/attachments`,
    multipart: true,
    allowed: ['training_staff', 'training_head'],
    ok: 201,
  },
  {
    name: 'GET attachments',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/attachments`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body.items.map((a: { id: string }) => a.id)).toContain(attachmentId),
  },
  {
    name: 'GET attachments/:attachmentId (download)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/attachments/${attachmentId}`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body).toEqual({ bytes: PNG.length }),
  },
  // summaries: the list is in authorization-matrix.test.ts, one version is not
  {
    name: 'GET summaries/:versionId',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/summaries/${versionId}`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body).toMatchObject({ id: versionId, activityId: publicityId, document: expect.any(Object) }),
  },
  // signatures
  {
    name: 'GET summaries/:versionId/signatures',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/summaries/${versionId}/signatures`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body).toEqual({ items: expect.any(Array) }),
  },
  // the unified document, read like the version it renders
  {
    name: 'GET summaries/:versionId/document.docx',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/summaries/${versionId}/document.docx`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  {
    name: 'GET summaries/:versionId/document.html',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/summaries/${versionId}/document.html`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  {
    name: 'GET /api/activities/:id/document.html (the latest version)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/document.html`,
    allowed: PUBLICITY_SUMMARY_READERS,
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  // the archive: the activity is still in review, so its readers get 409, the rest 403
  // periodic reports (issue 15): the council, the administration and the supervisory board read; the admin backfills
  {
    name: 'GET /api/reports',
    method: 'GET',
    path: () => '/api/reports?period=2000-Q1',
    allowed: REPORT_READERS,
    check: (res) => expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([reportId]),
  },
  {
    name: 'GET /api/reports/:id',
    method: 'GET',
    path: () => `/api/reports/${reportId}`,
    allowed: REPORT_READERS,
    check: (res) => expect(res.body).toMatchObject({ id: reportId, content: { title: '2000年第一季度流程优化清单' } }),
  },
  {
    name: 'GET /api/reports/:id.docx',
    method: 'GET',
    path: () => `/api/reports/${reportId}.docx`,
    allowed: REPORT_READERS,
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  {
    name: 'GET /api/reports/:id.xlsx',
    method: 'GET',
    path: () => `/api/reports/${reportId}.xlsx`,
    allowed: REPORT_READERS,
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  {
    // A period that has not ended: the admin gets past authorization to the 409, nobody starts a run.
    name: 'POST /api/reports/runs (period not ended)',
    method: 'POST',
    path: () => '/api/reports/runs',
    body: () => ({ kind: 'annual', period: '2999' }),
    allowed: ['admin'],
    ok: 409,
    okCode: 'REPORT_PERIOD_NOT_ENDED',
  },
  {
    name: 'GET /api/archive (the archive list)',
    method: 'GET',
    path: () => '/api/archive?year=2026',
    allowed: ['archivist', 'management', 'admin', 'supervisor'],
    check: (res) => expect(res.body).toMatchObject({ items: expect.any(Array), page: 1 }),
  },
  // 报表 (issue 15 item 6): the leadership and overseers; department heads for their own department
  {
    name: 'GET /api/reports/statistics (the 报表 figures)',
    method: 'GET',
    path: () => '/api/reports/statistics?year=2026',
    allowed: ['dept_head', 'training_head', 'admin', 'vp', 'sg', 'management', 'supervisor'],
    check: (res, who) =>
      expect(res.body).toMatchObject({
        year: 2026,
        department: who === 'dept_head' ? 'publicity' : who === 'training_head' ? 'training' : null,
        timeliness: { months: expect.any(Array) },
      }),
  },
  {
    name: 'GET archive (not formed yet)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/archive`,
    allowed: PUBLICITY_READERS,
    ok: 409,
    okCode: 'ARCHIVE_NOT_READY',
  },
  {
    name: 'GET archive/label.html (not formed yet)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/archive/label.html`,
    allowed: PUBLICITY_READERS,
    ok: 409,
    okCode: 'ARCHIVE_NOT_READY',
  },
  {
    name: 'GET archive/tombstone (not destroyed)',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/archive/tombstone`,
    allowed: PUBLICITY_READERS,
    ok: 404,
    okCode: 'NOT_FOUND',
  },
  // suggestions: the department-scoped see their own department's; the responsible department updates
  {
    name: 'GET /api/suggestions',
    method: 'GET',
    path: () => `/api/suggestions?activityId=${publicityId}`,
    allowed: INTERNAL,
    check: (res, who) => expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(who?.startsWith('training') ? [] : [suggestionId]),
  },
  {
    name: 'GET /api/suggestions/:id',
    method: 'GET',
    path: () => `/api/suggestions/${suggestionId}`,
    allowed: PUBLICITY_READERS,
    check: (res) => expect(res.body).toMatchObject({ id: suggestionId, responsibleDepartmentZh: '宣传部', updates: expect.any(Array) }),
  },
  {
    name: 'POST /api/suggestions/:id/status',
    method: 'POST',
    path: () => `/api/suggestions/${suggestionId}/status`,
    // Staff starts it, then the head marks it implemented; everyone else tries to reject it.
    body: (who) =>
      who === 'staff'
        ? { status: 'in_progress', note: '授权矩阵' }
        : who === 'dept_head'
          ? { status: 'implemented' }
          : { status: 'rejected', reason: '越权' },
    allowed: ['staff', 'dept_head'],
    check: (res, who) => expect(res.body.status).toBe(who === 'staff' ? 'in_progress' : 'implemented'),
    untouched: async () => {
      const [row] = (await stack.dataSource.query(`SELECT status FROM suggestions WHERE id = $1`, [suggestionId])) as Array<{
        status: string;
      }>;
      expect(row?.status).toBe('pending');
    },
  },
  // the annual scores and the score flags (management and the supervisor set them; SPEC §1, R-18.2)
  {
    name: 'GET /api/reports/department-scores',
    method: 'GET',
    path: () => '/api/reports/department-scores?year=2026',
    allowed: SCORE_READERS,
    check: (res) => expect(res.body).toMatchObject({ year: 2026, items: expect.any(Array), advanced: expect.any(Array) }),
  },
  {
    name: 'GET /api/activities/:id/score-flags',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/score-flags`,
    allowed: SCORE_READERS,
    check: (res) => expect(res.body).toMatchObject({ activityId: publicityId, history: expect.any(Array) }),
  },
  {
    name: 'POST /api/activities/:id/score-flags',
    method: 'POST',
    path: () => `/api/activities/${publicityId}/score-flags`,
    body: (who) => ({ kind: 'commended', value: false, reason: `authorization matrix ${who ?? 'none'}` }),
    allowed: ['management', 'supervisor'],
    ok: 201,
    untouched: async () => {
      const rows = await stack.dataSource.query(`SELECT reason FROM score_flags WHERE activity_id = $1`, [publicityId]);
      expect(rows.map((r: { reason: string }) => r.reason).filter((r: string) => !/management|supervisor$/.test(r))).toEqual([]);
    },
  },
  // supervision: the timeline for readers of the activity; samples for the supervisory board and management
  {
    name: 'GET /api/activities/:id/timeline',
    method: 'GET',
    path: () => `/api/activities/${publicityId}/timeline`,
    allowed: PUBLICITY_READERS,
    check: (res) => expect(res.body).toMatchObject({ activityId: publicityId, events: expect.any(Array), deadlines: expect.any(Array) }),
  },
  {
    name: 'POST /api/supervision/samples',
    method: 'POST',
    path: () => '/api/supervision/samples',
    body: () => ({ from: '2026-11-20', to: '2026-11-20', size: 1, seed: 'authz-matrix' }),
    allowed: ['supervisor', 'management'],
    ok: 201,
    check: (res) => expect(res.body).toMatchObject({ seed: 'authz-matrix', activityIds: expect.any(Array) }),
  },
  {
    name: 'GET /api/supervision/samples/:id.docx',
    method: 'GET',
    path: () => `/api/supervision/samples/${sampleId}.docx`,
    allowed: ['supervisor', 'management'],
    check: (res) => expect(res.body.bytes).toBeGreaterThan(1000),
  },
  {
    name: 'GET /api/supervision/samples/:id',
    method: 'GET',
    path: () => `/api/supervision/samples/${sampleId}`,
    allowed: ['supervisor', 'management'],
    check: (res) => expect(res.body).toMatchObject({ id: sampleId, items: expect.any(Array) }),
  },
  // publications: the activity is still in review, so generating is refused by the stage (409)
  {
    name: 'POST /api/activities/:id/publications (no final version yet)',
    method: 'POST',
    path: () => `/api/activities/${publicityId}/publications`,
    body: () => ({ kind: 'member_digest' }),
    allowed: ['staff', 'dept_head', 'admin'],
    ok: 409,
    okCode: 'PUBLICATION_REFUSED',
  },
  {
    name: 'GET /api/publications',
    method: 'GET',
    path: () => `/api/publications?activityId=${publicityId}`,
    allowed: INTERNAL,
    check: (res) => expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([publicationId]),
  },
  {
    name: 'GET /api/publications/:publicationId (published)',
    method: 'GET',
    path: () => `/api/publications/${publicationId}`,
    allowed: INTERNAL,
    check: (res) => expect(res.body).toMatchObject({ id: publicationId, status: 'approved', published: true }),
  },
  {
    name: 'POST /api/publications/:publicationId/approve (approved already)',
    method: 'POST',
    path: () => `/api/publications/${publicationId}/approve`,
    allowed: ['admin'],
    ok: 409,
    okCode: 'PUBLICATION_REFUSED',
  },
  { name: 'GET /api/signatures/public-key', method: 'GET', path: () => '/api/signatures/public-key', allowed: INTERNAL },
  // calendar
  { name: 'GET /api/calendar', method: 'GET', path: () => '/api/calendar?year=2026', allowed: ALL },
  {
    name: 'GET /api/calendar/deadline',
    method: 'GET',
    path: () => `/api/calendar/deadline?after=${encodeURIComponent('2026-09-30T17:00:00+08:00')}&workingDays=2`,
    allowed: ALL,
  },
  { name: 'GET /api/calendar/overrides', method: 'GET', path: () => '/api/calendar/overrides', allowed: INTERNAL },
  {
    name: 'POST /api/calendar/overrides',
    method: 'POST',
    path: () => '/api/calendar/overrides',
    // Far in the future (2031), each principal its own day, so a wrongly allowed one is not hidden by a 409.
    body: (who) => ({
      kind: 'closure',
      dateFrom: OVERRIDE_DAY.get(who ?? 'staff'),
      nameZh: `${OVERRIDE_MARK}-${who ?? 'none'}`,
      reason: 'authorization matrix',
    }),
    allowed: ['admin'],
    ok: 201,
    check: (res) => {
      overrideId = res.body.id;
    },
  },
  {
    name: 'DELETE /api/calendar/overrides/:id',
    method: 'DELETE',
    path: () => `/api/calendar/overrides/${overrideId}`,
    allowed: ['admin'],
    check: (res) => expect(res.body).toMatchObject({ id: overrideId, deleted: expect.objectContaining({ id: overrideId }) }),
    untouched: async () => {
      const list = await stack.as('admin')('GET', '/api/calendar/overrides');
      expect(list.body.items.map((o: { id: string }) => o.id)).toContain(overrideId);
    },
  },
  {
    name: 'PUT /api/calendar/official-years/:year',
    method: 'PUT',
    path: () => `/api/calendar/official-years/${IMPORTED_YEAR}`,
    body: () => IMPORTED_NOTICE,
    allowed: ['admin'],
    check: (res) => expect(res.body).toMatchObject({ year: IMPORTED_YEAR, official: true }),
    untouched: async () => {
      const rows = await stack.dataSource.query(`SELECT source FROM calendar_official_imports WHERE year = $1`, [IMPORTED_YEAR]);
      expect(rows.every((r: { source: string }) => r.source === IMPORTED_NOTICE.source)).toBe(true);
    },
  },
  // notifications: the own inbox of every internal user
  { name: 'GET /api/notifications', method: 'GET', path: () => '/api/notifications', allowed: INTERNAL },
  { name: 'GET /api/notifications/unread-count', method: 'GET', path: () => '/api/notifications/unread-count', allowed: INTERNAL },
  {
    name: 'POST /api/notifications/:id/read (own message)',
    method: 'POST',
    path: (who) => `/api/notifications/${notificationOf.get(who ?? 'staff')}/read`,
    allowed: INTERNAL,
    check: (res, who) => expect(res.body).toMatchObject({ id: notificationOf.get(who!), readAt: expect.any(String) }),
  },
  { name: 'GET /api/notifications/preferences', method: 'GET', path: () => '/api/notifications/preferences', allowed: INTERNAL },
  {
    name: 'PUT /api/notifications/preferences',
    method: 'PUT',
    path: () => '/api/notifications/preferences',
    // The user's own current choice, so an allowed PUT changes nothing; a refused one would change it.
    body: (who) => (who && prefsBefore.has(who) ? prefsBefore.get(who) : { email: 'intruder@example.org', wantsEmail: false }),
    allowed: INTERNAL,
    check: (res, who) => expect(res.body).toEqual(prefsBefore.get(who!)),
  },
  // escalations
  { name: 'GET /api/escalations', method: 'GET', path: () => '/api/escalations', allowed: ESCALATION_READERS },
  {
    name: 'GET /api/escalations?department=publicity',
    method: 'GET',
    path: () => '/api/escalations?department=publicity',
    allowed: ESCALATION_READERS.filter((u) => u !== 'training_head'),
  },
  {
    name: 'GET /api/escalations/channel-health',
    method: 'GET',
    path: () => '/api/escalations/channel-health',
    allowed: ['admin', 'supervisor'],
  },
  // users and departments: the administration keeps the directory; management and the board read it
  { name: 'GET /api/users', method: 'GET', path: () => '/api/users', allowed: DIRECTORY_READERS },
  {
    name: 'GET /api/users/:userId',
    method: 'GET',
    path: () => `/api/users/${userIds.get('staff')}`,
    allowed: DIRECTORY_READERS,
    check: (res) => expect(res.body).toMatchObject({ username: 'staff' }),
  },
  {
    name: 'POST /api/users',
    method: 'POST',
    path: () => '/api/users',
    body: (who) => ({
      username: `matrix.${(who ?? 'none').replace(/_/g, '.')}.${RUN}`,
      displayName: '矩阵新用户',
      role: 'staff',
      department: 'training',
      password: 'matrix-new-password',
    }),
    allowed: ['admin'],
    ok: 201,
  },
  {
    name: 'PATCH /api/users/:userId',
    method: 'PATCH',
    path: () => `/api/users/${directoryTargetId}`,
    // Refused principals try to deactivate; the admin sets the name it already has.
    body: (who) => (who === 'admin' ? { displayName: DIRECTORY_TARGET_NAME } : { active: false }),
    allowed: ['admin'],
    check: (res) => expect(res.body).toMatchObject({ id: directoryTargetId, active: true }),
    untouched: async () => expect((await stack.as('admin')('GET', `/api/users/${directoryTargetId}`)).body.active).toBe(true),
  },
  {
    name: 'PUT /api/users/:userId/password',
    method: 'PUT',
    path: () => `/api/users/${directoryTargetId}/password`,
    body: () => ({ password: 'matrix-target-password' }),
    allowed: ['admin'],
    ok: 204,
  },
  {
    name: 'POST /api/auth/password (wrong current password)',
    method: 'POST',
    path: () => '/api/auth/password',
    // Everyone may change their own password; a wrong current one keeps the demo passwords intact.
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'matrix-new-password' }),
    allowed: ALL,
    ok: 400,
    okCode: 'VALIDATION_FAILED',
    check: (res) => expect(res.body.details).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'wrongPassword' })]),
  },
  { name: 'GET /api/departments', method: 'GET', path: () => '/api/departments', allowed: INTERNAL },
  {
    name: 'POST /api/departments',
    method: 'POST',
    path: () => '/api/departments',
    body: (who) => ({ code: `m_${RUN}_${(who ?? 'none').slice(0, 12)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_'), nameZh: '矩阵部门' }),
    allowed: ['admin'],
    ok: 201,
  },
  { name: 'GET /api/audit', method: 'GET', path: () => '/api/audit?pageSize=1', allowed: ['admin', 'management', 'supervisor'] },
  // auth and health
  {
    name: 'GET /api/auth/me',
    method: 'GET',
    path: () => '/api/auth/me',
    allowed: ALL,
    check: (res, who) => expect(res.body).toMatchObject({ username: who }),
  },
  {
    name: 'POST /api/auth/logout',
    method: 'POST',
    path: () => '/api/auth/logout',
    allowed: ALL,
    ok: 204,
    // Signed out everywhere: that user's next request signs in again.
    check: (_res, who) => stack.forget(who!),
  },
  {
    name: 'POST /api/auth/login',
    method: 'POST',
    path: () => '/api/auth/login',
    body: (who) => ({ username: who ?? 'staff', password: DEMO_PASSWORD }),
    allowed: 'public',
    check: (res) => expect(res.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer' }),
  },
  {
    name: 'GET /health',
    method: 'GET',
    path: () => '/health',
    allowed: 'public',
    check: (res) => expect(res.body).toMatchObject({ status: 'ok' }),
  },
];

const isAllowed = (e: Endpoint, who: string | null): boolean => e.allowed === 'public' || (who !== null && e.allowed.includes(who));

// Per endpoint: no token first, then the refused users, then the allowed ones.
const cases = endpoints.flatMap((e) => {
  const principals: Array<string | null> = [null, ...ALL];
  const ordered = [...principals.filter((p) => !isAllowed(e, p)), ...principals.filter((p) => isAllowed(e, p))];
  return ordered.map((p) => [e.name, p ?? 'no token', isAllowed(e, p) ? 'allowed' : 'refused', e, p] as const);
});

/** What read-requests.test.ts covers role by role (R-13.2: who files, decides and sees a read request). */
const COVERED_BY_READ_REQUESTS_MATRIX = [
  'POST /api/read-requests',
  'POST /api/read-requests/external',
  'GET /api/read-requests',
  'GET /api/read-requests/{requestId}',
  'POST /api/read-requests/{requestId}/decisions',
  'GET /api/read-requests/{requestId}/letter',
];

/** What authorization-matrix.test.ts covers: the lifecycle messages and summaries of one activity. */
const COVERED_BY_LIFECYCLE_MATRIX = [
  'POST /api/activities/{id}/base-data',
  'POST /api/activities/{id}/summaries',
  'GET /api/activities/{id}/summaries',
  'POST /api/activities/{id}/reviews',
  'GET /api/activities/{id}/reviews',
  'POST /api/activities/{id}/special-meeting',
  'POST /api/activities/{id}/archive',
  'POST /api/activities/{id}/feedback',
  'POST /api/activities/{id}/disposal',
  'POST /api/activities/{id}/retention',
];

describe('authorization matrix coverage', () => {
  it('tries every operation of the OpenAPI document (with authorization-matrix.test.ts): a new endpoint needs its row', async () => {
    const doc = (await http(stack.baseUrl, 'GET', '/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
    );
    const covered = new Set([...COVERED_BY_LIFECYCLE_MATRIX, ...COVERED_BY_READ_REQUESTS_MATRIX]);
    for (const e of endpoints) {
      const concrete = e.path('admin').split('?')[0]!;
      // The most specific template wins (fewest parameters): /api/users/x is not /api/users/{userId}/password.
      const op = ops
        .filter((o) => o.method === e.method && o.pattern.test(concrete))
        .sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0];
      if (op) covered.add(`${op.method} ${op.template}`);
    }
    const all = ops.map((o) => `${o.method} ${o.template}`);
    expect([...COVERED_BY_LIFECYCLE_MATRIX, ...COVERED_BY_READ_REQUESTS_MATRIX].filter((o) => !all.includes(o))).toEqual([]);
    expect(all.filter((o) => !covered.has(o))).toEqual([]);
  });
});

describe('authorization matrix: activities, attachments, calendar, notifications, escalations, auth × every role', () => {
  it("R-1 another user's inbox message is 404 to everyone inside, 403 outside, and stays unread", async () => {
    const staffMessage = notificationOf.get('staff')!;
    for (const who of ALL.filter((u) => u !== 'staff')) {
      const res = await send(who, 'POST', `/api/notifications/${staffMessage}/read`);
      expect([who, res.status, res.body.code]).toEqual(who === 'external' ? [who, 403, 'FORBIDDEN'] : [who, 404, 'NOT_FOUND']);
    }
    const [row] = await stack.dataSource.query(`SELECT read_at FROM notifications WHERE id = $1`, [staffMessage]);
    expect(row.read_at).toBeNull();
  });

  it.each(cases)('%s as %s: %s', async (_name, _who, _verdict, endpoint, who) => {
    const res = await send(who, endpoint.method, endpoint.path(who), endpoint.body?.(who), endpoint.multipart ? photoForm() : undefined);
    if (isAllowed(endpoint, who)) {
      // Error bodies carry statusCode; a department's own `code` field is not an error code.
      const errorCode = res.body?.statusCode ? res.body.code : undefined;
      expect({ status: res.status, code: errorCode }).toEqual({ status: endpoint.ok ?? 200, code: endpoint.okCode });
      endpoint.check?.(res, who);
    } else if (who === null) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHORIZED', messageZh: expect.any(String) });
      await endpoint.untouched?.();
    } else {
      expect(res.status).toBe(403);
      // A summary's content refuses a reader without a grant with READ_NOT_GRANTED, saying how to request one.
      expect(res.body).toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|READ_NOT_GRANTED)$/), messageZh: expect.any(String) });
      await endpoint.untouched?.();
    }
  });

  it('department-scoped lists hold only the own department, whatever is asked', async () => {
    const all = async (who: string, url: string) => {
      const res = await send(who, 'GET', url);
      expect(res.status).toBe(200);
      return res.body as { items: Array<{ id: string; leadDepartment: string }>; total: number };
    };
    for (const [who, dept] of [
      ['staff', 'publicity'],
      ['dept_head', 'publicity'],
      ['training_staff', 'training'],
      ['training_head', 'training'],
    ] as const) {
      const own = await all(who, '/api/activities?pageSize=100');
      expect(new Set(own.items.map((a) => a.leadDepartment))).toEqual(new Set([dept]));
      expect(own.total).toBe((await all('admin', `/api/activities?department=${dept}&pageSize=100`)).total);
    }
    const staffView = await all('staff', '/api/activities?pageSize=100');
    expect(staffView.items.map((a) => a.id)).not.toContain(trainingId);
    const trainingView = await all('training_staff', '/api/activities?pageSize=100');
    expect(trainingView.items.map((a) => a.id)).toContain(trainingId);
    expect(trainingView.items.map((a) => a.id)).not.toContain(publicityId);

    for (const [who, dept] of [
      ['dept_head', 'publicity'],
      ['training_head', 'training'],
    ] as const) {
      const own = await all(who, '/api/escalations?pageSize=100');
      expect(own.items.every((e) => e.leadDepartment === dept)).toBe(true);
      expect(own.total).toBe((await all('admin', `/api/escalations?department=${dept}&pageSize=100`)).total);
    }
    expect((await all('training_head', `/api/escalations?activityId=${publicityId}`)).total).toBe(0);
    expect((await all('dept_head', `/api/escalations?activityId=${publicityId}`)).total).toBeGreaterThan(0);
  });

  it('refused calls changed nothing: no activity, attachment, override, read mark or preference of theirs', async () => {
    const registered = (await stack.dataSource.query(`SELECT name FROM activities WHERE name LIKE $1 ORDER BY name`, [
      `${ACTIVITY_MARK}-%`,
    ])) as Array<{ name: string }>;
    expect(registered.map((r) => r.name)).toEqual(
      [
        'publicity-admin',
        'publicity-dept_head',
        'publicity-staff',
        'training-admin',
        'training-training_head',
        'training-training_staff',
      ].map((s) => `${ACTIVITY_MARK}-${s}`),
    );

    const uploadedBy = async (activityId: string) =>
      (
        (await stack.dataSource.query(
          `SELECT u.username FROM attachments a JOIN users u ON u.id::text = a.uploaded_by WHERE a.activity_id = $1 ORDER BY u.username`,
          [activityId],
        )) as Array<{ username: string }>
      ).map((r) => r.username);
    expect(await uploadedBy(publicityId)).toEqual(['dept_head', 'staff', 'staff']); // the fixture and the two allowed uploads
    expect(await uploadedBy(trainingId)).toEqual(['training_head', 'training_staff']);

    const publications = (await stack.dataSource.query(`SELECT id, status FROM publications WHERE activity_id = $1`, [
      publicityId,
    ])) as Array<{ id: string; status: string }>;
    expect(publications).toEqual([{ id: publicationId, status: 'approved' }]);

    const overrides = await stack.as('admin')('GET', '/api/calendar/overrides');
    expect(overrides.body.items.filter((o: { nameZh: string }) => o.nameZh.startsWith(OVERRIDE_MARK))).toEqual([]);

    const unread = (await stack.dataSource.query(`SELECT user_id FROM notifications WHERE escalation_id = $1 AND read_at IS NULL`, [
      escalationId,
    ])) as Array<{ user_id: string }>;
    expect(unread.map((r) => r.user_id)).toEqual([userIds.get('external')]);

    for (const u of INTERNAL)
      expect([u, (await stack.as(u)('GET', '/api/notifications/preferences')).body]).toEqual([u, prefsBefore.get(u)]);
    const external = (await stack.dataSource.query(`SELECT count(*)::int AS n FROM user_notification_prefs WHERE user_id = $1`, [
      userIds.get('external'),
    ])) as Array<{ n: number }>;
    expect(external[0]!.n).toBe(hadPrefsRow.has('external') ? 1 : 0);
  });
});
