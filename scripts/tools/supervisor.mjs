// Keeps a service running: when it exits on its own it is started again after a backoff. Used by
// `npm start` for every process it runs, and by the fault-injection suite, which kills them on purpose.
// Node built-ins only: the launcher loads it before anything else is installed.

/** Waits before the 1st, 2nd and 3rd restart in a row; a SIGKILLed worker is back within seconds. */
export const RESTART_BACKOFF_MS = [500, 2_000, 5_000];
/** A service that ran this long since its last start was healthy: its next exit starts the count anew. */
export const STABLE_MS = 10_000;

const describeExit = ({ code, signal }) => (signal ? signal : `exit ${code}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `start()` and restarts it whenever it exits unexpectedly: one log line per restart. A
 * restart fails when `start()` throws or the service exits again within `stableMs`; after
 * `RESTART_BACKOFF_MS.length` failed restarts in a row, `onGiveUp(message)` is called and nothing more
 * is restarted.
 *
 * @param {{
 *   name: string,
 *   start: () => Promise<{ exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void> }>,
 *   log: (line: string) => void,
 *   onGiveUp: (message: string) => void,
 *   onRestart?: () => void,
 *   backoffMs?: number[],
 *   stableMs?: number,
 * }} opts
 * @returns {Promise<{ stop: () => Promise<void>, restarts: () => number }>} once the first start succeeded
 *   (a first start that fails rejects: there is nothing to supervise yet)
 */
export async function supervise({
  name,
  start,
  log,
  onGiveUp,
  onRestart = () => {},
  backoffMs = RESTART_BACKOFF_MS,
  stableMs = STABLE_MS,
}) {
  let current = await start();
  let stopping = false;
  let restarts = 0;
  let wake = () => {};

  const watch = async () => {
    let failures = 0;
    let startedAt = Date.now();
    for (;;) {
      const exit = await current.exited;
      if (stopping) return;
      if (Date.now() - startedAt >= stableMs) failures = 0;
      let reason = describeExit(exit);
      for (;;) {
        if (failures >= backoffMs.length) {
          onGiveUp(`${name} exited (${reason}) and ${backoffMs.length} restarts in a row failed: stopping everything`);
          return;
        }
        const delay = backoffMs[failures];
        failures++;
        log(`${name} exited unexpectedly (${reason}); restart ${failures}/${backoffMs.length} in ${delay / 1000} s`);
        await Promise.race([sleep(delay), new Promise((r) => (wake = r))]);
        if (stopping) return;
        try {
          const started = await start();
          if (stopping) {
            await started.stop();
            return;
          }
          current = started;
          startedAt = Date.now();
          restarts++;
          onRestart();
          break;
        } catch (err) {
          reason = `restart failed: ${err.message}`;
        }
      }
    }
  };
  const watching = watch();

  return {
    restarts: () => restarts,
    async stop() {
      stopping = true;
      wake();
      await current.stop();
      await watching;
    },
  };
}
