/**
 * Worker process: polls the task queue, runs lifecycle workflows and their activities; at start it
 * tells running lifecycles about a newly published official year (official-years.ts).
 * The SDK runtime turns SIGINT/SIGTERM into Worker.shutdown(), which drains in-flight tasks.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/config.js';
import { createDataSource } from '../../../libs/db/data-source.js';
import { calendarProvider } from '../../../libs/calendar-store/provider.js';
import { initializeWhenReachable } from './connect.js';
import { keepLivenessFile } from './liveness.js';
import { checkOfficialYears } from './official-years.js';
import { createWorker } from './worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await initializeWhenReachable(createDataSource(config.databaseUrl));
  const { worker, connection } = await createWorker({ config, dataSource, calendar: calendarProvider(dataSource) });
  console.log(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  const running = worker.run();
  const stopLiveness = keepLivenessFile(worker, config.worker.livenessFile);
  // Alongside polling: a newly published official year re-times every running lifecycle. A failure
  // records nothing, so the next start repeats the check.
  const checked = checkOfficialYears(config, dataSource, {
    info: (m) => console.log(`worker: ${m}`),
    warn: (m) => console.warn(`worker: ${m}`),
  }).catch((err: unknown) => {
    console.error(`worker: official-year check failed, repeated at the next start: ${err instanceof Error ? err.message : String(err)}`);
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
