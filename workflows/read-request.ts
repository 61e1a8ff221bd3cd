/**
 * One small durable workflow per read request, `read-request-<id>`: it waits for each
 * approver's decision (an update with a validator, so the API answers synchronously with the new
 * state), reminds an approver who lets a step wait more than 3 working days, and once granted
 * holds a durable timer that revokes the grant at expiry. The rules are the pure module
 * read-request-rules.ts; the working-day arithmetic, the projection and the reminder are activities.
 */
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ReadRequestActivities } from '../activities/read-request.activities.js';
import { decideUpdate, READ_REQUEST_REFUSED, readRequestStateQuery } from './read-request-definitions.js';
import {
  applyDecision,
  decisionRefusal,
  expireGrant,
  newReadRequestState,
  recordReminder,
  type ReadRequestInput,
  type ReadRequestState,
} from './read-request-rules.js';

/**
 * The projection an update waits for before it answers: a few quick tries inside the API's
 * deadline. Should they all fail, the decision stands and the main loop projects it again.
 */
const whileAnswering = proxyActivities<ReadRequestActivities>({
  startToCloseTimeout: '2 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** Everything nobody waits on: retried without limit (a try at least every minute) through outages. */
const durable = proxyActivities<ReadRequestActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const msUntil = (iso: string): number => Math.max(1, Date.parse(iso) - Date.now());

export async function readRequest(input: ReadRequestInput): Promise<ReadRequestState> {
  const workflowId = workflowInfo().workflowId;
  let state = newReadRequestState(input);
  /** The newest state whose projection may not have landed (an update's quick tries all failed). */
  let unprojected = false;

  setHandler(readRequestStateQuery, () => state);
  setHandler(
    decideUpdate,
    async (d) => {
      // Handlers take turns with the validator of the next update only after this synchronous part.
      const refusal = decisionRefusal(state, input, d.actor);
      if (refusal)
        throw ApplicationFailure.create({ type: READ_REQUEST_REFUSED, message: refusal.message, details: [refusal], nonRetryable: true });
      state = applyDecision(state, input, d, new Date().toISOString(), uuid4());
      const answered = state;
      try {
        await whileAnswering.projectReadRequest(input, answered);
      } catch {
        unprojected = true;
      }
      return answered;
    },
    {
      validator: (d) => {
        const refusal = decisionRefusal(state, input, d.actor);
        if (refusal)
          throw ApplicationFailure.create({ type: READ_REQUEST_REFUSED, message: refusal.message, details: [refusal], nonRetryable: true });
      },
    },
  );

  const catchUp = async () => {
    if (!unprojected) return;
    unprojected = false;
    await durable.projectReadRequest(input, state);
  };

  await durable.projectReadRequest(input, state);

  while (state.status === 'pending') {
    await catchUp();
    const step = state.currentStep!;
    const moved = () => state.status !== 'pending' || state.currentStep !== step;
    const { remindAt } = await durable.readReminderDue({ from: state.waitingSince!, workingDays: input.remindAfterWorkingDays });
    if (await condition(moved, msUntil(remindAt))) continue;
    await durable.remindReadApprover({ workflowId, input, step, dueAt: remindAt });
    state = recordReminder(state, step, new Date().toISOString());
    await durable.projectReadRequest(input, state);
    await condition(moved);
  }

  await catchUp();
  if (state.status === 'granted') {
    const granted = state;
    const revokedEarly = await condition(() => state.status !== 'granted', msUntil(granted.grant!.expiresAt));
    if (!revokedEarly) {
      state = expireGrant(state, new Date().toISOString());
      await durable.projectReadRequest(input, state);
    }
  }
  await condition(allHandlersFinished);
  return state;
}
