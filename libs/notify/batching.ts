/**
 * Storm control for e-mail and robots (issue #16): per recipient and channel, at most `limit`
 * messages within any `windowMs`. Escalations beyond that are held in the ledger and go out
 * together as one digest as soon as the window has room for one more message. The inbox is not
 * limited: it keeps every item. Pure (times in epoch milliseconds, the clock passed in).
 */
import type { NotifyChannel } from './dedupe.js';

export interface BatchPolicy {
  /** Messages per recipient and channel within the window; `Infinity` turns batching off. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { limit: 5, windowMs: 600_000 };

/** The unit the limit counts: one person's mailbox, or one group robot (recipient `group`). */
export function rateKey(channel: NotifyChannel, recipient: string): string {
  return `${channel}:${recipient}`;
}

/** Messages (individual ones and digests) sent within the window that ends at `now`. */
export function inWindow(recent: readonly number[], now: number, policy: BatchPolicy): number {
  return recent.filter((t) => t > now - policy.windowMs && t <= now).length;
}

/**
 * An escalation's e-mail or robot message goes out on its own (`send`) while fewer than `limit`
 * messages went to the same recipient on the channel in the last `windowMs`; otherwise it waits
 * for a digest (`hold`).
 */
export function batchDecision(recent: readonly number[], now: number, policy: BatchPolicy): 'send' | 'hold' {
  if (!Number.isFinite(policy.limit)) return 'send';
  return inWindow(recent, now, policy) < policy.limit ? 'send' : 'hold';
}

/**
 * When the window has room for one more message, i.e. when held items may go out as a digest:
 * `now` when it has room already, else the time the `limit`-th newest message leaves the window.
 */
export function windowOpensAt(recent: readonly number[], now: number, policy: BatchPolicy): number {
  if (batchDecision(recent, now, policy) === 'send') return now;
  const newest = recent.filter((t) => t > now - policy.windowMs && t <= now).sort((a, b) => b - a);
  return newest[policy.limit - 1]! + policy.windowMs;
}
