/**
 * API overhead benchmark (`npm run bench`): on one dev server in one run, compares
 *  - POST /api/activities (validation + row + workflow start) with a raw client.workflow.start, and
 *  - GET /api/activities/:id (row + query) with a raw workflow query.
 * Prints figures and the ratios `throughput_ratio` and `get_p99_ratio` (API ÷ raw), the CPU each
 * side spends per registration (`api_cpu_ms_per_post` next to `raw_client_cpu_ms_per_start`), and
 * the POST throughput of the API with API_PROCESSES=2 next to one process (issue 16 item 5).
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
import { percentile, pool, printFigures } from './support/figures.js';

const N = Number(process.env.BENCH_STARTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const GETS = Number(process.env.BENCH_GETS ?? 300);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Up to 2 minutes: an API process starting on a loaded 2-core machine takes a while. */
async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
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

/**
 * CPU milliseconds a process and its running children (the API's cluster processes) have used
 * (Linux /proc; null elsewhere): user + system ticks.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime at USER_HZ = 100
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return own + children.reduce((sum, c) => sum + (cpuMs(c) ?? 0), 0);
  } catch {
    return null;
  }
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

interface RunningApi {
  base: string;
  headers: Record<string, string>;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** The API as its own process (API_PROCESSES of them on one port), signed in as staff once. */
async function startApi(taskQueue: string, processes: number): Promise<RunningApi> {
  const port = await freePort();
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API process alone.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url))], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TEMPORAL_TASK_QUEUE: taskQueue, API_PROCESSES: String(processes) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A bench that fails half-way must not leave its API processes behind.
  const orphan = () => proc.kill('SIGTERM');
  process.once('exit', orphan);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/health`);
  // Signed in once, as the API's users are: the per-request cost is the token check, not the login.
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return {
    base,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    pid: proc.pid,
    stop: async () => {
      process.off('exit', orphan);
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** N registrations, CONCURRENCY at a time: the rate, the API's CPU per registration, the ids. */
async function registrations(api: RunningApi): Promise<{ perSec: number; cpuPerPost: number | null; ids: string[] }> {
  const t0 = performance.now();
  const cpuBefore = cpuMs(api.pid);
  const ids = await pool(N, CONCURRENCY, async (i) => {
    const res = await fetch(`${api.base}/api/activities`, { method: 'POST', headers: api.headers, body: JSON.stringify(body(i)) });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  });
  const perSec = N / ((performance.now() - t0) / 1000);
  const cpuAfter = cpuMs(api.pid);
  return { perSec, cpuPerPost: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / N, ids };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}` });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const dataSource = await createDataSource(config.databaseUrl).initialize();
  await seedDemoOrganisation(dataSource);
  // The API runs in its own process, as in production: in this process it would share one event
  // loop with the load generator, and the comparison would measure the client as much as the API.
  const api = await startApi(config.temporal.taskQueue, 1);
  const { base, headers } = api;

  // Raw starts go to a queue no worker polls, so their execution does not load the machine.
  const rawQueue = `bench-raw-${randomUUID()}`;
  const t0 = performance.now();
  const clientCpu = process.cpuUsage();
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
  const { user, system } = process.cpuUsage(clientCpu);
  const rawClientCpuPerStart = (user + system) / 1000 / N;

  const { perSec: apiPerSec, cpuPerPost: apiCpuPerPost, ids } = await registrations(api);

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

  // The same registrations against two API processes on one port (API_PROCESSES=2), side by side.
  const api2 = await startApi(config.temporal.taskQueue, 2);
  await pool(20, 5, (i) => fetch(`${api2.base}/api/activities`, { method: 'POST', headers: api2.headers, body: JSON.stringify(body(i)) }));
  const two = await registrations(api2);
  await api2.stop();

  const f = (n: number) => n.toFixed(2);
  printFigures('api', {
    starts: N,
    concurrency: CONCURRENCY,
    gets: GETS,
    raw_start_per_sec: f(rawPerSec),
    api_post_per_sec: f(apiPerSec),
    // CPU per registration on each side: steadier than rates on a shared 2-core machine.
    api_cpu_ms_per_post: apiCpuPerPost === null ? 'n/a' : f(apiCpuPerPost),
    raw_client_cpu_ms_per_start: f(rawClientCpuPerStart),
    raw_query_p50_ms: f(percentile(rawLatencies, 50)),
    raw_query_p99_ms: f(percentile(rawLatencies, 99)),
    api_get_p50_ms: f(percentile(apiLatencies, 50)),
    api_get_p99_ms: f(percentile(apiLatencies, 99)),
    throughput_ratio: `${f(apiPerSec / rawPerSec)}  (goal >= 0.80)`,
    get_p99_ratio: `${f(percentile(apiLatencies, 99) / percentile(rawLatencies, 99))}  (goal <= 1.50)`,
    api_post_per_sec_2_processes: `${f(two.perSec)}  (1 process: ${f(apiPerSec)})`,
    api_cpu_ms_per_post_2_processes: two.cpuPerPost === null ? 'n/a' : f(two.cpuPerPost),
  });

  worker.shutdown();
  await running;
  await workerConnection.close();
  await api.stop();
  await connection.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
