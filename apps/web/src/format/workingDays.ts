/**
 * Working days between today and a due date, counted on the API's working-day calendar
 * (official holidays, make-up working days, the association's closures): never calendar days.
 */
import { useQueries } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { dayjs, shanghaiDay } from './dates';

export interface WorkingDaysUntil {
  /** Working days after today up to the due day (> 0 remaining), or after the due day up to today (< 0 overdue). */
  days: number;
  provisional: boolean;
}

/** today → due day: the calendar years they need (this year and the next two cover every open deadline but retention). */
export function useWorkingDays(): (dueAt: string) => WorkingDaysUntil | null {
  const year = Number(shanghaiDay().slice(0, 4));
  const years = [year - 1, year, year + 1];
  const results = useQueries({
    queries: years.map((y) => ({
      queryKey: ['calendar', y],
      queryFn: () => call(api.GET('/api/calendar', { params: { query: { year: y } } })),
      staleTime: 10 * 60_000,
    })),
  });
  const days = results.flatMap((r) => r.data?.days ?? []);
  const ready = results.every((r) => r.data);
  return (dueAt: string) => {
    if (!ready) return null;
    const today = shanghaiDay();
    const due = shanghaiDay(dueAt);
    const [lo, hi] = today <= due ? [today, due] : [due, today];
    if (!days.length || lo < days[0]!.date || hi > days.at(-1)!.date) return null;
    const between = days.filter((d) => d.date > lo && d.date <= hi);
    const count = between.filter((d) => d.working).length;
    return { days: today <= due ? count : -count, provisional: between.some((d) => d.provisional) };
  };
}

/** Calendar days, for a due date beyond the loaded years (retention): only as a fallback label. */
export function calendarDaysUntil(dueAt: string): number {
  return dayjs(shanghaiDay(dueAt)).diff(dayjs(shanghaiDay()), 'day');
}
