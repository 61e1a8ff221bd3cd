/**
 * Worker process: polls the task queue, runs lifecycle workflows and their activities.
 * The SDK runtime turns SIGINT/SIGTERM into Worker.shutdown(), which drains in-flight tasks.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/config.js';
import { createDataSource } from '../../../libs/db/data-source.js';
import { calendarProvider } from '../../../libs/calendar-store/provider.js';
import { createWorker } from './worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await createDataSource(config.databaseUrl).initialize();
  const { worker, connection } = await createWorker({ config, dataSource, calendar: calendarProvider(dataSource) });
  console.log(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  await worker.run();
  await connection.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  console.error('worker:', err instanceof Error ? err.message : err);
  process.exit(1);
});
