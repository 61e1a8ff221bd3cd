/**
 * One durable workflow per activity (SPEC §3). Deterministic: time comes from the workflow
 * clock, deadlines from activities, and every decision is recorded in history.
 */
import {
  ActivityFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DeadlineState, LifecycleState, Stage } from '../libs/domain/lifecycle.js';
import { stateQuery, type LifecycleInput } from './definitions.js';
import { IsOverdueKey, NextDeadlineKey, StageKey } from './search-attributes.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Bounded retries: the registering transaction commits within seconds or never. */
const registration = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 12 },
});

export async function activityLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  const state: LifecycleState = {
    activityId: input.activityId,
    stage: 'AWAITING_END',
    isMajor: input.isMajor,
    permanent: input.permanent,
    endAt: input.endAt,
    revisionCount: 0,
    deadlines: [],
    escalations: [],
  };
  // Handlers first, so a message that arrives early is never lost.
  setHandler(stateQuery, () => state);

  try {
    await registration.confirmActivityRecorded(input.activityId);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('activity row never committed; closing the orphaned lifecycle', { activityId: input.activityId });
    await enterStage(state, 'CLOSED');
    return state;
  }

  const untilEnd = Date.parse(input.endAt) - Date.now();
  if (untilEnd > 0) {
    await sleep(untilEnd, { summary: `Wait for the activity to end at ${input.endAt}` });
  }
  await enterStage(state, 'DRAFTING');

  const computed = await acts.computeEndDeadlines(input.endAt);
  state.deadlines = computed.map((d) => ({ ...d, status: 'pending', metAt: null }));
  publishDeadlines(state);

  await Promise.all(state.deadlines.map((d) => watchDeadline(state, d)));
  // Later steps (review, archive, feedback, retention) wait on messages; until those arrive
  // the lifecycle stays open.
  await condition(() => state.stage === 'CLOSED');
  return state;
}

async function enterStage(state: LifecycleState, stage: Stage): Promise<void> {
  state.stage = stage;
  upsertSearchAttributes([{ key: StageKey, value: stage }]);
  await acts.recordStage(state.activityId, stage);
}

/** A durable timer per deadline; an overdue deadline is recorded once, with the time it fired. */
async function watchDeadline(state: LifecycleState, deadline: DeadlineState): Promise<void> {
  const wait = Date.parse(deadline.dueAt) - Date.now();
  if (wait > 0) {
    const met = await condition(() => deadline.status !== 'pending', wait);
    if (met) return;
  }
  if (deadline.status !== 'pending') return;
  deadline.status = 'overdue';
  state.escalations.push({ deadlineKey: deadline.key, recipients: [], firedAt: new Date().toISOString() });
  publishDeadlines(state);
}

function publishDeadlines(state: LifecycleState): void {
  const pending = state.deadlines.filter((d) => d.status === 'pending').map((d) => Date.parse(d.dueAt));
  const next = pending.length ? new Date(Math.min(...pending)) : null;
  upsertSearchAttributes([
    { key: NextDeadlineKey, value: next },
    { key: IsOverdueKey, value: state.deadlines.some((d) => d.status === 'overdue') },
  ]);
}
