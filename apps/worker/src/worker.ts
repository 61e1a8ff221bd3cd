import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../../activities/index.js';
import type { AppConfig } from '../../../libs/config/config.js';
import type { WorkingCalendar } from '../../../libs/calendar/index.js';

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
  /** Tests pass a prebuilt bundle to avoid re-bundling per file. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(deps: WorkerDeps): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { config } = deps;
  const connection = deps.connection ?? (await NativeConnection.connect({ address: config.temporal.address }));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: workflowsPath() }),
    activities: createActivities({ dataSource: deps.dataSource, calendar: deps.calendar }),
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
  });
  return { worker, connection };
}
