/**
 * Issue #16 item 4, the history budget: every event of a lifecycle's history is a write on the
 * Temporal server (and a deadline wave fires thousands at once), so the two paths that matter
 * are counted on freshly recorded histories and must stay within their budgets:
 *   - on time, from registration to RETAINED (where the run continues as new): ≤ 130 events;
 *   - the worst path: a major activity returned three times at level 1, the special meeting
 *     overdue then held (revise), the revision approved to the final version, archived, feedback,
 *     RETAINED: ≤ 300 events.
 * The count per event type is printed, so a change shows where events come from.
 */
import { writeFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import type { LifecycleInput } from '../../workflows/definitions.js';
import { recordActivity, startTimeSkipping } from './support/env.js';
import { LifecycleDriver } from './support/lifecycle-driver.js';

const ON_TIME_BUDGET = 130;
const WORST_PATH_BUDGET = 300;

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => {
  t = await startTimeSkipping();
});
afterAll(async () => {
  await t?.stop();
});

async function justEnded(overrides: Partial<LifecycleInput> = {}): Promise<LifecycleDriver> {
  const endAt = new Date((await t.env.currentTimeMs()) - 3_600_000).toISOString();
  const input = await recordActivity(t.dataSource, { endAt, ...overrides });
  const driver = await LifecycleDriver.start(t.env, t.taskQueue, input);
  await driver.until((s) => s.deadlines.length === 3);
  return driver;
}

/** Sends the feedback that retains the summary, then returns the first run's history once it continued as new. */
async function retainAndFetchFirstRun(d: LifecycleDriver, recordAs?: string): Promise<temporal.api.history.v1.IHistory> {
  const firstRunId = (await d.handle.describe()).runId;
  const s: LifecycleState = await d.feedback();
  expect(s.stage).toBe('RETAINED');
  const first = t.env.client.workflow.getHandle(d.handle.workflowId, firstRunId);
  for (let i = 0; i < 50 && (await first.describe()).status.name === 'RUNNING'; i++) await t.env.sleep('1 second');
  expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
  if (recordAs) await d.recordHistory(recordAs, firstRunId);
  return first.fetchHistory();
}

/** Events per type (without the `EVENT_TYPE_` prefix), with activities by name and markers by kind. */
function countByType(history: temporal.api.history.v1.IHistory): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  for (const e of history.events ?? []) {
    add(String(temporal.api.enums.v1.EventType[Number(e.eventType)]).replace('EVENT_TYPE_', ''));
    const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) add(`  activity ${activity}`);
    const marker = e.markerRecordedEventAttributes?.markerName;
    if (marker) add(`  marker ${marker}`);
  }
  return counts;
}

function report(name: string, history: temporal.api.history.v1.IHistory, budget: number): number {
  const total = history.events?.length ?? 0;
  if (process.env.DUMP_HISTORY) {
    const json = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
      longs: String,
      enums: String,
      bytes: String,
    });
    writeFileSync(`${process.env.DUMP_HISTORY}-${name.split(' ')[0]}.json`, JSON.stringify(json, null, 1));
  }
  const lines = Object.entries(countByType(history)).map(([k, n]) => `${String(n).padStart(4)}  ${k}`);
  console.log(`${name}: ${total} events (budget ${budget})\n${lines.join('\n')}`);
  return total;
}

describe('history budget (issue #16 item 4)', () => {
  it(`the on-time path up to RETAINED stays within ${ON_TIME_BUDGET} events`, async () => {
    const d = await justEnded();
    await d.baseData();
    expect((await d.submit()).stage).toBe('IN_REVIEW_L1');
    expect((await d.approveAll()).stage).toBe('ARCHIVING');
    await d.archive('paper');
    expect((await d.archive('electronic')).stage).toBe('FEEDBACK');
    const history = await retainAndFetchFirstRun(d);
    const total = report('on time until RETAINED', history, ON_TIME_BUDGET);
    expect(total).toBeLessThanOrEqual(ON_TIME_BUDGET);
  });

  it(`the worst path (three returns, overdue special meeting, revision to RETAINED) stays within ${WORST_PATH_BUDGET} events`, async () => {
    const d = await justEnded({ isMajor: true });
    await d.submit();
    for (let i = 0; i < 2; i++) {
      await d.review(1, 'return');
      await d.submit();
    }
    expect((await d.review(1, 'return')).stage).toBe('AWAITING_SPECIAL_MEETING');
    // Nobody meets in time: the reminder, then the overdue escalation to the VP and SG.
    await d.until((x) => d.deadline(x, 'specialMeeting').status === 'overdue', '6 hours');
    const meetingDate = new Date((await t.env.currentTimeMs()) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await d.meeting('revise', meetingDate)).stage).toBe('REVISING');
    expect((await d.submit()).stage).toBe('IN_REVIEW_L1');
    expect((await d.approveAll()).stage).toBe('ARCHIVING');
    await d.archive('paper');
    expect((await d.archive('electronic')).stage).toBe('FEEDBACK');
    const history = await retainAndFetchFirstRun(d, 'local-steps-major-three-returns-overdue-meeting-until-retained');
    const total = report('worst path until RETAINED', history, WORST_PATH_BUDGET);
    expect(total).toBeLessThanOrEqual(WORST_PATH_BUDGET);
  });
});
