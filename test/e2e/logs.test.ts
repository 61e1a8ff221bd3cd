/**
 * Structured logs and request ids (README "Logs") on the real stack: the API's and the worker's
 * JSON lines are captured through pino destinations (the API's logger, the worker's Temporal
 * runtime logger), everything else is as in production — the dev server carries the request id
 * from the API's update to the worker's activity in Temporal headers.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { workflowInterceptorModules } from '../../apps/worker/src/logging.js';
import { workflowsPath } from '../../apps/worker/src/worker.js';
import { ActivityEntity } from '../../libs/db/entities/activity.entity.js';
import { DEMO_PASSWORD } from '../../libs/db/seed-demo.js';
import { createLogger } from '../../libs/logging/logger.js';
import { runWithRequestId } from '../../libs/logging/request-context.js';
import { requestIdClientInterceptor, requestIdFromHeaders } from '../../libs/temporal/request-id.js';
import { LIFECYCLE_WORKFLOW_TYPE, type LifecycleInput } from '../../workflows/definitions.js';
import { temporalRuntimeLogger } from '../support/temporal-runtime.js';
import { activityBody } from '../support/builders.js';
import { bearer, eventually, startStack, type Stack } from './support/stack.js';

type Line = Record<string, any>;

/** A pino destination that keeps every line, parsed and as written. */
class Lines {
  readonly raw: string[] = [];
  readonly parsed: Line[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (!line) continue;
      this.raw.push(line);
      this.parsed.push(JSON.parse(line) as Line);
    }
  }
  where(match: (l: Line) => boolean): Line[] {
    return this.parsed.filter(match);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const apiLines = new Lines();
const workerLines = new Lines();
let stack: Stack;
let webDir: string;
const previousWebDir = process.env.WEB_DIST_DIR;

beforeAll(async () => {
  // The worker logs through the process's Temporal runtime: installed before the stack's worker.
  // At debug: an expected, retried failure (BENIGN, like "not recorded yet") is logged at that level.
  temporalRuntimeLogger(createLogger({ level: 'debug', pretty: false }, { service: 'worker', destination: workerLines }));
  // A built web app of two files, to see static answers carry the id too.
  webDir = mkdtempSync(path.join(tmpdir(), 'logs-web-'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  process.env.WEB_DIST_DIR = webDir;
  stack = await startStack(
    { LOG_LEVEL: 'info' },
    { logger: createLogger({ level: 'info', pretty: false }, { service: 'api', destination: apiLines }) },
  );
});

afterAll(async () => {
  await stack?.stop();
  if (previousWebDir === undefined) delete process.env.WEB_DIST_DIR;
  else process.env.WEB_DIST_DIR = previousWebDir;
  rmSync(webDir, { recursive: true, force: true });
});

async function call(method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
  const res = await fetch(`${stack.baseUrl}${urlPath}`, { method, headers, body });
  await res.arrayBuffer();
  return res;
}

describe('X-Request-Id', () => {
  it('echoes a sane caller id on every kind of answer: API, errors of every layer, docs, static files, the page fallback', async () => {
    const token = await stack.login('staff');
    const cases: Array<[string, () => Promise<Response>, number]> = [
      ['health', () => call('GET', '/health', { 'x-request-id': 'req-health.1' }), 200],
      ['api read', () => call('GET', '/api/activities', { ...bearer(token), 'x-request-id': 'req-list:2' }), 200],
      ['401 no token', () => call('GET', '/api/activities', { 'x-request-id': 'req-401' }), 401],
      ['403 wrong role', () => call('GET', '/api/audit', { ...bearer(token), 'x-request-id': 'req-403' }), 403],
      ['404 unknown route', () => call('GET', '/api/no-such-thing', { ...bearer(token), 'x-request-id': 'req-404' }), 404],
      [
        '400 malformed JSON (body parser)',
        () => call('POST', '/api/auth/login', { 'content-type': 'application/json', 'x-request-id': 'req-400' }, '{"username":'),
        400,
      ],
      ['docs', () => call('GET', '/docs-json', { 'x-request-id': 'req-docs' }), 200],
      ['static file', () => call('GET', '/favicon.svg', { 'x-request-id': 'req-static' }), 200],
      ['page fallback', () => call('GET', '/activities/123', { accept: 'text/html', 'x-request-id': 'req-page' }), 200],
      ['missing asset', () => call('GET', '/assets/old-hash.js', { 'x-request-id': 'req-asset-404' }), 404],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      expect({ name, status: res.status }).toEqual({ name, status });
    }
    const answered = await Promise.all(cases.map(async ([name, send]) => [name, (await send()).headers.get('x-request-id')]));
    expect(answered).toEqual(
      cases.map(([name], i) => [
        name,
        ['req-health.1', 'req-list:2', 'req-401', 'req-403', 'req-404', 'req-400', 'req-docs', 'req-static', 'req-page', 'req-asset-404'][
          i
        ],
      ]),
    );
  });

  it('generates a new UUID for each request that sends none', async () => {
    const [a, b] = await Promise.all([call('GET', '/health'), call('GET', '/api/activities')]);
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).toMatch(UUID);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('replaces an id that is empty, too long or has other characters than letters, digits and _ . : -', async () => {
    const longest = 'a'.repeat(128);
    expect((await call('GET', '/health', { 'x-request-id': longest })).headers.get('x-request-id')).toBe(longest);
    for (const given of ['a'.repeat(129), 'has spaces', '<script>alert(1)</script>', 'id"quote', 'semi;colon', 'caf\u00e9', '']) {
      const echoed = (await call('GET', '/health', { 'x-request-id': given })).headers.get('x-request-id');
      expect({ given, echoed }).toEqual({ given, echoed: expect.stringMatching(UUID) });
    }
  });
});

describe('API request lines', () => {
  it('logs one JSON line per request with requestId, method, url, status, time and user, and no secret', async () => {
    const login = await call(
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'x-request-id': 'req-login' },
      JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
    );
    expect(login.status).toBe(200);
    const token = await stack.login('staff');
    const read = await call('GET', '/api/activities?page=1', {
      ...bearer(token),
      'x-request-id': 'req-read',
      cookie: 'session=secret-cookie',
    });
    expect(read.status).toBe(200);
    await call('GET', '/api/activities', { authorization: 'Bearer not-a-valid-token', 'x-request-id': 'req-denied' });

    const line = await eventually(
      async () => apiLines.where((l) => l.requestId === 'req-read'),
      (ls) => ls.length > 0,
    );
    expect(line).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'api',
        requestId: 'req-read',
        req: { method: 'GET', url: '/api/activities?page=1' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        userId: expect.stringMatching(UUID),
        msg: 'GET /api/activities?page=1 200',
      },
    ]);
    expect(apiLines.where((l) => l.requestId === 'req-denied')).toEqual([
      expect.objectContaining({ level: 'warn', res: { statusCode: 401 }, msg: 'GET /api/activities 401' }),
    ]);
    expect(apiLines.where((l) => l.requestId === 'req-login')).toEqual([expect.objectContaining({ msg: 'POST /api/auth/login 200' })]);
    const all = apiLines.raw.join('\n');
    for (const secret of [DEMO_PASSWORD, token, 'not-a-valid-token', 'secret-cookie']) expect(all).not.toContain(secret);
  });
});

describe('one request from the API into the worker', () => {
  it('carries the id of a registration and of a lifecycle message to the activities they cause, in Temporal headers', async () => {
    const registration = `register-${randomUUID()}`;
    const created = await stack.as('staff')('POST', '/api/activities', activityBody(), { 'x-request-id': registration });
    expect(created.status).toBe(201);
    const { id, workflowId } = created.body as { id: string; workflowId: string };
    // The registration's start carried its id: the workflow's first activity (its row committed? —
    // with the end's deadlines, the activity having ended already) logs it.
    const registered = await eventually(
      async () => workerLines.where((l) => l.requestId === registration),
      (ls) => ls.some((l) => l.activityType === 'confirmRecordedAndComputeDeadlines'),
    );
    expect(registered.every((l) => l.workflowId === workflowId)).toBe(true);
    await eventually(
      () => stack.as('staff')('GET', `/api/activities/${id}`),
      (r) => r.body?.lifecycle?.deadlines?.length === 3,
    );

    const requestId = `trace-${randomUUID()}`;

    const res = await stack.as('staff')(
      'POST',
      `/api/activities/${id}/base-data`,
      { participants: { online: 180, offline: 260 }, expenseSettled: true },
      { 'x-request-id': requestId },
    );
    expect(res.status).toBe(200);

    // The API's line of that request …
    expect(apiLines.where((l) => l.requestId === requestId)).toEqual([
      expect.objectContaining({ service: 'api', msg: `POST /api/activities/${id}/base-data 200` }),
    ]);
    // … and the worker's line of the activity it caused: the projection of the state it changed.
    const worker = await eventually(
      async () => workerLines.where((l) => l.requestId === requestId),
      (ls) => ls.some((l) => l.activityType === 'recordProjection'),
    );
    expect(worker).toContainEqual(
      expect.objectContaining({
        level: 'info',
        service: 'worker',
        msg: 'Activity succeeded',
        requestId,
        workflowId,
        activityType: 'recordProjection',
        attempt: 1,
        durationMs: expect.any(Number),
      }),
    );
    // Only this workflow's activities carry it.
    expect(worker.every((l) => l.workflowId === workflowId)).toBe(true);

    // The header is in the workflow's history, and the history replays with the interceptors.
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'recordProjection')
      .map((a) => requestIdFromHeaders(a?.header?.fields ?? undefined));
    expect(scheduled).toContain(requestId);
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: workflowsPath(), interceptors: { workflowModules: workflowInterceptorModules() } },
        history,
        workflowId,
      ),
    ).resolves.toBeUndefined();
  });
});

describe('lines logged while handling a request', () => {
  it("carry its requestId, in the API (a service's own line) and in the worker (through a signal to every running lifecycle)", async () => {
    const created = await stack.as('staff')('POST', '/api/activities', activityBody());
    expect(created.status).toBe(201);
    const { workflowId } = created.body as { workflowId: string };
    await eventually(
      () => stack.as('staff')('GET', `/api/activities/${created.body.id}`),
      (r) => r.body?.lifecycle?.deadlines?.length === 3,
    );
    const requestId = `closure-${randomUUID()}`;
    // Overrides move every suite's deadlines (one database): a date no deadline reaches, removed again below.
    const closure = await stack.as('admin')(
      'POST',
      '/api/calendar/overrides',
      { kind: 'closure', dateFrom: '2030-03-04', dateTo: '2030-03-05', nameZh: '日志测试闭馆', reason: 'logs test' },
      { 'x-request-id': requestId },
    );
    try {
      expect(closure.status).toBe(201);
      // CalendarChangeNotifier's own line, inside the request: nestjs-pino's Logger through the request's logger.
      expect(apiLines.where((l) => l.requestId === requestId)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'info', context: 'CalendarChangeNotifier', msg: expect.stringMatching(/^calendarChanged \(/) }),
          expect.objectContaining({ msg: 'POST /api/calendar/overrides 201' }),
        ]),
      );
      // The signal carried the id: the lifecycle's work on it (its deadlines are overdue already, so
      // nothing to recompute: the projection of its new state) logs it.
      const recomputed = await eventually(
        async () => workerLines.where((l) => l.requestId === requestId && l.workflowId === workflowId),
        (ls) => ls.length > 0,
      );
      expect(recomputed).toContainEqual(expect.objectContaining({ msg: 'Activity succeeded', activityType: 'recordProjection' }));
    } finally {
      if (closure.status === 201) await stack.as('admin')('DELETE', `/api/calendar/overrides/${closure.body.id}`);
    }
  });
});

describe('a retried activity', () => {
  it('logs one line per attempt: WARN with attempt, type, workflow, error type and message (no stack), then its success', async () => {
    // A lifecycle started before its row exists: its first activity (the row's check, with the end's
    // deadlines: the activity ended already) fails (retryable) until the row commits.
    const activityId = randomUUID();
    const workflowId = `activity-${activityId}`;
    const requestId = `retry-${randomUUID()}`;
    const client = new Client({
      connection: stack.client.connection,
      namespace: stack.config.temporal.namespace,
      interceptors: { workflow: [requestIdClientInterceptor] },
    });
    const input: LifecycleInput = {
      activityId,
      name: '重试日志测试',
      type: 'seminar',
      leadDepartment: 'publicity',
      endAt: '2026-09-30T09:30:00.000Z',
      isMajor: false,
      permanent: false,
    };
    const handle = await runWithRequestId(requestId, () =>
      client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, { workflowId, taskQueue: stack.config.temporal.taskQueue, args: [input] }),
    );
    try {
      const failed = (l: Line) => l.workflowId === workflowId && l.msg === 'Activity failed';
      await eventually(
        async () => workerLines.where(failed).length,
        (n) => n >= 2,
      );
      await stack.dataSource.getRepository(ActivityEntity).insert({
        id: activityId,
        name: input.name,
        type: input.type,
        leadDepartment: input.leadDepartment,
        startAt: new Date('2026-09-30T01:00:00.000Z'),
        endAt: new Date(input.endAt),
        location: '协会多功能厅',
        plannedOnline: 10,
        plannedOffline: 10,
        releasesPolicy: false,
        isMajor: false,
        permanent: false,
        workflowId,
      });
      const succeeded = await eventually(
        async () =>
          workerLines.where(
            (l) => l.workflowId === workflowId && l.activityType === 'confirmRecordedAndComputeDeadlines' && l.level === 'info',
          ),
        (ls) => ls.length > 0,
      );

      const failures = workerLines.where(failed);
      expect(failures.length).toBeGreaterThanOrEqual(2);
      // "Not recorded yet" is expected while the API commits (BENIGN): one DEBUG line per try, no warning.
      failures.forEach((line, i) =>
        expect(line).toEqual({
          level: 'debug',
          time: expect.any(String),
          service: 'worker',
          sdkComponent: 'worker',
          msg: 'Activity failed',
          requestId,
          workflowId,
          workflowRunId: handle.firstExecutionRunId,
          workflowType: LIFECYCLE_WORKFLOW_TYPE,
          activityType: 'confirmRecordedAndComputeDeadlines',
          activityId: expect.any(String),
          attempt: i + 1,
          namespace: stack.config.temporal.namespace,
          taskQueue: stack.config.temporal.taskQueue,
          durationMs: expect.any(Number),
          error: { type: 'ActivityNotRecorded', message: `activity ${activityId} is not recorded (yet)` },
        }),
      );
      expect(succeeded).toEqual([expect.objectContaining({ msg: 'Activity succeeded', attempt: failures.length + 1, requestId })]);
      // Nothing about this workflow at WARN or above: no stack dumps, no second line per attempt.
      expect(workerLines.where((l) => l.workflowId === workflowId && (l.level === 'warn' || l.level === 'error'))).toHaveLength(0);
      const raw = workerLines.raw.filter((l) => l.includes(workflowId) && l.includes('Activity failed'));
      expect(raw.every((l) => !l.includes('\\n    at ') && l.length < 1_000)).toBe(true);
    } finally {
      await handle.terminate('logs test done').catch(() => undefined);
    }
  });
});
