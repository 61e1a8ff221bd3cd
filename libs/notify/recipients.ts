/**
 * Who is told of what (SPEC §3). The rule itself lives in the lifecycle machine
 * (`recipientRules`); this module names it for the notification code. Returns roles, not people:
 * the caller resolves them against the user directory when the message is sent, so a change of
 * department head between the deadline being set and it passing reaches the new head.
 */
import type { DeadlineKey, Stage } from '../domain/lifecycle.js';
import { recipientRules, type RecipientRule } from '../domain/lifecycle-machine.js';
import { ROLE_LABELS_ZH } from '../domain/roles.js';

export type { DeadlineKey, RecipientRule };
export type NotifyKind = 'overdue' | 'reminder';

/**
 * The rules of one notice. A reminder goes to whoever holds the summary in `stage` (notices
 * scheduled before the stage was sent along fall back to the stage the deadline belongs to).
 */
export function recipientRolesFor(deadlineKey: DeadlineKey, kind: NotifyKind, stage: Stage = STAGE_OF[deadlineKey]): RecipientRule[] {
  return recipientRules(deadlineKey, kind, stage);
}

/** The stage in which each deadline is normally met. */
const STAGE_OF: Record<DeadlineKey, Stage> = {
  baseData: 'DRAFTING',
  draft: 'DRAFTING',
  revision: 'REVISING',
  final: 'IN_REVIEW_L3',
  specialMeeting: 'AWAITING_SPECIAL_MEETING',
  archive: 'ARCHIVING',
  feedback: 'FEEDBACK',
  retention: 'RETAINED',
};

/** e.g. "主办部门负责人、行政部" for the rules of one notification. */
export function describeRecipients(rules: readonly RecipientRule[]): string {
  return rules.map((r) => (r.headOnly ? `${ROLE_LABELS_ZH[r.role]}负责人` : ROLE_LABELS_ZH[r.role])).join('、');
}
