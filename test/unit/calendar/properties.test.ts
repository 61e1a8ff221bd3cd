/**
 * Property tests as seeded pseudo-random loops (no extra dependency): the same seeds give the
 * same cases on every run, and a failure message prints the case.
 */
import {
  addCalendarMonths,
  buildCalendar,
  dueAfterWorkingDays,
  loadOfficialData,
  recomputeDue,
  shanghaiDate,
  workingDaysBetween,
  type CalendarOverrides,
  type DeadlineAnchor,
  type WorkingCalendar,
} from '../../../libs/calendar/index.js';
import { plusDays, randomInt, seededRandom } from './support.js';

const official = loadOfficialData();
const RANGE = { from: 2025, to: 2029 };
const FROM_MS = Date.parse('2025-01-01T00:00:00+08:00');
const TO_MS = Date.parse('2028-12-01T00:00:00+08:00'); // leaves room for deadlines up to N = 30

const calendarWith = (overrides: CalendarOverrides = {}): WorkingCalendar => buildCalendar({ official, overrides, range: RANGE });

function randomDate(rnd: () => number): string {
  return shanghaiDate(new Date(FROM_MS + Math.floor(rnd() * (TO_MS - FROM_MS))));
}

/** Random, non-conflicting association overrides. */
function randomOverrides(rnd: () => number): CalendarOverrides {
  const used = new Set<string>();
  const pick = (count: number): string[] => {
    const out: string[] = [];
    while (out.length < count) {
      const d = randomDate(rnd);
      if (!used.has(d)) {
        used.add(d);
        out.push(d);
      }
    }
    return out;
  };
  return { closures: pick(randomInt(rnd, 0, 40)), extraWorkdays: pick(randomInt(rnd, 0, 10)) };
}

/** Reference implementation: walk day by day, asking the calendar one date at a time. */
function naiveDue(cal: WorkingCalendar, after: Date, n: number): { dueDate: string; provisional: boolean } {
  let d: string = shanghaiDate(after);
  let provisional = false;
  for (let count = 0; count < n;) {
    d = plusDays(d, 1);
    provisional ||= cal.explainDay(d).provisional;
    if (cal.isWorkingDay(d)) count++;
  }
  return { dueDate: d, provisional };
}

const SEEDS = [1, 7, 2026, 424242];

describe.each(SEEDS)('properties (seed %i)', (seed) => {
  const rnd = seededRandom(seed);
  const calendars = [calendarWith(), ...Array.from({ length: 4 }, () => calendarWith(randomOverrides(rnd)))];
  const cases = Array.from({ length: 400 }, () => ({
    cal: calendars[randomInt(rnd, 0, calendars.length - 1)] as WorkingCalendar,
    after: new Date(FROM_MS + Math.floor(rnd() * (TO_MS - FROM_MS))),
    n: randomInt(rnd, 1, 30),
  }));

  it('SPEC §3 a deadline is always a working day, exactly N working days after X, and ends 23:59:59 Shanghai', () => {
    for (const { cal, after, n } of cases) {
      const due = dueAfterWorkingDays(cal, after, n);
      const ctx = `after=${after.toISOString()} n=${n}`;
      expect({ ctx, working: cal.isWorkingDay(due.dueDate) }).toEqual({ ctx, working: true });
      expect({ ctx, ...naiveDue(cal, after, n) }).toEqual({ ctx, dueDate: due.dueDate, provisional: due.provisional });
      expect(workingDaysBetween(cal, after, due.dueAt).days).toBe(n);
      expect(due.dueAt.toISOString()).toBe(`${due.dueDate}T15:59:59.000Z`);
      expect(shanghaiDate(due.dueAt)).toBe(due.dueDate);
    }
  });

  it('SPEC §3 N+1 working days is strictly later than N', () => {
    for (const { cal, after, n } of cases) {
      const a = dueAfterWorkingDays(cal, after, n).dueAt.getTime();
      const b = dueAfterWorkingDays(cal, after, n + 1).dueAt.getTime();
      expect(b).toBeGreaterThan(a);
    }
  });

  it('SPEC §3 a later X never gives an earlier deadline', () => {
    for (const { cal, after, n } of cases) {
      const later = new Date(after.getTime() + randomInt(rnd, 0, 20) * 3_600_000 * 7);
      expect(dueAfterWorkingDays(cal, later, n).dueAt.getTime()).toBeGreaterThanOrEqual(dueAfterWorkingDays(cal, after, n).dueAt.getTime());
    }
  });

  it('SPEC §3 adding a closure never moves a deadline earlier; adding an extra working day never moves it later', () => {
    for (let i = 0; i < 60; i++) {
      const overrides = randomOverrides(rnd);
      const base = calendarWith(overrides);
      const used = new Set([...(overrides.closures ?? []), ...(overrides.extraWorkdays ?? [])] as string[]);
      let extra = randomDate(rnd);
      while (used.has(extra)) extra = randomDate(rnd);
      const moreClosed = calendarWith({ ...overrides, closures: [...(overrides.closures ?? []), extra] });
      const moreOpen = calendarWith({ ...overrides, extraWorkdays: [...(overrides.extraWorkdays ?? []), extra] });
      for (let j = 0; j < 25; j++) {
        const after = new Date(FROM_MS + Math.floor(rnd() * (TO_MS - FROM_MS)));
        const n = randomInt(rnd, 1, 30);
        const t = dueAfterWorkingDays(base, after, n).dueAt.getTime();
        expect(dueAfterWorkingDays(moreClosed, after, n).dueAt.getTime()).toBeGreaterThanOrEqual(t);
        expect(dueAfterWorkingDays(moreOpen, after, n).dueAt.getTime()).toBeLessThanOrEqual(t);
      }
    }
  });

  it('SPEC §7 a deadline is provisional exactly when a counted day lies after 2026', () => {
    for (const { cal, after, n } of cases) {
      const due = dueAfterWorkingDays(cal, after, n);
      expect(due.provisional).toBe(due.dueDate >= '2027-01-01');
    }
  });

  it('R-16.1 one calendar month later: same day number or the month end, never before X', () => {
    for (const { after } of cases) {
      const x = shanghaiDate(after);
      const due = addCalendarMonths(after, 1).dueDate;
      const [y, m, d] = x.split('-').map(Number) as [number, number, number];
      const [dy, dm, dd] = due.split('-').map(Number) as [number, number, number];
      expect(dy * 12 + dm - (y * 12 + m)).toBe(1);
      const monthEnd = new Date(Date.UTC(dy, dm, 0)).getUTCDate();
      expect(dd).toBe(Math.min(d, monthEnd));
    }
  });

  it('recomputeDue over a JSON round-trip of the anchor equals the direct computation', () => {
    for (const { cal, after, n } of cases.slice(0, 100)) {
      const anchor = JSON.parse(JSON.stringify({ kind: 'workingDays', from: after.toISOString(), days: n })) as DeadlineAnchor;
      expect(recomputeDue(cal, anchor)).toEqual(dueAfterWorkingDays(cal, after, n));
    }
  });
});
