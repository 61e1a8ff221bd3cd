/**
 * Who is told of what (SPEC §3). Returns roles, not people: the caller resolves them against the
 * user directory when the message is sent, so a change of department head between the deadline
 * being set and it passing reaches the new head.
 */
import type { DeadlineKey } from '../domain/lifecycle.js';

export type { DeadlineKey };
export type NotifyKind = 'overdue' | 'reminder';
export type RecipientRole = 'dept_head' | 'admin' | 'vp' | 'secretary_general' | 'staff' | 'archivist';
/** `lead_department`: holders of the role in the activity's lead department; `association`: all holders. */
export type RecipientScope = 'lead_department' | 'association';

export interface RecipientRule {
  role: RecipientRole;
  scope: RecipientScope;
  /**
   * Only the head among the role's holders. SPEC §3 sends an overdue archive to the head of
   * administration, while §1 has no separate role for that person; a resolver that cannot tell
   * the head falls back to every holder of the role.
   */
  headOnly?: true;
}

const leadHead: RecipientRule = { role: 'dept_head', scope: 'lead_department' };
const leadStaff: RecipientRule = { role: 'staff', scope: 'lead_department' };
const admin: RecipientRule = { role: 'admin', scope: 'association' };
const adminHead: RecipientRule = { role: 'admin', scope: 'association', headOnly: true };
const vp: RecipientRule = { role: 'vp', scope: 'association' };
const sg: RecipientRule = { role: 'secretary_general', scope: 'association' };
const archivist: RecipientRule = { role: 'archivist', scope: 'association' };

/** Escalation when the deadline passes: the "overdue" column of SPEC §3. */
const OVERDUE: Record<DeadlineKey, readonly RecipientRule[]> = {
  baseData: [leadHead],
  draft: [leadHead, admin],
  revision: [leadHead, admin],
  final: [vp, sg],
  specialMeeting: [vp, sg], // no meeting record after 5 wd
  archive: [adminHead],
  feedback: [leadHead],
  // the end of retention opens the archivist's disposal review; SPEC lists no escalation.
  retention: [],
};

/** Reminder 1 working day before the deadline, to whoever must act on it. */
const REMINDER: Record<DeadlineKey, readonly RecipientRule[]> = {
  baseData: [leadStaff],
  draft: [leadStaff],
  revision: [leadStaff],
  final: [vp, sg], // the final review (L3) is theirs
  specialMeeting: [vp], // the VP convenes and chairs the meeting
  archive: [archivist],
  feedback: [leadStaff],
  retention: [archivist], // the disposal review (destroy or extend) is the archivist's
};

export function recipientRolesFor(deadlineKey: DeadlineKey, kind: NotifyKind): RecipientRule[] {
  const table = kind === 'overdue' ? OVERDUE : REMINDER;
  // Copies, so a caller that edits its list cannot change the table.
  return table[deadlineKey].map((r) => ({ ...r }));
}

/** Chinese names of the roles, for "who must act" lines (SPEC §1). */
export const ROLE_NAMES_ZH: Record<RecipientRole, string> = {
  dept_head: '主办部门负责人',
  admin: '行政部',
  vp: '分管副会长',
  secretary_general: '秘书长',
  staff: '编制人',
  archivist: '专职档案员',
};

/** e.g. "主办部门负责人、行政部" for the rules of one notification. */
export function describeRecipients(rules: readonly RecipientRule[]): string {
  return rules.map((r) => (r.headOnly ? `${ROLE_NAMES_ZH[r.role]}负责人` : ROLE_NAMES_ZH[r.role])).join('、');
}
