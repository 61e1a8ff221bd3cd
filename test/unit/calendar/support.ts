/** Shared helpers for the calendar tests (not a test file itself). */

/** Deterministic PRNG (mulberry32): property tests are seeded loops, no extra dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomInt(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1));
}

/** An instant given as Asia/Shanghai wall-clock time, e.g. at('2026-09-30', '18:00'). */
export function at(date: string, time = '12:00:00'): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

/** The calendar date `n` days after `date` (plain Gregorian arithmetic, for reference implementations). */
export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) out.push(d);
  return out;
}

/** The end of a Shanghai day as an ISO instant: 23:59:59+08:00 = 15:59:59Z. */
export function endOfDayZ(date: string): string {
  return new Date(`${date}T23:59:59+08:00`).toISOString();
}
