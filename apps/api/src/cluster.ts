/**
 * API_PROCESSES > 1: this process becomes a node:cluster primary that serves nothing itself. It
 * forks that many API processes, which share the listening port (the primary hands connections
 * out round-robin), so one machine's cores all serve requests. A process that dies is forked again
 * after a backoff; one that keeps dying (3 times within a minute) stops the primary with exit code
 * 1, and the launcher's supervisor or the container's restart policy takes it from there.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../../libs/logging/logger.js';

const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 3;

export function runPrimary(processes: number, log: Logger): void {
  const crashes: number[] = [];
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= MAX_CRASHES) {
      log.error(`api: process ${worker.process.pid} exited (${signal ?? code}); ${MAX_CRASHES} exits within a minute, stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 10_000).unref();
      return;
    }
    const delay = 500 * 2 ** (crashes.length - 1);
    log.warn(`api: process ${worker.process.pid} exited (${signal ?? code}); starting another in ${delay} ms`);
    setTimeout(fork, delay);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (!workers.length) process.exit(0);
    // Each process closes its server and drains (Nest shutdown hooks) on SIGTERM.
    for (const w of workers) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  log.info(`api: ${processes} processes share the port`);
  for (let i = 0; i < processes; i++) fork();
}
