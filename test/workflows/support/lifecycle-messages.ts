/**
 * Sending any lifecycle message to a running workflow, as an update or as a signal, and telling
 * its answer apart: accepted (the new state), refused (a MESSAGE_REFUSED ApplicationFailure), or
 * no proper answer (another failure, or none within the time limit).
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MESSAGE_REFUSED, type LifecycleState, type Refusal } from '../../../libs/domain/lifecycle.js';
import type { MessageName } from '../../../libs/domain/lifecycle-machine.js';
import {
  confirmArchiveSignal,
  confirmArchiveUpdate,
  decideDisposalSignal,
  decideDisposalUpdate,
  setPermanentSignal,
  setPermanentUpdate,
  recordSpecialMeetingSignal,
  recordSpecialMeetingUpdate,
  reviewSignal,
  reviewUpdate,
  submitBaseDataSignal,
  submitBaseDataUpdate,
  submitDraftSignal,
  submitDraftUpdate,
  submitFeedbackSignal,
  submitFeedbackUpdate,
} from '../../../workflows/definitions.js';

const UPDATES = {
  submitBaseData: submitBaseDataUpdate,
  submitDraft: submitDraftUpdate,
  review: reviewUpdate,
  recordSpecialMeeting: recordSpecialMeetingUpdate,
  confirmArchive: confirmArchiveUpdate,
  submitFeedback: submitFeedbackUpdate,
  decideDisposal: decideDisposalUpdate,
  setPermanent: setPermanentUpdate,
} as const;

const SIGNALS = {
  submitBaseData: submitBaseDataSignal,
  submitDraft: submitDraftSignal,
  review: reviewSignal,
  recordSpecialMeeting: recordSpecialMeetingSignal,
  confirmArchive: confirmArchiveSignal,
  submitFeedback: submitFeedbackSignal,
  decideDisposal: decideDisposalSignal,
  setPermanent: setPermanentSignal,
} as const;

export type UpdateAnswer =
  | { kind: 'accepted'; state: LifecycleState }
  | { kind: 'refused'; refusal: Refusal }
  /** Not an answer the API can use: a timeout, or a failure that is no MESSAGE_REFUSED. */
  | { kind: 'no answer'; error: string };

/** Resolves with `p`, or rejects once `ms` of real time have passed. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  // A call given up on may still fail later (its server stopped meanwhile): that is no unhandled rejection.
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Sends `body` as the update `name` and classifies the answer (waiting at most `ms`). */
export async function sendUpdate(handle: WorkflowHandle, name: MessageName, body: unknown, ms = 10_000): Promise<UpdateAnswer> {
  try {
    const state = await within(handle.executeUpdate(UPDATES[name] as never, { args: [body] as never }), ms, `update ${name}`);
    return { kind: 'accepted', state: state as LifecycleState };
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === MESSAGE_REFUSED)
      return { kind: 'refused', refusal: cause.details?.[0] as Refusal };
    const detail = cause instanceof ApplicationFailure ? `ApplicationFailure ${cause.type}: ${cause.message}` : String(cause ?? err);
    return { kind: 'no answer', error: detail };
  }
}

/** Sends `body` as the signal `name` (ops' way: no answer comes back). */
export async function sendSignal(handle: WorkflowHandle, name: MessageName, body: unknown): Promise<void> {
  await handle.signal(SIGNALS[name] as never, body as never);
}

/** Polls `read` in real time (time skipping does not move) until `ok`, or gives up after `ms`. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 10_000,
  every = 100,
): Promise<{ value: T; ok: boolean }> {
  const until = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, every));
    value = await read();
  }
  return { value, ok: ok(value) };
}
