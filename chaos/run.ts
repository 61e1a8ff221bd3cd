/**
 * The fault-injection run: N lifecycles driven through the API while the worker is SIGKILLed again
 * and again, the dev server restarts, PostgreSQL is stopped for a while and the SMTP receiver is
 * down. Then it counts what a crash or an outage may have cost: lost transitions, duplicate
 * notifications, 5xx answers outside the outages, time to recover, lifecycles in the wrong stage.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { DEMO_PASSWORD } from '../libs/db/seed-demo.js';
import { EXAMPLE_CONTEXT, exampleSummary } from '../libs/summary/index.js';
import { stateQuery } from '../workflows/definitions.js';
import { countDuplicates } from './duplicates.js';
import { startChaosStack, type ChaosStack } from './stack.js';

export interface ChaosOptions {
  /** Concurrent lifecycles; half go through review, half only escalate (ended 30 days ago). */
  lifecycles: number;
  /** Worker SIGKILLs, spread over the run. */
  kills: number;
  /** How long faults are injected while lifecycles run. */
  durationMs: number;
  pgOutageMs: number;
  smtpOutageMs: number;
  log: (line: string) => void;
}

export interface ChaosFigures {
  lifecycles: number;
  acknowledged_messages: number;
  transitions_lost: number;
  duplicate_escalations: number;
  duplicate_ledger: number;
  duplicate_inbox: number;
  duplicate_smtp: number;
  duplicate_webhook: number;
  /** What reached the receivers, and the digests among it (storm control): figures, not goals. */
  emails_received: number;
  robot_messages_received: number;
  digests_sent: number;
  http_5xx_outside_outages: number;
  http_5xx_during_outages: number;
  worker_kills: number;
  worker_back_max_s: number;
  health_recovery_max_s: number;
  missing_escalations: number;
  undelivered: number;
  wrong_stage: number;
  projection_behind: number;
  /** Examples of what went wrong, for the reader. */
  notes: string[];
}

/** Where a review lifecycle ends: three levels approved after one return (SPEC §3). */
const REVIEWED_STAGE = 'ARCHIVING';
/** Where a lifecycle that only escalates stays: nothing submitted. */
const IDLE_STAGE = 'DRAFTING';
const OVERDUE_PER_IDLE = 3; // base data, draft, final version

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (min: number, max: number) => min + Math.random() * (max - min);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

interface Answer {
  at: number;
  /** When the answer came: a request in flight when an outage began may fail too. */
  end: number;
  status: number;
  what: string;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosFigures> {
  const { log } = opts;
  const stack = await startChaosStack({ log });
  const notes: string[] = [];
  try {
    return await drive(stack, opts, notes);
  } finally {
    await stack.stop();
  }
}

async function drive(stack: ChaosStack, opts: ChaosOptions, notes: string[]): Promise<ChaosFigures> {
  const { log } = opts;
  const answers: Answer[] = [];
  const health: Array<{ at: number; ok: boolean }> = [];
  const outages: Array<{ from: number; to: number | null; what: string }> = [];
  const faultEnds: Array<{ at: number; what: string }> = [];
  const tokens = new Map<string, string>();

  const call = async (user: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const at = Date.now();
    const auth: Record<string, string> = user ? { authorization: `Bearer ${tokens.get(user)}` } : {};
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    }).then(
      async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null }),
      () => ({ status: 0, body: null }),
    );
    answers.push({ at, end: Date.now(), status: res.status, what: `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}` });
    return res;
  };
  /** As a client would: repeat with the same Idempotency-Key until the service answers for real. */
  const send = async (user: string, method: string, path: string, body: unknown, expected: number[]) => {
    const key = randomUUID();
    for (const until = Date.now() + 180_000; ;) {
      const res = await call(user, method, path, body, { 'Idempotency-Key': key });
      if (expected.includes(res.status)) return res.body!;
      if ((res.status !== 0 && res.status < 500) || Date.now() > until)
        throw new Error(`${method} ${path} as ${user} answered ${res.status}: ${JSON.stringify(res.body)}`);
      await sleep(jitter(500, 1_500));
    }
  };

  for (const user of ['staff', 'dept_head', 'admin', 'vp', 'sg']) {
    const res = await call(null, 'POST', '/api/auth/login', { username: user, password: DEMO_PASSWORD });
    tokens.set(user, res.body!.accessToken as string);
    // Escalations reach dept heads, admin, VP and SG by e-mail as well as in the inbox.
    if (user !== 'staff')
      await send(user, 'PUT', '/api/notifications/preferences', { email: `${user}@assoc.example`, wantsEmail: true }, [200]);
  }

  // /health, four times a second, all along.
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const ok = await fetch(`${stack.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      );
      health.push({ at: Date.now(), ok });
      await sleep(250);
    }
  })();

  // The lifecycles: registrations spread over the first 60 % of the run.
  const start = Date.now();
  const T = opts.durationMs;
  const acked = { total: 0 };
  const lifecycles: Array<{ id: string; reviewed: boolean; acked: { baseData: number; submissions: number; reviews: number } }> = [];
  const runLifecycle = async (i: number) => {
    await sleep((i / opts.lifecycles) * 0.6 * T);
    const reviewed = i % 2 === 0;
    const day = reviewed ? EXAMPLE_CONTEXT.activityEndDate : daysAgo(30);
    const created = await send(
      'staff',
      'POST',
      '/api/activities',
      {
        name: reviewed ? EXAMPLE_CONTEXT.activityName : `混沌测试-${i}-${randomUUID().slice(0, 6)}`,
        type: 'seminar',
        leadDepartment: 'publicity',
        coOrganizers: [],
        partners: [],
        startAt: `${day}T09:00:00+08:00`,
        endAt: `${day}T17:30:00+08:00`,
        location: '协会多功能厅',
        plannedParticipants: { online: 100, offline: 200 },
        releasesPolicy: false,
      },
      [200, 201],
    );
    acked.total++;
    const l = { id: created.id as string, reviewed, acked: { baseData: 0, submissions: 0, reviews: 0 } };
    lifecycles.push(l);
    if (!reviewed) return;
    // Ended days ago, it leaves AWAITING_END once its worker has computed the deadlines; base data
    // sent before that is refused (409), so a client waits for the stage, as the web app shows it.
    for (const until = Date.now() + 180_000; Date.now() < until; await sleep(500)) {
      const res = await call('staff', 'GET', `/api/activities/${l.id}`);
      if (res.status === 200 && res.body?.stage !== 'AWAITING_END') break;
    }
    const step = async (user: string, path: string, body: unknown, what: keyof typeof l.acked, expected = [200]) => {
      await sleep(jitter(200, 1_500));
      await send(user, 'POST', `/api/activities/${l.id}/${path}`, body, expected);
      l.acked[what]++;
      acked.total++;
    };
    await step('staff', 'base-data', { participants: { online: 180, offline: 260 }, expenseSettled: true }, 'baseData');
    await step('staff', 'summaries', { document: exampleSummary() }, 'submissions', [201]);
    await step('dept_head', 'reviews', { level: 1, decision: 'approve', comments: [] }, 'reviews');
    await step(
      'admin',
      'reviews',
      { level: 2, decision: 'return', comments: [{ module: 'effectiveness', text: '请补充问卷回收数' }] },
      'reviews',
    );
    await step('staff', 'summaries', { document: exampleSummary() }, 'submissions', [201]);
    await step('admin', 'reviews', { level: 2, decision: 'approve', comments: [] }, 'reviews');
    await step('vp', 'reviews', { level: 3, decision: 'approve', comments: [] }, 'reviews');
  };
  const driving = Promise.allSettled(Array.from({ length: opts.lifecycles }, (_, i) => runLifecycle(i)));

  // The faults, on their own clock.
  const at = (fraction: number) => sleep(Math.max(0, start + fraction * T - Date.now()));
  // An outage of something the API needs (PostgreSQL, Temporal): 5xx answers are allowed inside it.
  const outage = async (what: string, down: () => Promise<void>, up: () => Promise<void>, ms: number) => {
    const o = { from: Date.now(), to: null as number | null, what };
    outages.push(o);
    log(`fault: ${what} down for ${ms / 1000} s at +${((Date.now() - start) / 1000).toFixed(1)} s`);
    await down();
    await sleep(ms);
    await up();
    faultEnds.push({ at: Date.now(), what });
    o.to = await healthyAgain(Date.now());
  };
  const healthyAgain = async (since: number) => {
    for (;;) {
      const ok = health.find((h) => h.at >= since && h.ok);
      if (ok) return ok.at + 3_000; // answers started just before recovery may still be failing
      await sleep(100);
    }
  };
  const workerBack: number[] = [];
  const kills = (async () => {
    for (let k = 0; k < opts.kills; k++) {
      await sleep(jitter(2_000, Math.max(2_500, (2 * T) / opts.kills - 4_000)));
      // Not while PostgreSQL or Temporal is down: a worker waits for them, so the figure would time the outage.
      while (outages.some((o) => o.to === null || Date.now() < o.to)) await sleep(250);
      const ms = await stack.killWorker();
      workerBack.push(ms);
      const killedAt = ((Date.now() - ms - start) / 1000).toFixed(1);
      log(`fault: worker SIGKILLed (${k + 1}/${opts.kills}) at +${killedAt} s; polling again after ${(ms / 1000).toFixed(1)} s`);
    }
  })();
  const faults = (async () => {
    await at(0.1);
    // The API never talks to the mail server: no 5xx is allowed while it is down.
    log(`fault: SMTP receiver down for ${opts.smtpOutageMs / 1000} s`);
    await stack.smtpDown();
    await sleep(opts.smtpOutageMs);
    await stack.smtpUp();
    await at(0.3);
    await outage(
      'Temporal dev server (restart)',
      () => stack.restartDevServer(),
      async () => {},
      0,
    );
    await at(0.55);
    await outage(
      'PostgreSQL',
      () => stack.stopPostgres(),
      () => stack.startPostgres(),
      opts.pgOutageMs,
    );
  })();

  const results = await driving;
  await Promise.all([kills, faults]);
  for (const r of results) if (r.status === 'rejected') notes.push(`driver: ${(r.reason as Error).message}`);
  log(`driven: ${lifecycles.length} lifecycles, ${acked.total} acknowledged messages in ${((Date.now() - start) / 1000).toFixed(0)} s`);

  // Settle: escalations recorded, notifications delivered, projections caught up (bounded).
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  db.on('error', (err) => log(`database connection: ${err.message}`)); // reported by the query that meets it
  await db.connect();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const ids = lifecycles.map((l) => l.id);
  const idle = lifecycles.filter((l) => !l.reviewed).map((l) => l.id);
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0]?.n ?? 0);
  const settleUntil = Date.now() + 300_000;
  let missing: number;
  let undelivered: number;
  let behind: number;
  let queryError: string | null = null;
  let states = new Map<string, { stage: string; version: number; baseData: unknown; submissions: unknown[]; reviews: unknown[] }>();
  for (;;) {
    missing = await count(
      `SELECT count(*) AS n FROM unnest($1::uuid[]) AS a(id)
        WHERE (SELECT count(*) FROM escalations e WHERE e.activity_id = a.id AND e.kind = 'overdue') < $2`,
      [idle, OVERDUE_PER_IDLE],
    );
    undelivered = await count(
      `SELECT count(*) AS n FROM notification_deliveries d JOIN escalations e ON e.id = d.escalation_id
        WHERE e.activity_id = ANY($1) AND d.status <> 'sent'`,
      [ids],
    );
    // A query can fail for a moment (its worker just killed, Temporal restarting): not settled yet.
    const queried = await Promise.all(
      ids.map(async (id) => {
        try {
          return [id, await client.workflow.getHandle(`activity-${id}`).query(stateQuery)] as const;
        } catch (err) {
          const cause = (err as { cause?: Error }).cause;
          queryError = `${id}: ${(err as Error).message}${cause ? ` (${cause.message})` : ''}`;
          return null;
        }
      }),
    );
    states = new Map(queried.filter((q) => q !== null));
    const rows = (await db.query(`SELECT id, stage, projection_version AS version FROM activities WHERE id = ANY($1)`, [ids]))
      .rows as Array<{
      id: string;
      stage: string;
      version: number;
    }>;
    behind = ids.length - rows.filter((r) => states.get(r.id)?.stage === r.stage && Number(r.version) >= states.get(r.id)!.version).length;
    if ((missing === 0 && undelivered === 0 && behind === 0) || Date.now() > settleUntil) break;
    await sleep(2_000);
  }
  watching = false;
  await watcher;
  if (states.size < ids.length && queryError) notes.push(`query: ${queryError}`);

  // Figures.
  let lost = 0;
  let wrongStage = 0;
  for (const l of lifecycles) {
    const s = states.get(l.id);
    if (!s) {
      lost += 1 + l.acked.baseData + l.acked.submissions + l.acked.reviews;
      continue;
    }
    const gone =
      Math.max(0, l.acked.baseData - (s.baseData ? 1 : 0)) +
      Math.max(0, l.acked.submissions - s.submissions.length) +
      Math.max(0, l.acked.reviews - s.reviews.length);
    if (gone) notes.push(`lost: ${l.id} acknowledged ${JSON.stringify(l.acked)}, workflow has ${s.submissions.length} submissions`);
    lost += gone;
    const expected = l.reviewed ? REVIEWED_STAGE : IDLE_STAGE;
    if (s.stage !== expected) {
      wrongStage++;
      notes.push(`stage: ${l.id} is ${s.stage}, expected ${expected}`);
    }
  }
  const duplicates = await countDuplicates(async (sql, params) => (await db.query(sql, params)).rows, ids, stack);
  const digestsSent = await count(`SELECT count(*) AS n FROM notification_digests WHERE status = 'sent'`);
  await connection.close();
  await db.end();

  const inOutage = (a: Answer) => outages.some((o) => a.end >= o.from && a.at <= (o.to ?? Infinity));
  const fivexx = answers.filter((a) => a.status >= 500 || a.status === 0);
  const outside = fivexx.filter((a) => !inOutage(a));
  for (const a of outside.slice(0, 5)) notes.push(`5xx outside outages: ${a.status} ${a.what} at +${((a.at - start) / 1000).toFixed(1)} s`);
  const recovery = faultEnds.map((f) => (health.find((h) => h.at >= f.at && h.ok)?.at ?? Date.now()) - f.at);

  return {
    lifecycles: lifecycles.length,
    acknowledged_messages: acked.total,
    transitions_lost: lost,
    ...duplicates,
    emails_received: stack.mails.length,
    robot_messages_received: stack.robot.requests.length,
    digests_sent: digestsSent,
    http_5xx_outside_outages: outside.length,
    http_5xx_during_outages: fivexx.length - outside.length,
    worker_kills: workerBack.length,
    worker_back_max_s: round(Math.max(0, ...workerBack) / 1000),
    health_recovery_max_s: round(Math.max(0, ...recovery) / 1000),
    missing_escalations: missing,
    undelivered,
    wrong_stage: wrongStage,
    projection_behind: behind,
    notes,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
