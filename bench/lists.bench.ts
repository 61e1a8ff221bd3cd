/**
 * Lists at scale (`npm run bench`, issue 16 item 3): with 100,000 activities — and their
 * escalations, inbox rows and deliveries — in a database of its own on the bench's PostgreSQL
 * (created, migrated, dropped at the end), times the list endpoints through the real HTTP API (its
 * own process, requests one after another) as the users who see the most rows: the admin, the
 * publicity department head (department-scoped), the VP; one request per case in turn, round after
 * round. Prints, per case, p50/p99 and the total the page reports; the floor (a signed-in request
 * that does next to nothing: on a busy machine most of a p99 is the machine's); the worst p99 of
 * each list beside its goal:
 *   lists_activities_p99_ms (goal < 20), lists_escalations_p99_ms (< 30), lists_notifications_p99_ms (< 20);
 * then the plans: each statement the list service runs for a case (captured from TypeORM's query
 * log, bench/lists/plans.ts) with its EXPLAIN (ANALYZE, BUFFERS) and their execution time.
 * A script that prints, never a timed test. BENCH_LISTS_ACTIVITIES (100000) and BENCH_LISTS_REQUESTS
 * (300 per case) size it; BENCH_LISTS_KEEP=1 keeps the database.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { ActivitiesService } from '../apps/api/src/activities/activities.service.js';
import type { ListActivitiesQuery } from '../apps/api/src/activities/dto/list-activities.dto.js';
import type { LifecycleClient } from '../apps/api/src/activities/lifecycle.client.js';
import { EscalationsService } from '../apps/api/src/notifications/escalations.service.js';
import type { EscalationsQuery, InboxQuery } from '../apps/api/src/notifications/notifications.dto.js';
import { NotificationsService } from '../apps/api/src/notifications/notifications.service.js';
import { loadConfig } from '../libs/config/config.js';
import { createDataSource } from '../libs/db/data-source.js';
import { runMigrations } from '../libs/db/migrate.js';
import { DEMO_PASSWORD, seedDemoOrganisation } from '../libs/db/seed-demo.js';
import type { Actor, Role } from '../libs/domain/roles.js';
import { generateListsData } from './lists/generate.js';
import { planProbe, shortSql, type PlanProbe } from './lists/plans.js';

const N = Number(process.env.BENCH_LISTS_ACTIVITIES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_LISTS_REQUESTS ?? 300);
const WARMUP = 20;
const GOALS = { activities: 20, escalations: 30, notifications: 20 } as const;
type List = keyof typeof GOALS;
type User = 'admin' | 'dept_head' | 'vp';
/** The department head's own department: the controllers put it into every query of theirs. */
const HEAD_DEPARTMENT = 'publicity';
/** Stands for an activity with escalations and admin inbox rows, picked once the data is there. */
const SOME_ACTIVITY = '<activity>';

interface Case {
  list: List;
  as: User;
  query: Record<string, string | number | boolean>;
  /** Why this case is measured but not held to the goal. */
  noGoal?: string;
}

const LAST_YEAR = new Date().getFullYear() - 1;
const CASES: Case[] = [
  ...(
    [
      {},
      { page: 2 },
      { page: 50 },
      { stage: 'DRAFTING' },
      { stage: 'RETAINED', page: 3 },
      { department: 'training' },
      { type: 'seminar' },
      { overdue: true },
      { overdue: false, page: 2 },
      { year: LAST_YEAR },
      { year: LAST_YEAR, department: 'publicity', type: 'training' },
      { stage: 'IN_REVIEW_L2', department: 'bench_d07' },
    ] as const
  ).map((query) => ({ list: 'activities' as const, as: 'admin' as const, query })),
  ...([{}, { stage: 'FEEDBACK' }, { overdue: true }, { year: LAST_YEAR, page: 2 }] as const).map((query) => ({
    list: 'activities' as const,
    as: 'dept_head' as const,
    query,
  })),
  ...(
    [
      {},
      { page: 2 },
      { page: 40 },
      { open: true },
      { kind: 'overdue', open: false },
      { deadlineKey: 'final' },
      { department: 'training' },
      // a name (1 in 128 activities): pg_trgm finds it
      { q: '青年导演论坛' },
      { q: '青年导演论坛', open: true },
      { activityId: SOME_ACTIVITY },
    ] as const
  ).map((query) => ({ list: 'escalations' as const, as: 'admin' as const, query })),
  {
    list: 'escalations',
    as: 'admin',
    query: { q: '导演' },
    noGoal: 'pg_trgm indexes 3 characters and more: a 1–2 character search reads every activity name',
  },
  ...([{}, { open: true }, { kind: 'overdue', page: 2 }] as const).map((query) => ({
    list: 'escalations' as const,
    as: 'dept_head' as const,
    query,
  })),
  ...([{}, { page: 2 }, { unread: true }, { unread: false, page: 20 }, { activityId: SOME_ACTIVITY }] as const).map((query) => ({
    list: 'notifications' as const,
    as: 'admin' as const,
    query,
  })),
  { list: 'notifications', as: 'dept_head', query: {} },
  { list: 'notifications', as: 'dept_head', query: { unread: true } },
  { list: 'notifications', as: 'vp', query: {} },
];

const label = (c: Case) =>
  `${c.list} as=${c.as} ${
    Object.entries(c.query)
      .map(([k, v]) => `${k}=${v}`)
      .join('&') || '(no filter)'
  }`;

/** Long parameter lists and the plan lines that repeat them (an id array) are cut to one screen line. */
const clip = (line: string) => (line.length > 200 ? `${line.slice(0, 200)}…` : line);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Up once PostgreSQL answers through it: the lists do not need Temporal, whose probe may say down. */
async function waitForApi(base: string, api: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode})`);
    const health = await fetch(`${base}/health`).then(
      (r) => r.json() as Promise<{ postgres?: { status: string } }>,
      () => null,
    );
    if (health?.postgres?.status === 'up') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not answer: ${base}/health`);
}

/** The same call the controller makes for this case, on the probe's DataSource (its statements are captured). */
function serviceCall(c: Case, db: DataSource, actors: Record<User, Actor>): () => Promise<{ total: number }> {
  const actor = actors[c.as];
  // Department-scoped readers get their own department, whatever they asked (the controllers' rule).
  const scoped = c.as === 'dept_head' && c.list !== 'notifications' ? { department: actor.department! } : {};
  const query = { ...c.query, ...scoped };
  if (c.list === 'activities')
    return () => new ActivitiesService(db, undefined as unknown as LifecycleClient).list(query as ListActivitiesQuery);
  if (c.list === 'escalations') return () => new EscalationsService(db).list(query as EscalationsQuery, actor);
  return () => new NotificationsService(db).list(actor.userId, query as InboxQuery);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const admin = await createDataSource(config.databaseUrl, { statementTimeoutMs: 0 }).initialize();
  const dbName = `activity_summary_bench_${randomUUID().slice(0, 8)}`;
  const url = new URL(config.databaseUrl);
  url.pathname = `/${dbName}`;
  const benchUrl = url.toString();
  let db: DataSource | undefined;
  let probe: PlanProbe | undefined;
  let api: ChildProcess | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      if (api && api.exitCode === null) {
        api.kill('SIGTERM');
        await new Promise((r) => api!.once('exit', r));
      }
      await probe?.destroy();
      if (db?.isInitialized) await db.destroy();
      if (process.env.BENCH_LISTS_KEEP === '1') console.log(`kept database ${dbName}`);
      else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.destroy();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    await runMigrations(benchUrl);
    db = await createDataSource(benchUrl, { statementTimeoutMs: 0 }).initialize();
    await seedDemoOrganisation(db);
    let t = performance.now();
    const counts = await generateListsData(db, N);
    // The steady state autovacuum keeps: statistics and the visibility map (index-only scans) are current.
    await db.query(`VACUUM (ANALYZE)`);
    const [{ size }] = (await db.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)) as [{ size: string }];
    console.log(
      `lists_generate_ms=${Math.round(performance.now() - t)} (activities=${counts.activities} escalations=${counts.escalations} ` +
        `notifications=${counts.notifications} deliveries=${counts.deliveries}, database ${size})`,
    );

    const users = (await db.query(`SELECT id, username, role, department_code FROM users WHERE username = ANY($1)`, [
      ['admin', 'dept_head', 'vp'],
    ])) as Array<{ id: string; username: User; role: Role; department_code: string | null }>;
    const actors = Object.fromEntries(
      users.map((u) => [u.username, { userId: u.id, role: u.role, department: u.department_code } satisfies Actor]),
    ) as Record<User, Actor>;
    if (actors.dept_head.department !== HEAD_DEPARTMENT) throw new Error(`dept_head is not in ${HEAD_DEPARTMENT}`);

    // An activity with a reminder and an overdue escalation, and the admin told of it.
    const [{ activity_id: someActivity }] = (await db.query(
      `SELECT n.activity_id FROM notifications n
        WHERE n.user_id = $1 AND (SELECT count(*) FROM escalations e WHERE e.activity_id = n.activity_id) >= 2
        ORDER BY n.activity_id LIMIT 1`,
      [actors.admin.userId],
    )) as [{ activity_id: string }];
    const cases = CASES.map((c) => ({
      ...c,
      query: Object.fromEntries(Object.entries(c.query).map(([k, v]) => [k, v === SOME_ACTIVITY ? someActivity : v])),
    }));

    const port = await freePort();
    api = spawn(process.execPath, [fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url))], {
      env: { ...process.env, DATABASE_URL: benchUrl, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForApi(base, api);
    const tokens = {} as Record<User, string>;
    for (const username of ['admin', 'dept_head', 'vp'] as const) {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
      tokens[username] = ((await res.json()) as { accessToken: string }).accessToken;
    }

    const runs = [];
    for (const c of cases) {
      const search = new URLSearchParams(Object.entries(c.query).map(([k, v]): [string, string] => [k, String(v)]));
      const path = `/api/${c.list}?${search.toString()}`;
      const headers = { authorization: `Bearer ${tokens[c.as]}` };
      const first = await fetch(base + path, { headers });
      if (first.status !== 200) throw new Error(`${label(c)}: ${first.status} ${await first.text()}`);
      const { total } = (await first.json()) as { total: number };
      runs.push({ c, url: base + path, headers, total, latencies: [] as number[] });
    }
    // The floor: a signed-in request that reads one small index (the unread badge), timed alongside.
    const floor = {
      url: `${base}/api/notifications/unread-count`,
      headers: { authorization: `Bearer ${tokens.dept_head}` },
      latencies: [] as number[],
    };
    // Round after round, one request per case: a stretch of load from elsewhere on the machine
    // falls on every case alike instead of on the cases that happened to run then.
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      for (const r of [...runs, floor]) {
        t = performance.now();
        const res = await fetch(r.url, { headers: r.headers });
        await res.text();
        if (i >= WARMUP) r.latencies.push(performance.now() - t);
      }
    }
    const results = runs.map(({ c, total, latencies }) => {
      latencies.sort((a, b) => a - b);
      return { c, p50: percentile(latencies, 50), p99: percentile(latencies, 99), total };
    });
    for (const r of results) {
      console.log(`lists_case ${label(r.c)}: p50_ms=${r.p50.toFixed(2)} p99_ms=${r.p99.toFixed(2)} total=${r.total}`);
    }
    floor.latencies.sort((a, b) => a - b);
    console.log(
      `lists_floor_p50_ms=${percentile(floor.latencies, 50).toFixed(2)} lists_floor_p99_ms=${percentile(floor.latencies, 99).toFixed(2)}` +
        '  (GET /api/notifications/unread-count: what any signed-in request costs on this machine now)',
    );

    for (const list of Object.keys(GOALS) as List[]) {
      const worst = results.filter((r) => r.c.list === list && !r.c.noGoal).sort((a, b) => b.p99 - a.p99)[0]!;
      console.log(`lists_${list}_p99_ms=${worst.p99.toFixed(2)}  (goal < ${GOALS[list]}; worst case: ${label(worst.c)})`);
    }
    for (const r of results.filter((x) => x.c.noGoal)) {
      console.log(`lists_no_goal ${label(r.c)}: p50_ms=${r.p50.toFixed(2)} p99_ms=${r.p99.toFixed(2)}  (${r.c.noGoal})`);
    }

    // The plans, from the statements each service runs (the total must match what the API answered).
    probe = await planProbe(benchUrl);
    const explained = new Set<string>();
    for (const { c, total } of results) {
      const call = serviceCall(c, probe.dataSource, actors);
      let answer: { total: number } | undefined;
      const statements = await probe.capture(async () => (answer = await call()));
      if (answer?.total !== total) throw new Error(`${label(c)}: the service counted ${answer?.total}, the API ${total}`);
      const plans = [];
      for (const st of statements) plans.push({ st, lines: await probe.explain(st) });
      const execution = plans.reduce((sum, p) => sum + Number(/Execution Time: ([\d.]+) ms/.exec(p.lines.at(-1) ?? '')?.[1] ?? NaN), 0);
      console.log(`\n=== plans: ${label(c)} (${statements.length} statements, execution ${execution.toFixed(2)} ms)`);
      for (const { st, lines } of plans) {
        const key = JSON.stringify(st);
        if (explained.has(key)) {
          console.log(`--- ${shortSql(st.sql)}  (plan printed above)`);
          continue;
        }
        explained.add(key);
        console.log(`--- ${shortSql(st.sql)}  -- ${clip(JSON.stringify(st.params))}`);
        for (const line of lines) console.log(`    ${clip(line)}`);
      }
    }
  } finally {
    await cleanUp();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
