/**
 * Exactly-once delivery key. The activity that sends records this key (unique index) before or
 * with the send, so a retried activity, a crashed worker or a replayed workflow finds the key
 * and does not send again. Uses node:crypto: call it in activities, not in workflow code.
 */
import { createHash } from 'node:crypto';
import type { DeadlineKey } from '../domain/lifecycle.js';
import type { NotifyKind } from './recipients.js';

export type NotifyChannel = 'inbox' | 'email' | 'wecom' | 'dingtalk' | 'feishu';

export interface DedupeInput {
  /** Temporal workflow id: one workflow per activity, so this names the activity. */
  workflowId: string;
  deadlineKey: DeadlineKey;
  kind: NotifyKind;
  /**
   * Who receives it: a user id for `inbox` and `email`; for a group robot the group itself
   * (e.g. `'group'`), since one robot message per event reaches everyone in the group.
   */
  recipient: string;
  channel: NotifyChannel;
  /**
   * Which instance of a deadline that can recur: 1 for the first revision deadline, 2 for the
   * second, … Omitted means 1, so adding it later does not change existing keys.
   */
  occurrence?: number;
}

/** Bump only if the key's meaning changes; old keys then stop matching, which resends. */
const VERSION = 'n1';

/**
 * `n1-` + the first 32 hex digits (128 bits) of the SHA-256 of the fields as a JSON array:
 * JSON keeps fields apart (no "a|b" + "c" = "a" + "b|c" collisions), the hash keeps the key
 * short and free of personal data, and 128 bits make collisions negligible.
 */
export function dedupeKey(input: DedupeInput): string {
  const occurrence = input.occurrence ?? 1;
  if (!Number.isInteger(occurrence) || occurrence < 1) {
    throw new RangeError(`occurrence must be a positive integer, got ${occurrence}`);
  }
  const canonical = JSON.stringify([VERSION, input.workflowId, input.deadlineKey, input.kind, input.recipient, input.channel, occurrence]);
  return `${VERSION}-${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * A digest's key, `g1-` + 128 bits like `dedupeKey`: for a batch digest from its channel,
 * recipient and the ledger rows it takes, for a daily one from its day, channel, recipient and
 * part. Unique in notification_digests, and the digest e-mail's Message-ID.
 */
export function digestKey(fields: ReadonlyArray<string | number>): string {
  return `g1-${createHash('sha256')
    .update(JSON.stringify(['g1', ...fields]), 'utf8')
    .digest('hex')
    .slice(0, 32)}`;
}
