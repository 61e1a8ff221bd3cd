import type { DataSource } from 'typeorm';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects to PostgreSQL, waiting for it for up to `waitMs`: a worker restarted while the database is
 * briefly down (a restart, a fail-over) must come up when it is back, not exit and count as a crash.
 */
export async function initializeWhenReachable(
  dataSource: DataSource,
  { waitMs = 60_000, log = (m: string) => console.warn(m) }: { waitMs?: number; log?: (m: string) => void } = {},
): Promise<DataSource> {
  const until = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.initialize();
    } catch (err) {
      if (Date.now() >= until) throw err;
      log(`worker: PostgreSQL not reachable (attempt ${attempt}: ${(err as Error).message}); retrying`);
      await sleep(Math.min(500 * attempt, 3_000));
    }
  }
}
