/**
 * A newly published official year reaches running lifecycles: the worker's start-up check
 * (apps/worker/src/official-years.ts) compares the calendar's official years with
 * calendar_official_years and signals every running lifecycle `calendarChanged`, which recomputes
 * its pending deadlines. Real dev server and PostgreSQL; the table is shared with other suites,
 * none of which use it.
 */
import type { temporal } from '@temporalio/proto';
import { checkOfficialYears } from '../../apps/worker/src/official-years.js';
import { loadOfficialData, officialYearsWith } from '../../libs/calendar/index.js';
import { CalendarOverrideStore } from '../../libs/calendar-store/store.js';
import { activityBody } from '../support/builders.js';
import { activityTypeOf } from '../support/history-events.js';
import { eventually, startStack, type Stack } from './support/stack.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { info: () => undefined, warn: () => undefined };

describe('a newly published official year (SPEC §3: a deadline a calendar change moves is recomputed)', () => {
  let stack: Stack;
  let workflowId: string;
  const years = loadOfficialData().years;
  const latest = years.at(-1)!;
  /** A year far off, which no other suite's deadline reaches. */
  const IMPORTED = 2090;
  const NOTICE = {
    source: '国务院办公厅关于2090年部分节假日安排的通知（测试）',
    holidays: [
      { date: '2090-01-27', nameZh: '春节', name: 'Spring Festival' },
      { date: '2090-01-30', nameZh: '春节', name: 'Spring Festival' },
      { date: '2090-10-02', nameZh: '国庆节', name: 'National Day' },
    ],
    workdays: [{ date: '2090-02-04', nameZh: '春节' }],
  };

  const history = async (): Promise<HistoryEvent[]> => (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  /** The reasons of the calendarChanged signals in the history, in order. */
  const calendarSignals = (events: HistoryEvent[]): string[] =>
    events
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'calendarChanged')
      .map((a) => (JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')) as { reason: string }).reason);
  /** Deadlines computed: alone (a recompute), or with the projection of the state they open (the end, with the row's check). */
  const computes = (e: HistoryEvent) =>
    ['computeDeadlines', 'computeDeadlinesAndProject', 'confirmRecordedAndComputeDeadlines'].includes(activityTypeOf(e));
  /** computeDeadlines scheduled after the last calendarChanged signal: the recompute it asked for. */
  const recomputedAfterLastSignal = (events: HistoryEvent[]): boolean => {
    const last = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged');
    return last >= 0 && events.slice(last).some(computes);
  };
  const recorded = async () => {
    const rows = (await stack.dataSource.query(`SELECT year FROM calendar_official_years ORDER BY year`)) as Array<{ year: number }>;
    return rows.map((r) => r.year);
  };

  beforeAll(async () => {
    stack = await startStack();
    // Ended an hour ago: in DRAFTING, with pending deadlines to recompute.
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const res = await stack.as('staff')('POST', '/api/activities', activityBody({ startAt: hoursAgo(3), endAt: hoursAgo(1) }));
    expect(res.status).toBe(201);
    workflowId = res.body.workflowId as string;
    // The check lists running lifecycles through visibility, which trails the start a little.
    await eventually(
      async () => (await stack.client.workflow.count(`WorkflowId = "${workflowId}" AND ExecutionStatus = "Running"`)).count,
      (n) => n === 1,
    );
    await eventually(history, (events) => events.some(computes));
  });
  afterAll(async () => {
    // The import test's year goes again: the table is shared with the suites that run after this one.
    await stack?.dataSource.query(`DELETE FROM calendar_official_imports WHERE year = $1`, [IMPORTED]);
    await stack?.dataSource.query(`DELETE FROM calendar_official_years WHERE year = $1`, [IMPORTED]);
    await stack?.stop();
  });

  it('records every official year on a first start (empty table) and signals running lifecycles too', async () => {
    await stack.dataSource.query(`DELETE FROM calendar_official_years`);
    const result = await checkOfficialYears(stack.config, stack.dataSource, quiet);
    expect(result).toMatchObject({
      published: years,
      withdrawn: [],
      reason: expect.stringMatching(/^official schedule published for \d{4}/),
    });
    expect(result.signalled).toBeGreaterThanOrEqual(1);
    expect(await recorded()).toEqual(years);
    // A signal that arrives during a workflow task is written to history when the task completes.
    const events = await eventually(history, (es) => calendarSignals(es).length > 0 && recomputedAfterLastSignal(es));
    expect(calendarSignals(events)).toEqual([result.reason]);
  });

  it('signals a running lifecycle about a year missing from the stored set (it recomputes its deadlines), then stores it', async () => {
    await stack.dataSource.query(`DELETE FROM calendar_official_years WHERE year = $1`, [latest]);
    const before = calendarSignals(await history()).length;

    const result = await checkOfficialYears(stack.config, stack.dataSource, quiet);
    expect(result).toMatchObject({ published: [latest], withdrawn: [], reason: `official schedule published for ${latest}` });
    expect(result.signalled).toBeGreaterThanOrEqual(1);
    expect(await recorded()).toEqual(years);

    const events = await eventually(history, (es) => calendarSignals(es).length > before && recomputedAfterLastSignal(es));
    expect(calendarSignals(events).slice(before)).toEqual([`official schedule published for ${latest}`]);
  });

  it('signals nothing on a second run: the stored set equals the calendar’s', async () => {
    const signals = calendarSignals(await history());
    const result = await checkOfficialYears(stack.config, stack.dataSource, quiet);
    expect(result).toEqual({ published: [], withdrawn: [], reason: null, signalled: 0 });
    await sleep(1_000);
    expect(calendarSignals(await history())).toEqual(signals);
    expect(await recorded()).toEqual(years);
  });

  it('SPEC §3 an admin imports a year from the notice: official at once, lifecycles recompute, the start-up check agrees', async () => {
    const before = calendarSignals(await history()).length;
    expect((await stack.as('admin')('GET', `/api/calendar?year=${IMPORTED}`)).body.official).toBe(false);

    const res = await stack.as('admin')('PUT', `/api/calendar/official-years/${IMPORTED}`, NOTICE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: IMPORTED, official: true, source: expect.stringContaining(`${IMPORTED}: ${NOTICE.source}`) });
    expect(res.body.workflowsSignalled).toBeGreaterThanOrEqual(1);
    const day = (date: string) => (res.body.days as Array<{ date: string }>).find((d) => d.date === date);
    // 2090-01-30 and 2090-10-02 are weekdays the notice gives off; 2090-02-04 is a Saturday it makes a working day.
    expect(day('2090-01-30')).toMatchObject({ working: false, source: 'official', provisional: false, nameZh: '春节' });
    expect(day('2090-10-02')).toMatchObject({ working: false, source: 'official', nameZh: '国庆节' });
    expect(day('2090-02-04')).toMatchObject({ working: true, source: 'official' });

    const events = await eventually(history, (es) => calendarSignals(es).length > before && recomputedAfterLastSignal(es));
    expect(calendarSignals(events).slice(before)).toEqual([`calendar official year ${IMPORTED} imported (${NOTICE.source})`]);
    expect(await recorded()).toContain(IMPORTED);
    // A worker starting now finds the year recorded and official: nothing to announce, nothing withdrawn.
    expect(officialYearsWith(await new CalendarOverrideStore(stack.dataSource).importedYears())).toContain(IMPORTED);
    expect(await checkOfficialYears(stack.config, stack.dataSource, quiet)).toEqual({
      published: [],
      withdrawn: [],
      reason: null,
      signalled: 0,
    });

    // A corrected notice replaces the import; the audit names who imported which year.
    const corrected = { ...NOTICE, holidays: [...NOTICE.holidays, { date: '2090-10-03', nameZh: '国庆节' }] };
    const again = await stack.as('admin')('PUT', `/api/calendar/official-years/${IMPORTED}`, corrected);
    expect(again.status).toBe(200);
    expect((again.body.days as Array<{ date: string; working: boolean }>).find((d) => d.date === '2090-10-03')?.working).toBe(false);
    const audit = (await stack.dataSource.query(
      `SELECT actor_role, target_id FROM audit_log WHERE action = 'calendar.official_year.import' ORDER BY id DESC LIMIT 1`,
    )) as Array<{ actor_role: string; target_id: string }>;
    expect(audit[0]).toEqual({ actor_role: 'admin', target_id: String(IMPORTED) });
  });

  it('refuses a year the calendar data has (409), a day outside the year or no 国庆节 (400), and anyone but admin (403)', async () => {
    const official = await stack.as('admin')('PUT', `/api/calendar/official-years/${latest}`, { ...NOTICE, holidays: [] });
    expect(official.status).toBe(400); // at least one holiday
    const already = await stack.as('admin')('PUT', `/api/calendar/official-years/${latest}`, {
      ...NOTICE,
      holidays: [{ date: `${latest}-10-01`, nameZh: '国庆节' }],
    });
    expect(already).toMatchObject({
      status: 409,
      body: { code: 'CALENDAR_CONFLICT', details: [expect.objectContaining({ field: 'year' })] },
    });

    const outside = await stack.as('admin')('PUT', '/api/calendar/official-years/2089', NOTICE);
    expect(outside).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ field: 'holidays[0].date' })] } });
    const noNationalDay = await stack.as('admin')('PUT', '/api/calendar/official-years/2089', {
      ...NOTICE,
      holidays: [{ date: '2089-02-10', nameZh: '春节' }],
      workdays: [],
    });
    expect(noNationalDay).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ field: 'holidays' })] } });
    expect((await stack.as('vp')('PUT', '/api/calendar/official-years/2089', NOTICE)).status).toBe(403);
    expect(await stack.dataSource.query(`SELECT year FROM calendar_official_imports WHERE year = 2089`)).toEqual([]);
  });
});
