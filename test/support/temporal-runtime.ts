import { installTemporalLogging } from '../../apps/worker/src/logging.js';
import { createLogger, type Logger } from '../../libs/logging/logger.js';

let installed = false;

/**
 * The SDK runtime, once per test file, logging like the worker (apps/worker/src/logging.ts) but
 * warnings only: it logs every worker state change at INFO. A suite that reads the worker's lines
 * installs its own logger first (`temporalRuntimeLogger`).
 */
export function quietTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  // Core's own warnings stay on stderr: forwarding them would keep jest from exiting after suites that never open a worker.
  installTemporalLogging(createLogger({ level: 'warn', pretty: false }, { service: 'worker' }), { forwardCore: false });
}

/**
 * Installs the runtime with `logger`, core's lines forwarded as in production (before any stack,
 * connection or worker of the file; the file's last worker must be shut down for jest to exit).
 */
export function temporalRuntimeLogger(logger: Logger): void {
  if (installed) throw new Error('the Temporal runtime of this test file is already installed');
  installed = true;
  installTemporalLogging(logger);
}
