// How a worker process is started by `npm start`, the chaos stack and the benches.
// docker-compose.yml keeps a larger heap for production (~1 MB per cached workflow, ENGINEERING.md).

/** Old-space cap of a worker process, in MB, unless WORKER_HEAP_MB says otherwise. */
export const DEFAULT_WORKER_HEAP_MB = 320;

/**
 * Node's arguments before the worker's script. V8 grows its heap lazily towards a limit set from
 * the machine's memory (several GB here), so a busy worker's RSS followed its activity traffic:
 * 824 MB at the peak of the 10,000-lifecycle wave. Capped, the same 2,000-lifecycle wave peaked at
 * 508 MB instead of 596 MB, in the same time (141 s against 139 s; 192 MB made it 20 % slower).
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function workerNodeArgs(env) {
  const mb = Number(env.WORKER_HEAP_MB ?? DEFAULT_WORKER_HEAP_MB);
  if (!Number.isInteger(mb) || mb < 128)
    throw new Error(`WORKER_HEAP_MB must be a whole number of MB, at least 128 (got "${env.WORKER_HEAP_MB}")`);
  return [`--max-old-space-size=${mb}`];
}
