/**
 * API overhead benchmark (`npm run bench`): on one dev server in one run, compares
 *  - POST /api/activities (validation + row + workflow start) with a raw client.workflow.start, and
 *  - GET /api/activities/:id (row + query) with a raw workflow query.
 * Prints figures and the ratios `throughput_ratio` and `get_p99_ratio` (API ÷ raw).
 * Goals: throughput_ratio ≥ 0.8, get_p99_ratio ≤ 1.5. A script that prints, never a timed test.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createWorker } from '../apps/worker/src/worker.js';
import { calendarProvider } from '../libs/calendar-store/provider.js';
import { loadConfig } from '../libs/config/config.js';
import { createDataSource } from '../libs/db/data-source.js';
import { DEMO_PASSWORD, seedDemoOrganisation } from '../libs/db/seed-demo.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery, type LifecycleInput } from '../workflows/definitions.js';
import { ActivityTypeKey, IsMajorKey, IsOverdueKey, LeadDepartmentKey, StageKey } from '../workflows/search-attributes.js';

const N = Number(process.env.BENCH_STARTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const GETS = Number(process.env.BENCH_GETS ?? 300);

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
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

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API did not become healthy: ${url}`);
}

/** CPU milliseconds the process has used (Linux /proc; null elsewhere): user + system ticks. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime at USER_HZ = 100
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function body(i: number) {
  return {
    name: `bench-${i}`,
    type: 'training',
    leadDepartment: 'publicity',
    startAt: '2026-09-30T09:00:00+08:00',
    endAt: '2026-09-30T17:00:00+08:00',
    location: 'bench hall',
    plannedParticipants: { online: 10, offline: 20 },
    releasesPolicy: false,
  };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}` });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const dataSource = await createDataSource(config.databaseUrl).initialize();
  await seedDemoOrganisation(dataSource);
  // The API runs in its own process, as in production: in this process it would share one event
  // loop with the load generator, and the comparison would measure the client as much as the API.
  const apiPort = await freePort();
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API process alone.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const api = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url))], {
    env: { ...process.env, PORT: String(apiPort), HOST: '127.0.0.1', TEMPORAL_TASK_QUEUE: config.temporal.taskQueue },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${apiPort}`;
  await waitForHealth(`${base}/health`);
  // Signed in once, as the API's users are: the per-request cost is the token check, not the login.
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };

  // Warm-up: connections, JIT, the first insert.
  await pool(20, 5, (i) => fetch(`${base}/api/activities`, { method: 'POST', headers, body: JSON.stringify(body(i)) }));

  // Raw starts go to a queue no worker polls, so their execution does not load the machine.
  const rawQueue = `bench-raw-${randomUUID()}`;
  let t0 = performance.now();
  await pool(N, CONCURRENCY, async (i) => {
    const id = randomUUID();
    const input: LifecycleInput = {
      activityId: id,
      name: `raw-${i}`,
      type: 'training',
      leadDepartment: 'publicity',
      endAt: '2026-09-30T09:00:00.000Z',
      isMajor: false,
      permanent: false,
    };
    await client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: `bench-raw-${id}`,
      taskQueue: rawQueue,
      args: [input],
      typedSearchAttributes: [
        { key: ActivityTypeKey, value: 'training' },
        { key: LeadDepartmentKey, value: 'publicity' },
        { key: StageKey, value: 'AWAITING_END' },
        { key: IsMajorKey, value: false },
        { key: IsOverdueKey, value: false },
      ],
    });
  });
  const rawPerSec = N / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  const cpuBefore = cpuMs(api.pid);
  const ids = await pool(N, CONCURRENCY, async (i) => {
    const res = await fetch(`${base}/api/activities`, { method: 'POST', headers, body: JSON.stringify(body(i)) });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  });
  const apiPerSec = N / ((performance.now() - t0) / 1000);
  const cpuAfter = cpuMs(api.pid);
  const apiCpuPerPost = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / N;

  // Queries need a worker: start one now and let it take the API-started workflows.
  const { worker, connection: workerConnection } = await createWorker({ config, dataSource, calendar: calendarProvider(dataSource) });
  const running = worker.run();
  for (const id of ids.slice(0, 20)) await client.workflow.getHandle(`activity-${id}`).query(stateQuery);

  const rawLatencies: number[] = [];
  const apiLatencies: number[] = [];
  for (let i = 0; i < GETS; i++) {
    const id = ids[i % ids.length]!;
    let s = performance.now();
    await client.workflow.getHandle(`activity-${id}`).query(stateQuery);
    rawLatencies.push(performance.now() - s);
    s = performance.now();
    const res = await fetch(`${base}/api/activities/${id}`, { headers });
    await res.json();
    apiLatencies.push(performance.now() - s);
  }
  rawLatencies.sort((a, b) => a - b);
  apiLatencies.sort((a, b) => a - b);

  const f = (n: number) => n.toFixed(2);
  console.log(`starts=${N} concurrency=${CONCURRENCY} gets=${GETS}`);
  console.log(`raw_start_per_sec=${f(rawPerSec)}`);
  console.log(`api_post_per_sec=${f(apiPerSec)}`);
  // The API's own CPU per registration: steadier than rates on a shared 2-core machine.
  if (apiCpuPerPost !== null) console.log(`api_cpu_ms_per_post=${f(apiCpuPerPost)}`);
  console.log(`raw_query_p50_ms=${f(percentile(rawLatencies, 50))} raw_query_p99_ms=${f(percentile(rawLatencies, 99))}`);
  console.log(`api_get_p50_ms=${f(percentile(apiLatencies, 50))} api_get_p99_ms=${f(percentile(apiLatencies, 99))}`);
  console.log(`throughput_ratio=${f(apiPerSec / rawPerSec)}  (goal >= 0.80)`);
  console.log(`get_p99_ratio=${f(percentile(apiLatencies, 99) / percentile(rawLatencies, 99))}  (goal <= 1.50)`);

  worker.shutdown();
  await running;
  await workerConnection.close();
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await connection.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
