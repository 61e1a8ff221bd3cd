/**
 * A newly published official year reaches running lifecycles: the worker's start-up check
 * (apps/worker/src/official-years.ts) compares the calendar's official years with
 * calendar_official_years and signals every running lifecycle `calendarChanged`, which recomputes
 * its pending deadlines. Real dev server and PostgreSQL; the table is shared with other suites,
 * none of which use it.
 */
import type { temporal } from '@temporalio/proto';
import { checkOfficialYears } from '../../apps/worker/src/official-years.js';
import { loadOfficialData } from '../../libs/calendar/index.js';
import { activityBody } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { info: () => undefined, warn: () => undefined };

describe('a newly published official year (SPEC §3: a deadline a calendar change moves is recomputed)', () => {
  let stack: Stack;
  let workflowId: string;
  const years = loadOfficialData().years;
  const latest = years.at(-1)!;

  const history = async (): Promise<HistoryEvent[]> => (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  /** The reasons of the calendarChanged signals in the history, in order. */
  const calendarSignals = (events: HistoryEvent[]): string[] =>
    events
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'calendarChanged')
      .map((a) => (JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')) as { reason: string }).reason);
  /** Deadlines computed: alone (a recompute), or with the projection of the state they open (the end, with the row's check). */
  const computes = (e: HistoryEvent) =>
    ['computeDeadlines', 'computeDeadlinesAndProject', 'confirmRecordedAndComputeDeadlines'].includes(
      e.activityTaskScheduledEventAttributes?.activityType?.name ?? '',
    );
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
});
