import { installTemporalLogging } from '../../apps/worker/src/logging.js';
import { createLogger, type Logger } from '../../libs/logging/logger.js';

let installed = false;

/**
 * The SDK runtime, once per test file, logging like the worker (apps/worker/src/logging.ts) but
 * warnings only: it logs every worker state change at INFO. A suite that reads the worker's lines
 * installs its own logger first (`temporalRuntimeLogger`).
 */
export function quietTemporalRuntime(): void {
  if (!installed) temporalRuntimeLogger(createLogger({ level: 'warn', pretty: false }, { service: 'worker' }));
}

/** Installs the runtime with `logger` (before any stack, connection or worker of the file). */
export function temporalRuntimeLogger(logger: Logger): void {
  if (installed) throw new Error('the Temporal runtime of this test file is already installed');
  installed = true;
  installTemporalLogging(logger);
}
