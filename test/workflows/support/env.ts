import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../../activities/index.js';
import { workflowInterceptorModules } from '../../../apps/worker/src/logging.js';
import { workflowsPath } from '../../../apps/worker/src/worker.js';
import { createCalendar, type CalendarOverrides } from '../../../libs/calendar/index.js';
import { createDataSource } from '../../../libs/db/data-source.js';
import { ActivityEntity } from '../../../libs/db/entities/activity.entity.js';
import { lifecycleWorkflowId } from '../../../libs/domain/activity.js';
import type { LifecycleInput } from '../../../workflows/definitions.js';
import { quietTemporalRuntime } from '../../support/temporal-runtime.js';
import searchAttributes from '../../../libs/temporal/search-attributes.json' with { type: 'json' };

let bundle: WorkflowBundleWithSourceMap | undefined;

/**
 * A time-skipping Temporal environment (Java test server, provisioned by the global setup) with
 * the project's search attributes, real activities and the real PostgreSQL.
 */
export async function startTimeSkipping(options: { cacheWorkflows?: boolean } = {}): Promise<{
  env: TestWorkflowEnvironment;
  dataSource: DataSource;
  /** Polled for the whole suite: a workflow left without a worker would stop time skipping. */
  taskQueue: string;
  /** The calendar the activities see from now on (association closures / extra working days). */
  setCalendarOverrides(overrides: CalendarOverrides): void;
  /** Makes reading the calendar fail (an outage of its store) until called with null. */
  setCalendarFailure(error: Error | null): void;
  stop(): Promise<void>;
}> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path || !process.env.DATABASE_URL) throw new Error('run through jest: the global setup provides the servers');
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // temporal.api.enums.v1.IndexedValueType; createTimeSkipping has no searchAttributes option.
  const typeIds: Record<string, number> = { Keyword: 2, Bool: 5, Datetime: 6 };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(searchAttributes).map(([k, t]) => [k, typeIds[t]!])),
  });
  const dataSource = await createDataSource(process.env.DATABASE_URL).initialize();
  bundle ??= await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    // The production worker's workflow interceptors (request ids): replayed with them too.
    workflowInterceptorModules: workflowInterceptorModules(),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
  });
  const taskQueue = `wf-${randomUUID()}`;
  let calendar = createCalendar();
  let calendarFailure: Error | null = null;
  const activities = createActivities({
    dataSource,
    calendar: async () => {
      if (calendarFailure) throw calendarFailure;
      return calendar;
    },
  });
  const startWorker = async () => {
    // A cache of two (the SDK's smallest besides none): a task for a third workflow replays its
    // history from the start (the recorded histories' replay proves determinism). Not none: the
    // SDK drops the local activities of a run it evicts, and with no cache it evicts every run
    // while they are in flight, so the lifecycle would never move. No suite here replaces the
    // worker: its next task would wait on the stopped worker's sticky queue, which this server
    // never times out (test/e2e/worker-replaced.test.ts does it on the dev server).
    // `cacheWorkflows` keeps every workflow cached, for suites that send many messages.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle!,
      activities,
      ...(options.cacheWorkflows ? {} : { maxCachedWorkflows: 2 }),
    });
    return { worker, running: worker.run() };
  };
  const current = await startWorker();
  const stopWorker = async () => {
    current.worker.shutdown();
    await current.running;
  };
  return {
    env,
    dataSource,
    taskQueue,
    setCalendarOverrides(overrides) {
      calendar = createCalendar(overrides);
    },
    setCalendarFailure(error) {
      calendarFailure = error;
    },
    async stop() {
      await stopWorker();
      await dataSource.destroy();
      await env.teardown();
    },
  };
}

/** Inserts an activity row (the API does this before the workflow runs) and returns the input. */
export async function recordActivity(dataSource: DataSource, overrides: Partial<LifecycleInput> = {}): Promise<LifecycleInput> {
  const id = randomUUID();
  const input: LifecycleInput = {
    activityId: id,
    name: `wf-test-${id.slice(0, 8)}`,
    type: 'seminar',
    leadDepartment: 'publicity',
    endAt: '2026-09-30T09:30:00.000Z',
    isMajor: false,
    permanent: false,
    ...overrides,
  };
  await dataSource.getRepository(ActivityEntity).insert({
    id,
    name: input.name,
    type: input.type,
    leadDepartment: input.leadDepartment,
    startAt: new Date(Date.parse(input.endAt) - 3_600_000),
    endAt: new Date(input.endAt),
    location: 'test',
    plannedOnline: 0,
    plannedOffline: 10,
    releasesPolicy: false,
    isMajor: input.isMajor,
    permanent: input.permanent,
    workflowId: lifecycleWorkflowId(id),
  });
  return input;
}
