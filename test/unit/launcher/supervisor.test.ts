/**
 * The launcher's supervisor (scripts/tools/supervisor.mjs) with real child processes: a killed
 * service comes back, a crash loop stops after 3 failed restarts, stop() ends it for good.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keepLivenessFile } from '../../../apps/worker/src/liveness.js';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { supervise as superviseUntyped } from '../../../scripts/tools/supervisor.mjs';

type Exit = { code: number | null; signal: string | null };
type Started = { exited: Promise<Exit>; stop: () => Promise<void>; pid: number };
const supervise = superviseUntyped as (opts: {
  name: string;
  start: () => Promise<Started>;
  log: (line: string) => void;
  onGiveUp: (message: string) => void;
  onRestart?: () => void;
  backoffMs?: number[];
  stableMs?: number;
}) => Promise<{ stop: () => Promise<void>; restarts: () => number }>;

/** A Node child running `code`. */
function node(code: string): Started {
  const proc = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (c, s) => resolve({ code: c, signal: s })));
  return {
    pid: proc.pid!,
    exited,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('scripts/tools/supervisor.mjs', () => {
  it('restarts a SIGKILLed service after the backoff, with one log line, and stops it for good', async () => {
    const started: Started[] = [];
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const s = await supervise({
      name: 'the worker',
      start: async () => {
        const p = node('setInterval(() => {}, 1000)');
        started.push(p);
        return p;
      },
      log: (l) => lines.push(l),
      onGiveUp: (m) => gaveUp.push(m),
      backoffMs: [50, 50, 50],
      stableMs: 60_000,
    });
    for (let kill = 1; kill <= 2; kill++) {
      process.kill(started.at(-1)!.pid, 'SIGKILL');
      await until(() => started.length === kill + 1);
    }
    expect(lines).toEqual([
      'the worker exited unexpectedly (SIGKILL); restart 1/3 in 0.05 s',
      'the worker exited unexpectedly (SIGKILL); restart 2/3 in 0.05 s',
    ]);
    expect(s.restarts()).toBe(2);
    const last = started.at(-1)!;
    expect(alive(last.pid)).toBe(true);
    await s.stop();
    expect(alive(last.pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(3);
    expect(gaveUp).toEqual([]);
  });

  it('gives up after 3 failed restarts in a row (each exited within stableMs, or failed to start)', async () => {
    let starts = 0;
    const lines: string[] = [];
    const gaveUp = new Promise<string>((resolve) =>
      supervise({
        name: 'the API',
        start: async () => {
          starts++;
          if (starts === 3) throw new Error('port 3000 is already in use');
          return node('process.exit(3)');
        },
        log: (l) => lines.push(l),
        onGiveUp: resolve,
        backoffMs: [10, 20, 30],
        stableMs: 60_000,
      }),
    );
    expect(await gaveUp).toBe('the API exited (exit 3) and 3 restarts in a row failed: stopping everything');
    expect(starts).toBe(4);
    expect(lines).toEqual([
      'the API exited unexpectedly (exit 3); restart 1/3 in 0.01 s',
      'the API exited unexpectedly (exit 3); restart 2/3 in 0.02 s',
      'the API exited unexpectedly (restart failed: port 3000 is already in use); restart 3/3 in 0.03 s',
    ]);
  });

  it('starts the count anew once a service has run for stableMs', async () => {
    const started: Started[] = [];
    const gaveUp: string[] = [];
    const s = await supervise({
      name: 'PostgreSQL',
      start: async () => {
        const p = node('setInterval(() => {}, 1000)');
        started.push(p);
        return p;
      },
      log: () => {},
      onGiveUp: (m) => gaveUp.push(m),
      backoffMs: [10, 10],
      stableMs: 300,
    });
    // Five kills, each after the service ran longer than stableMs: never two failures in a row.
    for (let kill = 1; kill <= 5; kill++) {
      await new Promise((r) => setTimeout(r, 400));
      process.kill(started.at(-1)!.pid, 'SIGKILL');
      await until(() => started.length === kill + 1);
    }
    expect(gaveUp).toEqual([]);
    await s.stop();
  });
});

describe('worker liveness file (apps/worker/src/liveness.ts)', () => {
  it('is touched only while the worker is RUNNING', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'liveness-')), 'alive');
    writeFileSync(file, 'old');
    let state = 'DRAINING';
    const stop = keepLivenessFile({ getState: () => state as never }, file);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(readFileSync(file, 'utf8')).toBe('old');
    stop();
    state = 'RUNNING';
    const stop2 = keepLivenessFile({ getState: () => state as never }, file);
    await until(() => readFileSync(file, 'utf8') !== 'old', 5_000);
    expect(Date.parse(readFileSync(file, 'utf8'))).toBeGreaterThan(Date.now() - 10_000);
    stop2();
  });
});
