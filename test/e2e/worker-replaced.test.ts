/**
 * SPEC §3 a worker replaced mid-lifecycle continues where the last one stopped, sending nothing
 * twice — on the real dev server, whose sticky queues time out (the time-skipping test server's
 * do not, so this lives here rather than in test/workflows). The end's step and the wakes run as
 * local activities first; the worker replacing a stopped one replays their markers and must not
 * fire anything again: the lifecycle's own record of what it fired is checked, not only the rows
 * (whose dedupe keys are unique anyway). Stops here are graceful (the worker runs in this
 * process); a worker killed in the middle of a step is the chaos run's subject (chaos/run.ts).
 * The database is shared with other suites: everything is filtered by this suite's activity.
 */
import { temporal } from '@temporalio/proto';
import { activityBody } from '../support/builders.js';
import { activityTypeOf } from '../support/history-events.js';
import * as fixtures from './support/fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

async function escalations(activityId: string) {
  return (await stack.dataSource.query(
    `SELECT deadline_key AS key, kind, occurrence, resolved_at AS "resolvedAt"
       FROM escalations WHERE activity_id = $1 ORDER BY deadline_key`,
    [activityId],
  )) as Array<{ key: string; kind: string; occurrence: number; resolvedAt: Date | null }>;
}

it('SPEC §3 R-7.1 a worker stopped at the wave and another started: three escalations once each, the next message taken', async () => {
  // Ended 30 days ago: the end's deadlines and their three overdue escalations come at once.
  const res = await stack.as('staff')('POST', '/api/activities', activityBody({ startAt: daysAgo(31), endAt: daysAgo(30) }));
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  // Another worker takes over right after the registration (whatever of the first task was done).
  await stack.stopWorker();
  await stack.startWorker();
  const overdue = await eventually(
    () => escalations(id),
    (rows) => rows.length === 3,
  );
  expect(overdue.map((r) => [r.key, r.kind, r.occurrence])).toEqual([
    ['baseData', 'overdue', 1],
    ['draft', 'overdue', 1],
    ['final', 'overdue', 1],
  ]);

  // Replaced again between wakes: the next worker replays the markers, sends nothing again, takes the base data.
  await stack.stopWorker();
  await stack.startWorker();
  await fixtures.recordBaseData(stack, id);
  const after = await eventually(
    () => escalations(id),
    (rows) => rows.find((r) => r.key === 'baseData')?.resolvedAt != null,
  );
  expect(after).toHaveLength(3);
  const lifecycle = (await stack.as('staff')('GET', `/api/activities/${id}`)).body.lifecycle as {
    deadlines: Array<{ key: string; status: string }>;
    escalations: Array<{ deadlineKey: string; occurrence: number; kind: string }>;
  };
  // The history: the wave's notices sent by one step that completed (a local marker with its
  // answer, or the durable activity), and no workflow task that failed on replay.
  const events = (await stack.client.workflow.getHandle(res.body.workflowId as string).fetchHistory()).events ?? [];
  const scheduledNotify = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyDeadlinesAndProject')
      .map((e) => String(e.eventId)),
  );
  const localNotify = events.filter((e) => e.markerRecordedEventAttributes && activityTypeOf(e) === 'notifyDeadlinesAndProject');
  const durableNotify = events.filter((e) => scheduledNotify.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)));
  expect(localNotify.length + durableNotify.length).toBe(1);
  expect(events.filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toHaveLength(0);
  // What the lifecycle itself recorded as fired: each overdue step once, across both replacements.
  expect(lifecycle.escalations.map((e) => `${e.kind}:${e.deadlineKey}#${e.occurrence}`).sort()).toEqual([
    'overdue:baseData#1',
    'overdue:draft#1',
    'overdue:final#1',
  ]);
  expect(lifecycle.deadlines.map((d) => [d.key, d.status])).toEqual([
    ['baseData', 'met'],
    ['draft', 'overdue'],
    ['final', 'overdue'],
  ]);
  const inbox = (await stack.dataSource.query(
    `SELECT count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys FROM notifications WHERE activity_id = $1`,
    [id],
  )) as [{ n: number; keys: number }];
  expect(inbox[0].n).toBeGreaterThan(0);
  expect(inbox[0].n).toBe(inbox[0].keys);
});
