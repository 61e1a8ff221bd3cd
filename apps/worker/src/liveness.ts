import { writeFileSync } from 'node:fs';
import type { Worker } from '@temporalio/worker';

/** How often the liveness file is touched; compose calls the worker unhealthy after 3 missed beats. */
export const LIVENESS_INTERVAL_MS = 10_000;

/**
 * The worker has no HTTP port, so its container health check reads a file that is touched while the
 * worker is polling (state RUNNING). A wedged or draining worker stops touching it. Off without a path.
 */
export function keepLivenessFile(worker: Pick<Worker, 'getState'>, file: string | undefined): () => void {
  if (!file) return () => {};
  const beat = () => {
    if (worker.getState() === 'RUNNING') writeFileSync(file, new Date().toISOString());
  };
  const first = setTimeout(beat, 1_000).unref();
  const timer = setInterval(beat, LIVENESS_INTERVAL_MS).unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
