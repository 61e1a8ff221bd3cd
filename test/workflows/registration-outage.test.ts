/**
 * A lifecycle whose first check for its activity row meets a PostgreSQL that stays down for a
 * long time (here ten minutes of skipped server time, scores of tries) is not taken for an
 * orphan: "cannot reach the database" is no answer, and once PostgreSQL is back the lifecycle
 * finds its row and goes on. (It used to give up after 12 tries, about 75 s, and close as CLOSED.)
 * Its own PostgreSQL cluster, stopped and started on the same data folder and port; the
 * time-skipping server; the real activities and the worker's outage interceptor.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
// @ts-expect-error plain ESM module of the launcher, no type declarations
import { findFreePort, startEmbeddedPostgres } from '../../scripts/tools/postgres.mjs';
import { createActivities } from '../../activities/index.js';
import { databaseOutageInterceptor } from '../../apps/worker/src/database-outage.js';
import { workflowsPath } from '../../apps/worker/src/worker.js';
import { createCalendar } from '../../libs/calendar/index.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { runMigrations } from '../../libs/db/migrate.js';
import { lifecycleWorkflowId } from '../../libs/domain/activity.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery } from '../../workflows/definitions.js';
import { quietTemporalRuntime } from '../support/temporal-runtime.js';
import { recordActivity } from './support/env.js';
import { recordHistoryFile } from './support/lifecycle-driver.js';

type Postgres = { url: string; stop: () => Promise<void> };

/** The worker's warnings, one entry per call. */
const warnings: string[] = [];
const logger: Logger = {
  log: (_l: LogLevel, m: string) => void warnings.push(m),
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m: string, _meta?: LogMetadata) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
};

let dataDir: string;
let port: number;
let pg: Postgres | undefined;
let dataSource: DataSource;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `wf-outage-${randomUUID()}`;

const startPostgres = async () => (await startEmbeddedPostgres({ persistent: true, dataDir, port, log: () => {} })) as Postgres;

beforeAll(async () => {
  quietTemporalRuntime();
  dataDir = await mkdtemp(path.join(tmpdir(), 'activity-summary-pg-wf-outage-'));
  port = (await findFreePort()) as number;
  pg = await startPostgres();
  await runMigrations(pg.url);
  dataSource = await createDataSource(pg.url).initialize();
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
  const typeIds: Record<string, number> = { Keyword: 2, Bool: 5, Datetime: 6 };
  const { default: searchAttributes } = await import('../../libs/temporal/search-attributes.json', { with: { type: 'json' } });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(searchAttributes as Record<string, string>).map(([k, t]) => [k, typeIds[t]!])),
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
    }),
    activities: createActivities({ dataSource, calendar: async () => createCalendar() }),
    interceptors: { activity: [databaseOutageInterceptor(logger)] },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  pg ??= await startPostgres().catch(() => undefined);
  await dataSource?.destroy();
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('a recorded activity is no orphan however long PostgreSQL is down at its start: the lifecycle goes on after it', async () => {
  const endAt = new Date((await env.currentTimeMs()) - 3_600_000).toISOString();
  const input = await recordActivity(dataSource, { endAt });
  const workflowId = lifecycleWorkflowId(input.activityId);

  await pg!.stop();
  pg = undefined;
  const handle = await env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  await env.sleep('10 minutes');
  // Ended before it was registered: the check comes with the end's deadlines (confirmRecordedAndComputeDeadlines).
  const attempts = warnings.filter((w) => w.startsWith(`PostgreSQL unavailable: confirmRecordedAndComputeDeadlines of ${workflowId}`));
  // A few quick local tries, then the durable activity's retries, which wait in the server.
  const localTries = attempts.filter((w) => w.includes('(local try '));
  const tries = attempts.filter((w) => !w.includes('(local try '));
  expect(localTries.length).toBe(3);
  expect(tries.length).toBeGreaterThan(12);
  expect((await handle.query(stateQuery)).stage).toBe('AWAITING_END');

  pg = await startPostgres();
  let state = await handle.query(stateQuery);
  for (let i = 0; i < 30 && state.stage === 'AWAITING_END'; i++) {
    await env.sleep('10 seconds'); // the next try comes within the retry policy's 10 s
    state = await handle.query(stateQuery);
  }
  expect(state.stage).toBe('DRAFTING');
  expect(state.deadlines.map((d) => d.key)).toEqual(['baseData', 'draft', 'final']);
  // One warning line per failed try, each naming the try.
  expect(localTries.every((w, i) => w.includes(`(local try ${i + 1})`) && !w.includes('\n'))).toBe(true);
  expect(tries.every((w, i) => w.includes(`(try ${i + 1})`) && !w.includes('\n'))).toBe(true);
  // The local activity's failed marker, then the durable activity that succeeded: replayed by replay.test.ts.
  await recordHistoryFile('local-steps-registration-outage-fallback', await handle.fetchHistory());
});
