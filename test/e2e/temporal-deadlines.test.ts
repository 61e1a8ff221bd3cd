/**
 * Issue "A lifecycle no input can wedge": no request hangs on Temporal. Every update and query has
 * a deadline (TEMPORAL_RPC_TIMEOUT_MS, TEMPORAL_QUERY_TIMEOUT_MS, short here); a message the
 * lifecycle cannot take in time — its worker is stopped — answers 503 with `Retry-After`, a read
 * falls back to the projection, and the retry with the same Idempotency-Key is taken once.
 */
import { randomUUID } from 'node:crypto';
import { exampleSummary } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import * as fixtures from './support/fixtures.js';
import { bearer, eventually, startStack, type Stack } from './support/stack.js';

const RPC_TIMEOUT_MS = 2_000;
const QUERY_TIMEOUT_MS = 1_000;
/** Room for a loaded 2-core machine: the answer must come well before the old "never". */
const MARGIN_MS = 2_500;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ TEMPORAL_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS), TEMPORAL_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) });
});
afterAll(async () => {
  await stack?.stop();
});

interface Timed {
  status: number;
  body: any;
  retryAfter: string | null;
  ms: number;
}

/** A request with its duration and the Retry-After header. */
async function timed(
  target: Stack,
  user: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Timed> {
  const auth = bearer(await target.login(user));
  const started = performance.now();
  const res = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    retryAfter: res.headers.get('retry-after'),
    ms: performance.now() - started,
  };
}

/**
 * What a client does with a 503: wait (Retry-After, shortened here) and send the same request
 * again. A restarted worker takes a few seconds before the server hands it the workflow again.
 */
async function untilAvailable(send: () => Promise<Timed>, withinMs = 30_000): Promise<Timed> {
  const until = Date.now() + withinMs;
  for (;;) {
    const res = await send();
    if (res.status !== 503 || Date.now() > until) return res;
    expect(res.retryAfter).toMatch(/^[1-9]\d*$/);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function expectUnavailable(res: Timed, withinMs: number): void {
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({
    statusCode: 503,
    code: 'DEPENDENCY_UNAVAILABLE',
    message: expect.any(String),
    messageZh: expect.any(String),
    details: expect.any(Array),
  });
  expect(res.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(res.ms).toBeLessThan(withinMs);
}

describe('SPEC §3 no request hangs on Temporal', () => {
  // With the worker stopped: a message answers 503 with Retry-After at its deadline, a read answers from the projection.
  it('SPEC §3 R-7.1 with the worker stopped: 503 at the deadline, reads from the projection; the same key is taken once', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    // The worker projects the base data into PostgreSQL: the read below answers from there.
    await eventually(
      () => stack.dataSource.query(`SELECT lifecycle->'baseData' AS b FROM activities WHERE id = $1`, [id]),
      ([r]) => r?.b != null,
    );
    await stack.stopWorker();
    let restarted = false;
    try {
      const key = { 'Idempotency-Key': randomUUID() };
      const correction = { participants: { online: 200, offline: 260 }, expenseSettled: true, notes: '线上人数更正' };
      const message = await timed(stack, 'staff', 'POST', `/api/activities/${id}/base-data`, correction, key);
      console.log(`base data with the worker stopped: ${message.status} in ${message.ms.toFixed(0)} ms (deadline ${RPC_TIMEOUT_MS} ms)`);
      expectUnavailable(message, RPC_TIMEOUT_MS + MARGIN_MS);
      expect(message.ms).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS - 100);
      expect(message.body.messageZh).toContain('Idempotency-Key');

      const read = await timed(stack, 'staff', 'GET', `/api/activities/${id}`);
      console.log(`GET with the worker stopped: ${read.status} in ${read.ms.toFixed(0)} ms (query deadline ${QUERY_TIMEOUT_MS} ms)`);
      expect(read.status).toBe(200);
      expect(read.ms).toBeLessThan(QUERY_TIMEOUT_MS + MARGIN_MS);
      expect(read.body).toMatchObject({ stage: 'DRAFTING', allowedActions: ['submitBaseData', 'submitDraft'] });

      await stack.startWorker();
      restarted = true;
      const retried = await untilAvailable(() => timed(stack, 'staff', 'POST', `/api/activities/${id}/base-data`, correction, key));
      expect(retried.status).toBe(200);
      expect(retried.body.lifecycle.baseData).toMatchObject({ participants: correction.participants, notes: correction.notes });
      // The fixture's entry and this correction: the retry added nothing of its own.
      expect(retried.body.lifecycle.baseDataHistory).toHaveLength(1);
    } finally {
      if (!restarted) await stack.startWorker();
    }
  });

  it('R-7.2 R-6.4 a summary whose update timed out is completed by its retry: one submission, signed by its compiler', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    await stack.stopWorker();
    let restarted = false;
    try {
      const key = { 'Idempotency-Key': randomUUID() };
      const first = await timed(stack, 'staff', 'POST', `/api/activities/${id}/summaries`, { document: exampleSummary() }, key);
      // The pre-check's query gives up first (the workflow then decides), then the update.
      expectUnavailable(first, QUERY_TIMEOUT_MS + RPC_TIMEOUT_MS + MARGIN_MS);

      await stack.startWorker();
      restarted = true;
      const retried = await untilAvailable(() =>
        timed(stack, 'staff', 'POST', `/api/activities/${id}/summaries`, { document: exampleSummary() }, key),
      );
      expect(retried.status).toBe(201);
      expect(retried.body.lifecycle.submissions).toEqual([expect.objectContaining({ versionId: retried.body.version.id, kind: 'draft' })]);
      expect(retried.body.version).toMatchObject({ submitted: true });
      expect(retried.body.signature).toMatchObject({ purpose: 'compile', versionId: retried.body.version.id });
      const state = await eventually(
        () => stack.as('admin')('GET', `/api/activities/${id}`),
        (r) => r.body.lifecycle?.stage === 'IN_REVIEW_L1',
      );
      expect(state.body.lifecycle.submissions).toHaveLength(1);
      // Attempts that timed out before the lifecycle took anything keep their versions, unsubmitted.
      const versions = (await stack.as('admin')('GET', `/api/activities/${id}/summaries`)).body.items as Array<{
        id: string;
        submitted: boolean;
      }>;
      console.log(`summary retried after a timeout: ${versions.length} version(s), taken: ${versions.findIndex((v) => v.submitted) + 1}`);
      expect(versions.filter((v) => v.submitted).map((v) => v.id)).toEqual([retried.body.version.id]);
    } finally {
      if (!restarted) await stack.startWorker();
    }
  });

  it('SPEC §3 with Temporal unreachable, a registration and a message answer 503 with Retry-After, promptly', async () => {
    const id = await fixtures.registerExampleActivity(stack);
    const cut = await startStack({ TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) }, { worker: false });
    try {
      const name = `断连-${randomUUID().slice(0, 8)}`;
      const registered = await timed(cut, 'staff', 'POST', '/api/activities', activityBody({ name }));
      expectUnavailable(registered, RPC_TIMEOUT_MS + MARGIN_MS);
      const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM activities WHERE name = $1`, [name]);
      expect(n).toBe(0);

      // The same database, another API: the activity is there, its lifecycle is not reachable.
      const message = await timed(cut, 'staff', 'POST', `/api/activities/${id}/base-data`, fixtures.BASE_DATA);
      expectUnavailable(message, RPC_TIMEOUT_MS + MARGIN_MS);
    } finally {
      await cut.stop();
    }
  });
});

describe('SPEC §3 a message refused because the calendar could not be read', () => {
  let calendarDown = false;
  let own: Stack;
  beforeAll(async () => {
    own = await startStack({}, { calendarFails: () => calendarDown });
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('R-8 is taken when its client retries with the same Idempotency-Key after the calendar is back, once', async () => {
    const id = await fixtures.registerExampleActivity(own);
    const submitted = await timed(own, 'staff', 'POST', `/api/activities/${id}/summaries`, { document: exampleSummary() });
    expect(submitted.status).toBe(201);
    const key = { 'Idempotency-Key': randomUUID() };
    const ret = { level: 1, decision: 'return', comments: [{ text: '请补充线上观众的满意度数据' }] };
    calendarDown = true;
    let refused: Timed;
    try {
      refused = await timed(own, 'dept_head', 'POST', `/api/activities/${id}/reviews`, ret, key);
    } finally {
      calendarDown = false;
    }
    expect(refused.status).toBe(503);
    expect(refused.body.details).toEqual([expect.objectContaining({ code: 'UNAVAILABLE' })]);
    expect((await own.as('admin')('GET', `/api/activities/${id}`)).body.lifecycle).toMatchObject({
      stage: 'IN_REVIEW_L1',
      revisionCount: 0,
    });

    // The update under the key ended with that refusal; the retry is asked under a new update id.
    const retried = await timed(own, 'dept_head', 'POST', `/api/activities/${id}/reviews`, ret, key);
    expect(retried.status).toBe(200);
    expect(retried.body.lifecycle).toMatchObject({ stage: 'REVISING', revisionCount: 1 });
    // And again: the workflow has the request id, so nothing more happens.
    const again = await timed(own, 'dept_head', 'POST', `/api/activities/${id}/reviews`, ret, key);
    expect(again.status).toBe(200);
    expect(again.body.lifecycle).toMatchObject({ stage: 'REVISING', revisionCount: 1 });
    expect(again.body.lifecycle.reviews.filter((r: { level: number }) => r.level === 1)).toHaveLength(1);
  });
});
