import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../../activities/index.js';
import { createDeliveryLedger, type DeliveryPolicy } from '../../../activities/delivery-ledger.js';
import { createDigestKeeper } from '../../../activities/notification-digests.js';
import type { AppConfig } from '../../../libs/config/config.js';
import type { WorkingCalendar } from '../../../libs/calendar/index.js';
import { loadNotifyConfig, type NotifyConfig } from '../../../libs/notify/config.js';
import { describeDatabaseFailure, isDatabaseUnavailable } from '../../../libs/db/availability.js';
import { databaseOutageInterceptor } from './database-outage.js';
import { DeliveryRetrier, type DeliveryRetrierOptions } from './delivery-retrier.js';
import { withActivityInterceptor, workerInterceptors } from './logging.js';
import { createArchiveSteward } from '../../../activities/archive.activities.js';
import { FolderArchiveStore } from '../../../libs/archive/store.js';
import { finalDocx, type RenderFinalDocx } from '../../../libs/archive/final-docx.js';
import { loadSigningKey } from '../../../libs/signature/signature.js';
import { ArchiveSweeper, type ArchiveSweeperOptions } from './archive-sweeper.js';
import { ReportScheduleKeeper } from './report-schedules.js';
import { temporalConnectionOptions } from '../../../libs/temporal/connection-options.js';

/** workflows/index: `.js` next to the compiled worker in dist/, `.ts` when run from source (tests). */
export function workflowsPath(): string {
  for (const ext of ['.js', '.ts']) {
    const p = fileURLToPath(new URL(`../../../workflows/index${ext}`, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('workflows/index not found next to the worker');
}

export interface WorkerDeps {
  config: AppConfig;
  dataSource: DataSource;
  calendar: () => Promise<WorkingCalendar>;
  connection?: NativeConnection;
  /** Tests pass a prebuilt bundle to avoid re-bundling per file (built with `workflowInterceptorModules()`). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** E-mail and robot settings; `loadNotifyConfig(process.env)` when absent. */
  notify?: NotifyConfig;
  /** Tests shorten the delivery retry loop and its backoff. */
  deliveryRetry?: Partial<DeliveryRetrierOptions> & { policy?: Partial<DeliveryPolicy> };
  /** Tests shorten how long a registration's row may take to appear (REGISTRATION_GRACE_MS). */
  registrationGraceMs?: number;
  /**
   * The final version as DOCX for the archive copy. Injection point of the summary
   * document's renderer (libs/archive/final-docx.ts by default).
   */
  renderFinalDocx?: RenderFinalDocx;
  /** Tests shorten the archive sweeper's interval. */
  archiveSweep?: Partial<ArchiveSweeperOptions>;
  /**
   * Create or update the report schedules (report-schedules.ts) in the background while polling.
   * The worker process does (main.ts); test stacks do not, or every suite would point the
   * namespace's schedules at its own task queue.
   */
  reportSchedules?: boolean;
}

export async function createWorker(deps: WorkerDeps): Promise<{ worker: Worker; connection: NativeConnection; retrier: DeliveryRetrier }> {
  const { config } = deps;
  const logger = Runtime.instance().logger;
  const connection = deps.connection ?? (await NativeConnection.connect(temporalConnectionOptions(config.temporal)));
  const notify = deps.notify ?? loadNotifyConfig(process.env);
  // One ledger for the notify steps' deliveries and the retrier: one SMTP transport per process.
  const ledger = createDeliveryLedger({ dataSource: deps.dataSource, notify, logger, policy: deps.deliveryRetry?.policy });
  const archive = createArchiveSteward({
    dataSource: deps.dataSource,
    store: new FolderArchiveStore(config.archive.dir),
    renderFinalDocx: deps.renderFinalDocx ?? finalDocx(deps.dataSource, config),
    attachmentsDir: config.attachments.dir,
    signingKey: loadSigningKey(config.signing.privateKeyPem),
    log: logger,
  });
  const workflowBundle = deps.workflowBundle ?? (config.worker.workflowBundle ? { codePath: config.worker.workflowBundle } : undefined);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: workflowsPath() }),
    activities: createActivities({
      dataSource: deps.dataSource,
      calendar: deps.calendar,
      notify,
      ledger,
      publicUrl: config.api.publicUrl,
      registrationGraceMs: deps.registrationGraceMs,
      archive,
    }),
    // Request ids into activity headers and log lines (apps/worker/src/logging.ts); a database
    // outage as one retryable line per try (database-outage.ts).
    interceptors: withActivityInterceptor(workerInterceptors({ bundled: !!workflowBundle }), databaseOutageInterceptor(logger)),
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    // A crashed worker's cached workflows are offered to the others (or its restart) after 3 s, not
    // the default 10 s: an update waiting on one then answers before the API's 10 s deadline. The
    // cost is an occasional replay when a live worker is that slow to pick up its sticky task.
    stickyQueueScheduleToStartTimeout: '3s',
  });
  const digests = createDigestKeeper({
    dataSource: deps.dataSource,
    notify,
    ledger,
    publicUrl: config.api.publicUrl,
    calendar: deps.calendar,
    logger,
  });
  // One line per failed round (every 15 s while PostgreSQL is down), not an object dump.
  const retrier = new DeliveryRetrier(
    ledger,
    deps.deliveryRetry,
    (err) => logger.warn(`delivery retry round failed: ${isDatabaseUnavailable(err) ? describeDatabaseFailure(err) : String(err)}`),
    digests,
  );
  // main.ts and the tests drive the worker through run(): wrapping it gives the retrier the same
  // life — it starts with polling and has stopped (its batch finished) before run() resolves,
  // i.e. before the caller closes the connection and the DataSource.
  const sweeper = new ArchiveSweeper(archive, deps.archiveSweep, (err) =>
    logger.warn(`archive sweep failed: ${isDatabaseUnavailable(err) ? describeDatabaseFailure(err) : String(err)}`),
  );
  const schedules = deps.reportSchedules
    ? new ReportScheduleKeeper({
        temporal: temporalConnectionOptions(config.temporal),
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
      })
    : undefined;
  const run = worker.run.bind(worker);
  worker.run = async () => {
    retrier.start();
    sweeper.start();
    void schedules?.start();
    try {
      await run();
    } finally {
      await schedules?.stop();
      await sweeper.stop();
      await retrier.stop();
      await ledger.stop();
    }
  };
  return { worker, connection, retrier };
}
