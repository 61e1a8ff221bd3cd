/**
 * The deadline wave (`npm run bench`, issue 16 item 2): N activities (default 10,000) registered
 * through the API as ended 30 days ago, so each one's base-data, draft and final deadlines are
 * overdue at once: 3 × N escalations. The whole service runs as separate processes (chaos/stack.ts:
 * embedded PostgreSQL, a dev server in memory, one worker and one API with default settings, an
 * SMTP receiver and a DingTalk robot receiver).
 * Prints `open_lifecycles=`, `worker_rss_mb=` (peak), `deadline_wave_s=` (first registration until
 * all 3 × N escalations are recorded), `escalations_per_s=`, `escalations=`, `duplicate_*=`,
 * `inbox_rows=`, `emails=` and `robot_messages=`.
 * Goals: worker RSS ≤ 600 MB, wave ≤ 300 s, 0 duplicates, exactly 3 × N escalations.
 * BENCH_WAVE_ACTIVITIES sizes it; BENCH_WAVE_TIMEOUT_S (1800) bounds the wait.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { countDuplicates } from '../chaos/duplicates.js';
import { startChaosStack } from '../chaos/stack.js';
import { DEMO_PASSWORD } from '../libs/db/seed-demo.js';
import { NOTIFY_DEFAULTS } from '../libs/notify/config.js';
import { deliveryCounts } from '../libs/notify/counts.js';
import { LIFECYCLE_WORKFLOW_TYPE } from '../workflows/definitions.js';
import { pool, printFigures } from './support/figures.js';

const N = Number(process.env.BENCH_WAVE_ACTIVITIES ?? 10_000);
/** libs/notify/config.ts's default digest window (10 minutes). */
const DEFAULTS_NOTIFY_WINDOW = String(NOTIFY_DEFAULTS.NOTIFY_BATCH_WINDOW_SECONDS);
const TIMEOUT_S = Number(process.env.BENCH_WAVE_TIMEOUT_S ?? 1_800);
const CONCURRENCY = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process's resident set in MB (Linux /proc), or null once it is gone. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The day 30 days ago in Asia/Shanghai, YYYY-MM-DD. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const log = (line: string) => console.error(`[wave] ${line}`);
  // Default settings throughout: the chaos run's short digest window is put back to the default.
  const stack = await startChaosStack({ log, temporalInMemory: true, env: { NOTIFY_BATCH_WINDOW_SECONDS: DEFAULTS_NOTIFY_WINDOW } });
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection });
  try {
    const call = async (token: string | null, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    };
    const tokens = new Map<string, string>();
    for (const user of ['staff', 'dept_head', 'admin', 'vp', 'sg']) {
      const res = await call(null, 'POST', '/api/auth/login', { username: user, password: DEMO_PASSWORD });
      tokens.set(user, res.body!.accessToken as string);
      // As the association runs it: the heads and the leadership get escalations by e-mail too.
      if (user !== 'staff')
        await call(tokens.get(user)!, 'PUT', '/api/notifications/preferences', { email: `${user}@assoc.example`, wantsEmail: true });
    }

    let peakRss = rssMb(stack.workerPid()) ?? 0;
    const rssAtStart = peakRss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, rssMb(stack.workerPid()) ?? 0);
        await sleep(500);
      }
    })();

    const day = daysAgo(30);
    const run = Date.now().toString(36);
    const t0 = Date.now();
    const ids = await pool(N, CONCURRENCY, async (i) => {
      for (let attempt = 0; ; attempt++) {
        const res = await call(tokens.get('staff')!, 'POST', '/api/activities', {
          name: `逾期波次-${run}-${i}`,
          type: 'seminar',
          leadDepartment: 'publicity',
          startAt: `${day}T09:00:00+08:00`,
          endAt: `${day}T17:30:00+08:00`,
          location: '协会多功能厅',
          plannedParticipants: { online: 10, offline: 20 },
          releasesPolicy: false,
        });
        if (res.status === 201) return res.body!.id as string;
        if (res.status < 500 || attempt >= 5) throw new Error(`registration answered ${res.status}: ${JSON.stringify(res.body)}`);
        await sleep(1_000);
      }
    });
    const registeredS = (Date.now() - t0) / 1000;
    log(`${N} registered in ${registeredS.toFixed(1)} s; waiting for ${3 * N} escalations`);

    const escalations = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM escalations WHERE activity_id = ANY($1) AND kind = 'overdue'`, [ids])).rows[0].n);
    let recorded = 0;
    let lastLog = 0;
    while ((recorded = await escalations()) < 3 * N && Date.now() - t0 < TIMEOUT_S * 1000) {
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(
          `${recorded} escalations after ${((Date.now() - t0) / 1000).toFixed(0)} s, worker RSS ${rssMb(stack.workerPid())?.toFixed(0)} MB`,
        );
      }
      await sleep(1_000);
    }
    const waveS = (Date.now() - t0) / 1000;
    // Late extras would show here: a few seconds more, then the final count.
    await sleep(5_000);
    sampling = false;
    await sampler;

    const count = async (sql: string) => Number((await db.query(sql, [ids])).rows[0].n);
    // Sent by the end of the wave; the rest waits for its digest (10-minute window) or its robot's pace.
    const sent = await deliveryCounts({ query: async (sql, params) => (await db.query(sql, params)).rows }, new Date(t0));
    const open = await temporal.workflow.count(`WorkflowType = '${LIFECYCLE_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`);
    const finalCount = await escalations();
    printFigures('wave', {
      activities: N,
      registration_s: registeredS.toFixed(1),
      open_lifecycles: open.count,
      worker_rss_mb: `${peakRss.toFixed(0)}  (goal <= 600; ${rssAtStart.toFixed(0)} before the wave)`,
      deadline_wave_s: `${waveS.toFixed(1)}  (goal <= 300${recorded < 3 * N ? `; TIMED OUT at ${recorded}` : ''})`,
      escalations_per_s: (recorded / waveS).toFixed(1),
      escalations: `${finalCount}  (goal exactly ${3 * N})`,
      ...(await countDuplicates(async (sql, params) => (await db.query(sql, params)).rows, ids, stack)),
      inbox_rows: await count(`SELECT count(*) AS n FROM notifications WHERE activity_id = ANY($1)`),
      emails: `${sent.emails}  (received ${stack.mails.length})`,
      robot_messages: `${sent.robotMessages}  (received ${stack.robot.requests.length}, paced at 20 a minute)`,
      digests: sent.digests,
      held_for_digest: sent.heldForDigest,
    });
  } finally {
    await connection.close();
    await db.end();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
