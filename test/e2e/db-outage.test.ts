/**
 * PostgreSQL goes away and comes back (issue #13): the stack of this suite runs on a PostgreSQL
 * cluster of its own, stopped for about ten seconds while requests keep coming and the worker
 * keeps working, then started again on the same data folder and port. Nothing is restarted but
 * PostgreSQL itself.
 *  - During the outage every request that needs the database answers 503 DATABASE_UNAVAILABLE
 *    with Retry-After, within seconds — login and token checks included, never a 401 or a 500 —
 *    and /health answers 503.
 *  - After it, /health is 200 again within seconds (the pools recover by themselves), every write
 *    answered 2xx is there, every registration answered 503 left nothing (a row without its
 *    workflow, or a running workflow without its row), and the projection, escalations and inbox
 *    of workflows that moved on during the outage catch up with the workflows' own state.
 *  - The worker logs one line per failed try, not the SDK's warning with a stack trace.
 */
import { createLogger } from '../../libs/logging/logger.js';
import { temporalRuntimeLogger } from '../support/temporal-runtime.js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
// @ts-expect-error plain ESM module of the launcher, no type declarations
import { findFreePort, startEmbeddedPostgres } from '../../scripts/tools/postgres.mjs';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import type { Actor } from '../../libs/domain/roles.js';
import { runMigrations } from '../../libs/db/migrate.js';
import { stateQuery, submitBaseDataUpdate } from '../../workflows/definitions.js';
import { activityBody } from '../support/builders.js';
import { bearer, eventually, http, startStack, type HttpResult, type Stack } from './support/stack.js';

type Postgres = { url: string; stop: () => Promise<void> };

const OUTAGE_MS = 10_000;
/** Longest a request may take to answer while PostgreSQL is down. */
const ANSWER_BOUND_MS = 5_000;
/**
 * Longest a request may take while PostgreSQL accepts connections but answers nothing: a new
 * connection gives up after 3 s, a statement on an open one after 6 s (libs/db/data-source.ts).
 */
const FROZEN_ANSWER_BOUND_MS = 8_000;
/** Longest /health may take to say 200 after PostgreSQL is back. */
const RECOVERY_BOUND_MS = 10_000;
/** Registrations in doubt (PostgreSQL went away during their COMMIT) close as orphans after this. */
const REGISTRATION_GRACE_MS = 15_000;

let dataDir: string;
let port: number;
let pg: Postgres | undefined;
let stack: Stack | undefined;

async function startPostgres(): Promise<Postgres> {
  return (await startEmbeddedPostgres({ persistent: true, dataDir, port, log: () => {} })) as Postgres;
}

beforeAll(async () => {
  // Installed before the stack's worker: its lines land in workerLog.
  temporalRuntimeLogger(
    createLogger(
      { level: 'warn', pretty: false },
      { service: 'worker', destination: { write: (line: string) => void workerLog.push(line) } },
    ),
  );
  // Under the system temp folder: run as root, PostgreSQL runs as the `postgres` user, which must reach it.
  dataDir = await mkdtemp(path.join(tmpdir(), 'activity-summary-pg-outage-'));
  port = (await findFreePort()) as number;
  pg = await startPostgres();
  await runMigrations(pg.url);
  stack = await startStack({ DATABASE_URL: pg.url }, { registrationGraceMs: REGISTRATION_GRACE_MS });
});

afterAll(async () => {
  pg ??= await startPostgres().catch(() => undefined); // a failed test may leave it stopped
  await stack?.stop();
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const staffPost = (path: string, body: unknown, headers?: Record<string, string>) => stack!.as('staff')('POST', path, body, headers);

/** A registration body; `endAt` in the past makes every deadline overdue at once (escalations, inbox). */
function registration(name: string, endAt = '2026-09-30T17:30:00+08:00'): Record<string, unknown> {
  return activityBody({ name, startAt: new Date(Date.parse(endAt) - 3_600_000).toISOString(), endAt });
}

async function register(name: string, endAt?: string): Promise<string> {
  const res = await staffPost('/api/activities', registration(name, endAt));
  if (res.status !== 201) throw new Error(`registering ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const workflowOf = (id: string) => stack!.client.workflow.getHandle(`activity-${id}`);
const liveState = (id: string) => workflowOf(id).query(stateQuery);

async function row(id: string): Promise<{ stage: string; lifecycle: LifecycleState | null; projection_version: number } | undefined> {
  const rows = (await stack!.dataSource.query(`SELECT stage, lifecycle, projection_version FROM activities WHERE id = $1`, [id])) as Array<{
    stage: string;
    lifecycle: LifecycleState | null;
    projection_version: number;
  }>;
  return rows[0];
}

/** Until the row's projection is the workflow's own state; answers that state. */
async function projectionCaughtUp(id: string): Promise<LifecycleState> {
  const caughtUp = await eventually(
    async () => {
      const [state, projected] = await Promise.all([liveState(id), row(id)]);
      return { state, projected };
    },
    ({ state, projected }) => projected?.projection_version === state.version && isDeepStrictEqual(projected.lifecycle, state),
    30_000,
  );
  expect(caughtUp.projected!.lifecycle).toEqual(caughtUp.state);
  expect(caughtUp.projected!.stage).toBe(caughtUp.state.stage);
  return caughtUp.state;
}

/** The escalation ledger (escalations table) has exactly the escalations the workflow fired, resolved alike. */
async function ledgerCaughtUp(id: string): Promise<void> {
  await eventually(
    async () => {
      const state = await liveState(id);
      const rows = (await stack!.dataSource.query(
        `SELECT deadline_key, occurrence, kind, resolved_at IS NOT NULL AS resolved FROM escalations WHERE activity_id = $1`,
        [id],
      )) as Array<{ deadline_key: string; occurrence: number; kind: string; resolved: boolean }>;
      const key = (k: string, o: number, kind: string) => `${k}#${o}:${kind}`;
      const fired = state.escalations.map((e) => key(e.deadlineKey, e.occurrence, e.kind)).sort();
      const recorded = rows.map((r) => key(r.deadline_key, r.occurrence, r.kind)).sort();
      const open = state.deadlines.filter((d) => d.status === 'overdue').map((d) => key(d.key, d.occurrence, 'overdue'));
      const recordedOpen = rows.filter((r) => r.kind === 'overdue' && !r.resolved).map((r) => key(r.deadline_key, r.occurrence, r.kind));
      return { fired, recorded, open: open.sort(), recordedOpen: recordedOpen.sort() };
    },
    (v) =>
      v.fired.length > 0 &&
      JSON.stringify(v.fired) === JSON.stringify(v.recorded) &&
      JSON.stringify(v.open) === JSON.stringify(v.recordedOpen),
    30_000,
  );
}

/** What the outage must answer: 503, Retry-After, the error shape with DATABASE_UNAVAILABLE, within the bound. */
function expectUnavailable(what: string, res: HttpResult & { ms: number; retryAfter: string | null }): void {
  const seen = { what, status: res.status, ms: res.ms, retryAfter: res.retryAfter, body: res.body };
  expect(seen).toEqual({
    what,
    status: 503,
    ms: expect.any(Number),
    retryAfter: '5',
    body: {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: expect.stringContaining('PostgreSQL'),
      messageZh: expect.stringMatching(/[\u4e00-\u9fff]/),
      details: [],
    },
  });
  expect(seen.ms).toBeLessThan(ANSWER_BOUND_MS);
}

/** One request with its time and Retry-After (the stack's `http` keeps neither). */
async function timed(
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult & { ms: number; retryAfter: string | null }> {
  const started = Date.now();
  const res = await fetch(`${stack!.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: Date.now() - started, retryAfter: res.headers.get('retry-after') };
}

/** The worker's log lines (its Temporal runtime logs through pino, as in production) from now until `stop()`. */
const workerLog: string[] = [];
function captureWorkerLog(): { lines: string[]; stop: () => void } {
  const from = workerLog.length;
  let to: number | undefined;
  return {
    get lines() {
      return workerLog.slice(from, to);
    },
    stop: () => void (to = workerLog.length),
  };
}

describe('PostgreSQL outage', () => {
  it('answers 503 at once while PostgreSQL is down, recovers by itself, loses nothing acknowledged, catches up', async () => {
    const s = stack!;
    const tokens = { staff: await s.login('staff'), admin: await s.login('admin') };
    const me = (await s.as('staff')('GET', '/api/auth/me')).body as { id: string; displayName: string };
    const staff: Actor = { userId: me.id, role: 'staff', department: 'publicity', displayName: me.displayName };

    // ── Before: acknowledged writes ───────────────────────────────────────────────────────
    // A: ended long ago, so its deadlines are overdue and escalated at once; base data comes during the outage.
    const a = await register(`停库前-A-${randomUUID().slice(0, 6)}`);
    await eventually(
      async () => (await row(a))?.lifecycle,
      (l) => l?.stage === 'DRAFTING' && l.escalations.length >= 3,
    );
    await ledgerCaughtUp(a);
    // B: registered while no worker runs; the worker only gets to it while PostgreSQL is down.
    await s.stopWorker();
    const b = await register(`停库前-B-${randomUUID().slice(0, 6)}`);
    expect(await row(b)).toMatchObject({ stage: 'AWAITING_END' });
    // C: ends a few seconds into the outage: its deadlines are computed from the calendar in PostgreSQL.
    const c = await register(`停库前-C-${randomUUID().slice(0, 6)}`, new Date(Date.now() + 4_000).toISOString());

    // Registrations racing the shutdown: each answers 201 or 503, never anything else.
    const racing: Array<{ name: string; key: string | null; res: HttpResult }> = [];
    let racingOn = true;
    const racer = (async () => {
      for (let i = 0; racingOn; i++) {
        const name = `停库竞争-${i}-${randomUUID().slice(0, 6)}`;
        const key = i % 2 ? `race-${randomUUID()}` : null;
        const res = await http(s.baseUrl, 'POST', '/api/activities', registration(name), {
          ...bearer(tokens.staff),
          ...(key ? { 'Idempotency-Key': key } : {}),
        });
        racing.push({ name, key, res });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));

    // ── The outage ────────────────────────────────────────────────────────────────────────
    const log = captureWorkerLog();
    const stopping = Date.now();
    await pg!.stop();
    pg = undefined;
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    racingOn = false;
    await racer;
    await s.startWorker();

    // A message the worker processes while PostgreSQL is down: the workflow takes it, its projection waits.
    const acknowledged = await workflowOf(a).executeUpdate(submitBaseDataUpdate, {
      args: [{ requestId: `outage-${randomUUID()}`, actor: staff, participants: { online: 12, offline: 34 }, expenseSettled: true }],
    });
    expect(acknowledged.baseData).toMatchObject({ participants: { online: 12, offline: 34 } });

    const failedNames: string[] = [];
    const failedKeys: Array<{ key: string; body: Record<string, unknown> }> = [];
    const requests: Array<[string, () => Promise<HttpResult & { ms: number; retryAfter: string | null }>]> = [
      ['list activities', () => timed('GET', '/api/activities', { headers: bearer(tokens.staff) })],
      ['one activity', () => timed('GET', `/api/activities/${a}`, { headers: bearer(tokens.staff) })],
      [
        'register without a key',
        () => {
          const name = `停库中-${randomUUID().slice(0, 8)}`;
          failedNames.push(name);
          return timed('POST', '/api/activities', { body: registration(name), headers: bearer(tokens.staff) });
        },
      ],
      [
        'register with a key',
        () => {
          const name = `停库中-${randomUUID().slice(0, 8)}`;
          const key = `outage-${randomUUID()}`;
          failedNames.push(name);
          failedKeys.push({ key, body: registration(name) });
          return timed('POST', '/api/activities', {
            body: failedKeys.at(-1)!.body,
            headers: { ...bearer(tokens.staff), 'Idempotency-Key': key },
          });
        },
      ],
      [
        'base data',
        () =>
          timed('POST', `/api/activities/${a}/base-data`, {
            body: { participants: { online: 1, offline: 2 }, expenseSettled: true },
            headers: bearer(tokens.staff),
          }),
      ],
      ['sign in', () => timed('POST', '/api/auth/login', { body: { username: 'staff', password: 'demo-password' } })],
      ['who am I (token check)', () => timed('GET', '/api/auth/me', { headers: bearer(tokens.staff) })],
      ['inbox', () => timed('GET', '/api/notifications', { headers: bearer(tokens.staff) })],
      ['escalations', () => timed('GET', '/api/escalations', { headers: bearer(tokens.admin) })],
      [
        'a calendar closure',
        () =>
          timed('POST', '/api/calendar/overrides', {
            body: { kind: 'closure', dateFrom: '2026-12-21', dateTo: '2026-12-21', nameZh: '停库测试' },
            headers: bearer(tokens.admin),
          }),
      ],
    ];
    const answered: Array<{ what: string; ms: number }> = [];
    const healthDuring: Array<{ status: number; ms: number; body: any }> = [];
    // Two clients keep going for the whole outage, each at least once through every request (on a
    // loaded machine a round can outlast the outage's planned length: the outage then lasts longer).
    await Promise.all(
      [0, 1].map(async (client) => {
        for (let i = client, n = 0; n < requests.length || Date.now() - downAt < OUTAGE_MS; i++, n++) {
          const [what, send] = requests[i % requests.length]!;
          const res = await send();
          expectUnavailable(what, res);
          answered.push({ what, ms: res.ms });
          const health = await timed('GET', '/health');
          healthDuring.push({ status: health.status, ms: health.ms, body: health.body });
          await new Promise((r) => setTimeout(r, 100)); // steady, not a flood: the dev server is shared
        }
      }),
    );
    expect(new Set(answered.map((r) => r.what))).toEqual(new Set(requests.map(([what]) => what)));
    for (const h of healthDuring) {
      expect(h).toMatchObject({ status: 503, body: { status: 'degraded', postgres: { status: 'down' }, temporal: { status: 'up' } } });
      expect(h.ms).toBeLessThan(ANSWER_BOUND_MS);
    }

    // ── Recovery ──────────────────────────────────────────────────────────────────────────
    pg = await startPostgres();
    const upAt = Date.now();
    await eventually(
      () => timed('GET', '/health'),
      (h) => h.status === 200,
      RECOVERY_BOUND_MS,
    );
    const recoveredMs = Date.now() - upAt;
    log.stop();
    const slowest = Math.max(...answered.map((r) => r.ms), ...healthDuring.map((h) => h.ms));
    const racingBy = (status: number) => racing.filter((r) => r.res.status === status).length;
    console.log(
      `PostgreSQL stop took ${downAt - stopping} ms; outage ${upAt - downAt} ms: ${answered.length} requests and ` +
        `${healthDuring.length} /health answered 503, slowest ${slowest} ms; /health 200 again ${recoveredMs} ms after ` +
        `PostgreSQL was back; registrations racing the shutdown: ${racingBy(201)} × 201, ${racingBy(503)} × 503`,
    );
    expect(recoveredMs).toBeLessThan(RECOVERY_BOUND_MS);

    // Every acknowledged write is there; the racing ones answered 201 or 503 and nothing else.
    expect(racing.length).toBeGreaterThan(0);
    for (const r of racing) expect([201, 503]).toContain(r.res.status);
    for (const id of [a, b, c, ...racing.filter((r) => r.res.status === 201).map((r) => r.res.body.id as string)]) {
      expect(await row(id)).toBeDefined();
    }
    // What failed during the outage changed nothing.
    const leftovers = (await s.dataSource.query(`SELECT name FROM activities WHERE name = ANY($1)`, [failedNames])) as unknown[];
    expect(leftovers).toEqual([]);
    // A 503 is safe to repeat with the same key: one activity per key.
    const keyed = [
      ...failedKeys,
      ...racing.filter((r) => r.key && r.res.status === 503).map((r) => ({ key: r.key!, body: registration(r.name) })),
    ];
    for (const { key, body } of keyed.slice(0, 4)) {
      const again = await http(s.baseUrl, 'POST', '/api/activities', body, { ...bearer(tokens.staff), 'Idempotency-Key': key });
      expect([200, 201]).toContain(again.status);
      const [{ n }] = (await s.dataSource.query(`SELECT count(*)::int AS n FROM activities WHERE idempotency_key = $1`, [key])) as [
        { n: number },
      ];
      expect(n).toBe(1);
    }
    // The service takes new writes again.
    const d = await register(`恢复后-D-${randomUUID().slice(0, 6)}`);

    // No row without its workflow, no running workflow without its row.
    await eventually(
      async () => {
        const rows = new Set(((await s.dataSource.query(`SELECT id FROM activities`)) as Array<{ id: string }>).map((r) => r.id));
        const problems: string[] = [];
        const seen = new Set<string>();
        for await (const wf of s.client.workflow.list({ query: `TaskQueue = "${s.config.temporal.taskQueue}"` })) {
          const id = wf.workflowId.replace(/^activity-/, '');
          seen.add(id);
          const status = (await workflowOf(id).describe()).status.name;
          const closedAsOrphan = status === 'COMPLETED' && (await liveState(id).catch(() => null))?.stage === 'CLOSED';
          const gone = status === 'TERMINATED' || closedAsOrphan;
          if (rows.has(id) && status !== 'RUNNING') problems.push(`${id}: row, workflow ${status}`);
          if (!rows.has(id) && !gone) problems.push(`${id}: no row, workflow ${status}`);
        }
        for (const id of rows) if (!seen.has(id)) problems.push(`${id}: row without workflow`);
        return problems;
      },
      (problems) => problems.length === 0,
      REGISTRATION_GRACE_MS + 45_000,
    );
    await expect(workflowOf(randomUUID()).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // The projections catch up with the workflows: A took its base data during the outage,
    // B was confirmed, timed and escalated after it, C ended during it.
    const stateA = await projectionCaughtUp(a);
    expect(stateA.baseData).toEqual(acknowledged.baseData);
    expect(stateA.version).toBeGreaterThanOrEqual(acknowledged.version);
    await ledgerCaughtUp(a);
    expect(stateA.deadlines.find((x) => x.key === 'baseData')?.status).toBe('met');

    const stateB = await projectionCaughtUp(b);
    expect(stateB.stage).toBe('DRAFTING');
    await ledgerCaughtUp(b);
    const inboxB = (await s.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE activity_id = $1`, [b])) as [
      { n: number },
    ];
    expect(inboxB[0].n).toBeGreaterThan(0);

    const stateC = await eventually(
      () => projectionCaughtUp(c),
      (x) => x.stage === 'DRAFTING' && x.deadlines.length === 3,
      30_000,
    );
    expect(stateC.deadlines.every((x) => x.status === 'pending')).toBe(true);
    // It ended during the outage, and moved on only once the calendar could be read again.
    expect(Date.parse(stateC.stageHistory?.at(-1)?.at ?? '')).toBeGreaterThanOrEqual(upAt);
    await projectionCaughtUp(d);

    // The worker said so once per failed try, on one line each: no SDK warning with a stack trace.
    const outageLines = log.lines.filter((l) => /PostgreSQL unavailable|Activity failed|delivery retry round failed/.test(l));
    expect(outageLines.some((l) => /PostgreSQL unavailable: (confirmActivityRecorded|recordProjection|resolveEscalations)/.test(l))).toBe(
      true,
    );
    for (const line of outageLines) {
      expect(line).not.toMatch(/Activity failed/);
      expect(line.trimEnd()).not.toMatch(/\n/);
    }
  }, 240_000);

  it('answers 503 within the timeouts while PostgreSQL is frozen (it accepts connections and answers nothing), never hangs', async () => {
    const s = stack!;
    pg ??= await startPostgres();
    // The bounds are in force on the stack's connections.
    const [timeouts] = (await s.dataSource.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
    )) as [{ statement: string; idle: string }];
    expect(timeouts).toEqual({ statement: '5s', idle: '1min' });
    const token = await s.login('staff');
    const a = await register(`冻结前-${randomUUID().slice(0, 6)}`);
    await eventually(
      async () => (await row(a))?.stage,
      (stage) => stage === 'DRAFTING',
    );

    const frozen = await clusterProcesses();
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const answers: Array<{ what: string; status: number; ms: number; code?: string; retryAfter: string | null }> = [];
    try {
      const requests: Array<[string, () => ReturnType<typeof timed>]> = [
        ['list activities', () => timed('GET', '/api/activities', { headers: bearer(token) })],
        ['one activity', () => timed('GET', `/api/activities/${a}`, { headers: bearer(token) })],
        ['register', () => timed('POST', '/api/activities', { body: registration(`冻结中-${randomUUID()}`), headers: bearer(token) })],
        ['sign in', () => timed('POST', '/api/auth/login', { body: { username: 'staff', password: 'demo-password' } })],
        ['health', () => timed('GET', '/health')],
      ];
      // Twice over: first on the pool's open connections, then on connections that cannot be opened.
      for (let round = 0; round < 2; round++) {
        const results = await Promise.all(requests.map(async ([what, send]) => ({ what, res: await send() })));
        for (const { what, res } of results)
          answers.push({ what, status: res.status, ms: res.ms, code: res.body?.code, retryAfter: res.retryAfter });
      }
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    const thawedAt = Date.now();
    console.log(`frozen PostgreSQL: ${answers.map((x) => `${x.what} ${x.status} in ${x.ms} ms`).join(', ')}`);
    for (const x of answers) {
      expect(x).toMatchObject(x.what === 'health' ? { status: 503 } : { status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '5' });
      expect(x.ms).toBeLessThan(FROZEN_ANSWER_BOUND_MS);
    }

    await eventually(
      () => timed('GET', '/health'),
      (h) => h.status === 200,
      RECOVERY_BOUND_MS,
    );
    console.log(`/health 200 again ${Date.now() - thawedAt} ms after PostgreSQL was thawed`);
    const after = await register(`解冻后-${randomUUID().slice(0, 6)}`);
    expect(await row(after)).toBeDefined();
  }, 120_000);
});

/** The cluster's processes: the postmaster (postmaster.pid) and its children, the backends. */
async function clusterProcesses(): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid …": the command may contain spaces, so read after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}
