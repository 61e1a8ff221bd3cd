/**
 * The fault-injection suite at a small size (`npm run chaos` runs it at full size): lifecycles driven
 * through the API while the worker is SIGKILLed, the dev server restarts, PostgreSQL stops for 10 s
 * and the SMTP receiver is down. Its own services, processes and ports; nothing shared is touched.
 */
import { missedGoals } from '../../chaos/goals.js';
import { runChaos } from '../../chaos/run.js';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { ensureBuild } from '../../scripts/tools/build.mjs';

it('loses nothing, sends nothing twice, answers no 5xx outside the outages, and every lifecycle ends where it should', async () => {
  await ensureBuild(); // the API and the worker run as built processes, as under `npm start`
  const lines: string[] = [];
  const figures = await runChaos({
    lifecycles: 12,
    kills: 4,
    durationMs: 45_000,
    pgOutageMs: 10_000,
    smtpOutageMs: 10_000,
    log: (line) => lines.push(line),
  });
  console.log(
    `chaos (small run):\n  ${Object.entries(figures)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' | ') : v}`)
      .join('\n  ')}`,
  );
  expect(figures.lifecycles).toBe(12);
  expect(figures.worker_kills).toBe(4);
  expect(lines.filter((l) => l.startsWith('GAVE UP'))).toEqual([]);
  // Correctness only: the recovery times are printed above, and judged by `npm run chaos`, not by a timed test.
  expect(missedGoals(figures, { timing: false })).toEqual([]);
}, 900_000);
