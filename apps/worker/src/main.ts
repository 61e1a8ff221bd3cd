/**
 * Worker process: polls the task queue, runs lifecycle workflows and their activities; at start it
 * tells running lifecycles about a newly published official year (official-years.ts) and puts the
 * periodic report schedules in place (report-schedules.ts, retried in the background).
 * The SDK runtime turns SIGINT/SIGTERM into Worker.shutdown(), which drains in-flight tasks.
 * Logs: JSON lines (or pretty ones, LOG_PRETTY) through the Temporal runtime's logger (logging.ts).
 */
import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/config.js';
import { createDataSource } from '../../../libs/db/data-source.js';
import { calendarProvider } from '../../../libs/calendar-store/provider.js';
import { createLogger } from '../../../libs/logging/logger.js';
import { initializeWhenReachable } from './connect.js';
import { keepLivenessFile } from './liveness.js';
import { installTemporalLogging } from './logging.js';
import { checkOfficialYears } from './official-years.js';
import { createWorker } from './worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.log, { service: 'worker' });
  installTemporalLogging(log);
  const dataSource = await initializeWhenReachable(createDataSource(config.databaseUrl), { log: (m) => log.warn(m) });
  const { worker, connection } = await createWorker({ config, dataSource, calendar: calendarProvider(dataSource), reportSchedules: true });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker: polling the task queue');
  const running = worker.run();
  const stopLiveness = keepLivenessFile(worker, config.worker.livenessFile);
  // Alongside polling: a newly published official year re-times every running lifecycle. A failure
  // records nothing, so the next start repeats the check.
  const checked = checkOfficialYears(config, dataSource, {
    info: (m) => log.info(`worker: ${m}`),
    warn: (m) => log.warn(`worker: ${m}`),
  }).catch((err: unknown) => {
    log.error(`worker: official-year check failed, repeated at the next start: ${err instanceof Error ? err.message : String(err)}`);
  });
  await running;
  stopLiveness();
  await checked;
  await connection.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  console.error('worker:', err instanceof Error ? err.message : err);
  process.exit(1);
});
