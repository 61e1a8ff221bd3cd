/**
 * Calendar benchmark (`npm run bench`, or `npx tsc -p tsconfig.build.json` then
 * `node dist/bench/calendar/deadlines.bench.js`): computes 100,000 working-day deadlines over
 * 2026–2027 (official and provisional days, with a few association closures) and prints
 *   calendar_deadline_us=<µs per deadline>   goal: < 5
 * plus build and recomputation figures. A script that prints, never a timed test.
 */
import { performance } from 'node:perf_hooks';
import { printFigures } from '../support/figures.js';
import {
  addCalendarMonths,
  createCalendar,
  dueAfterWorkingDays,
  loadOfficialData,
  recomputeDue,
  type DeadlineAnchor,
} from '../../libs/calendar/index.js';

const COUNT = Number(process.env.BENCH_DEADLINES ?? 100_000);
const ROUNDS = 5;

/** mulberry32: the same inputs on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORKING_DAYS = [2, 3, 5, 7, 10] as const;

const t0 = performance.now();
loadOfficialData();
const t1 = performance.now();
const cal = createCalendar({
  closures: [{ from: '2026-12-28', to: '2026-12-31', name: 'Year-end closure', nameZh: '年终闭馆' }, '2027-03-01'],
  extraWorkdays: ['2026-10-03'],
});
const t2 = performance.now();

const rnd = seededRandom(2026);
const start = Date.parse('2026-01-01T00:00:00+08:00');
const span = Date.parse('2027-10-01T00:00:00+08:00') - start;
const afters = Array.from({ length: COUNT }, () => new Date(start + Math.floor(rnd() * span)));
const ns = Array.from({ length: COUNT }, () => WORKING_DAYS[Math.floor(rnd() * WORKING_DAYS.length)] ?? 2);
const anchors: DeadlineAnchor[] = afters.slice(0, 10_000).map((a, i) => ({ kind: 'workingDays', from: a.toISOString(), days: ns[i] ?? 2 }));

function timeRound(fn: () => number): { us: number; check: number } {
  const s = performance.now();
  const check = fn();
  return { us: ((performance.now() - s) * 1000) / COUNT, check };
}

const deadlines = (): number => {
  let check = 0;
  let provisional = 0;
  for (let i = 0; i < COUNT; i++) {
    const due = dueAfterWorkingDays(cal, afters[i] as Date, ns[i] ?? 2);
    check += due.dueAt.getTime() % 97;
    if (due.provisional) provisional++;
  }
  return check + provisional;
};
const months = (): number => {
  let check = 0;
  for (let i = 0; i < COUNT; i++) check += addCalendarMonths(afters[i] as Date, 1).dueAt.getTime() % 97;
  return check;
};

// Warm-up (JIT), then the best of a few rounds.
deadlines();
months();
let best = Number.POSITIVE_INFINITY;
let bestMonths = Number.POSITIVE_INFINITY;
let check = 0;
for (let r = 0; r < ROUNDS; r++) {
  const d = timeRound(deadlines);
  best = Math.min(best, d.us);
  check = d.check;
  bestMonths = Math.min(bestMonths, timeRound(months).us);
}
const r0 = performance.now();
for (const anchor of anchors) recomputeDue(cal, anchor);
const recomputeUs = ((performance.now() - r0) * 1000) / anchors.length;

const provisionalShare = afters.filter((a, i) => dueAfterWorkingDays(cal, a, ns[i] ?? 2).provisional).length / COUNT;

printFigures('calendar', {
  calendar_official_load_ms: (t1 - t0).toFixed(2),
  calendar_build_ms: (t2 - t1).toFixed(2),
  calendar_deadlines: COUNT,
  calendar_deadline_us: best.toFixed(3),
  calendar_month_offset_us: bestMonths.toFixed(3),
  calendar_recompute_us: recomputeUs.toFixed(3),
  calendar_provisional_share: provisionalShare.toFixed(3),
  calendar_checksum: check,
  calendar_deadline_goal_met: String(best < 5),
});
