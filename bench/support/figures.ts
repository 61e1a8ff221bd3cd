/**
 * What every bench shares: a bounded-concurrency runner, percentiles, and the way figures come
 * out — `name=value` lines on stdout, and the same figures in bench/results/latest.json (git-ignored)
 * with the date, the machine's cores and memory, so the README table is filled from a real run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs `count` tasks, at most `concurrency` at once; results in task order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** The p-th percentile of ascending samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The checkout: bench/ in the sources, dist/bench/ when built. */
const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(path.join(dir, 'package.json'));
      return dir;
    } catch {
      dir = path.dirname(dir);
    }
  }
})();
export const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');

interface Results {
  /** When `npm run bench` started (BENCH_RUN_ID): figures of one run only. */
  run: string;
  date: string;
  machine: { cores: number; memoryGb: number; node: string };
  quick: boolean;
  figures: Record<string, Record<string, string | number>>;
}

/**
 * Prints the figures (one `name=value` line each; a value may carry its goal after two spaces) and
 * records their values under `bench` in the results file of this run.
 */
export function printFigures(bench: string, figures: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(figures)) console.log(`${name}=${value}`);
  const run = process.env.BENCH_RUN_ID ?? 'standalone';
  let results: Results | null = null;
  try {
    results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
  } catch {
    // first bench of the run
  }
  if (results?.run !== run) {
    results = {
      run,
      date: new Date().toISOString(),
      machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      quick: process.env.BENCH_QUICK === '1',
      figures: {},
    };
  }
  // The figure alone: "12.3  (goal <= 20)" is kept as 12.3.
  const value = (v: string | number) => {
    const head = String(v).split('  ')[0]!.trim();
    return head !== '' && Number.isFinite(Number(head)) ? Number(head) : head;
  };
  results.figures[bench] = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, value(v)]));
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
