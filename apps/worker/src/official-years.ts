/**
 * A newly published official year (SPEC §3: "next year's holidays get published"). The official
 * schedules come with the `chinese-days` package (libs/calendar/official-data.ts), so a new year
 * arrives with a deployment, or sooner when an admin imports it (`PUT /api/calendar/official-years/:year`,
 * which announces it itself): at start the worker compares the calendar's official years with the
 * set recorded in `calendar_official_years` and, when they differ, tells every running lifecycle
 * (`calendarChanged`) to recompute its deadlines, which were provisional in that year.
 */
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { officialYearsWith } from '../../../libs/calendar/index.js';
import { CalendarOverrideStore } from '../../../libs/calendar-store/store.js';
import type { AppConfig } from '../../../libs/config/config.js';
import { signalCalendarChanged } from '../../../libs/temporal/calendar-changed.js';
import { temporalConnectionOptions } from '../../../libs/temporal/connection-options.js';

export interface OfficialYearsDeps {
  db: Pick<DataSource, 'query'>;
  /** The calendar's official years (`loadOfficialData().years`). */
  officialYears: readonly number[];
  /** Tells every running lifecycle; returns how many got it (`signalCalendarChanged`). */
  announce: (reason: string) => Promise<number>;
}

export interface OfficialYearsResult {
  /** Official now, not recorded before (all of them on a first start with an empty table). */
  published: number[];
  /** Recorded, but no longer official (older package data deployed): provisional again. */
  withdrawn: number[];
  /** The `calendarChanged` reason sent, or null when nothing changed. */
  reason: string | null;
  signalled: number;
}

/**
 * Signals first, records after: a crash in between leaves the table as it was, so the next start
 * signals again (a repeated `calendarChanged` only recomputes again) rather than never. Two
 * workers starting together both signal; the inserts do not conflict.
 */
export async function announceOfficialYears({ db, officialYears, announce }: OfficialYearsDeps): Promise<OfficialYearsResult> {
  const rows = (await db.query(`SELECT year FROM calendar_official_years`)) as Array<{ year: number }>;
  const recorded = new Set(rows.map((r) => Number(r.year)));
  const official = new Set(officialYears);
  const published = [...official].filter((y) => !recorded.has(y)).sort((a, b) => a - b);
  const withdrawn = [...recorded].filter((y) => !official.has(y)).sort((a, b) => a - b);
  if (!published.length && !withdrawn.length) return { published, withdrawn, reason: null, signalled: 0 };

  const reason = [
    ...(published.length ? [`official schedule published for ${describeYears(published)}`] : []),
    ...(withdrawn.length ? [`official schedule withdrawn for ${describeYears(withdrawn)}`] : []),
  ].join('; ');
  const signalled = await announce(reason);
  if (published.length) {
    await db.query(`INSERT INTO calendar_official_years (year) SELECT unnest($1::int[]) ON CONFLICT (year) DO NOTHING`, [published]);
  }
  if (withdrawn.length) await db.query(`DELETE FROM calendar_official_years WHERE year = ANY($1::int[])`, [withdrawn]);
  return { published, withdrawn, reason, signalled };
}

/** "2027", "2026, 2028", "2004–2026": consecutive years as a range. */
export function describeYears(years: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${years[i]}–${years[j]}` : years.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

export interface StartUpLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** The worker's start-up check: its own client for the signals, closed when done. */
export async function checkOfficialYears(config: AppConfig, dataSource: DataSource, log: StartUpLogger): Promise<OfficialYearsResult> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const result = await announceOfficialYears({
      db: dataSource,
      // The package's years and those an admin imported (recorded by the import itself).
      officialYears: officialYearsWith(await new CalendarOverrideStore(dataSource).importedYears()),
      announce: (reason) =>
        signalCalendarChanged(client, reason, {
          onUndelivered: (workflowId, err) => log.warn(`calendarChanged not delivered to ${workflowId}: ${String(err)}`),
        }),
    });
    if (result.reason) log.info(`calendar: ${result.reason}; calendarChanged sent to ${result.signalled} running lifecycle workflow(s)`);
    return result;
  } finally {
    await connection.close();
  }
}
