import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** The SDK runtime logs every worker state change at INFO; tests want warnings only. */
export function quietTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}
