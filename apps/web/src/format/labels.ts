/**
 * The one map of stage and status colours (UX.md) and the Chinese names, taken from the shared
 * modules the API and the workflow use (libs/domain), so a label never differs between them.
 */
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../../../../libs/domain/activity';
import { STAGES, type DeadlineKey, type DeadlineStatus, type Stage } from '../../../../libs/domain/lifecycle';
import {
  DEADLINE_LABELS_ZH,
  RETURN_STAGES,
  REVIEW_LEVEL_LABELS_ZH,
  STAGE_LABELS_ZH,
  STAGE_SHORT_LABELS_ZH,
  type MessageName,
} from '../../../../libs/domain/lifecycle-machine';
import { ROLE_LABELS_ZH, type Role } from '../../../../libs/domain/roles';
import { SUGGESTION_STATUS_ZH, type SuggestionStatus } from '../../../../libs/suggestions/status';

export {
  ACTIVITY_TYPE_LABELS_ZH,
  DEADLINE_LABELS_ZH,
  RETURN_STAGES,
  REVIEW_LEVEL_LABELS_ZH,
  ROLE_LABELS_ZH,
  STAGE_LABELS_ZH,
  STAGE_SHORT_LABELS_ZH,
  SUGGESTION_STATUS_ZH,
};
export type { ActivityType, DeadlineKey, DeadlineStatus, Stage, Role, MessageName, SuggestionStatus };

/** The lifecycle's main path in order (libs/domain STAGES), for the timeline: a return's side stage is inserted where it happened. */
export const STAGE_ORDER: Stage[] = STAGES.filter((s) => !RETURN_STAGES.includes(s) && s !== 'CLOSED');

/** Ant Design tag colours: blue in review, orange revising / awaiting the meeting, green done, red overdue, grey ended. */
export const STAGE_COLORS: Record<Stage, string> = {
  AWAITING_END: 'default',
  DRAFTING: 'cyan',
  IN_REVIEW_L1: 'blue',
  IN_REVIEW_L2: 'blue',
  IN_REVIEW_L3: 'blue',
  REVISING: 'orange',
  AWAITING_SPECIAL_MEETING: 'orange',
  ARCHIVING: 'green',
  FEEDBACK: 'green',
  RETAINED: 'green',
  DISPOSED: 'default',
  CLOSED: 'default',
};

export const OVERDUE_COLOR = 'red';

/** R-5.5 suggestion statuses, in the colours of 报表's suggestion chart: waiting orange, under way blue, done green, not adopted grey. */
export const SUGGESTION_STATUS_COLORS: Record<SuggestionStatus, string> = {
  pending: 'orange',
  in_progress: 'blue',
  implemented: 'green',
  rejected: 'default',
};

export const DEADLINE_STATUS: Record<DeadlineStatus, { label: string; color: string }> = {
  pending: { label: '进行中', color: 'processing' },
  met: { label: '已完成', color: 'green' },
  overdue: { label: '已逾期', color: 'red' },
  waived: { label: '已免除', color: 'default' },
};

/** What each lifecycle message is called on a button. */
export const ACTION_LABELS_ZH: Record<MessageName, string> = {
  submitBaseData: '录入基础数据',
  submitDraft: '编写并提交总结',
  review: '审核',
  recordSpecialMeeting: '记录专题会议',
  confirmArchive: '确认归档',
  submitFeedback: '提交反馈记录单',
  decideDisposal: '保管期满处置',
  setPermanent: '永久保管',
};

export function stageLabel(stage: string): string {
  return STAGE_SHORT_LABELS_ZH[stage as Stage] ?? stage;
}

export function typeLabel(type: string): string {
  return ACTIVITY_TYPE_LABELS_ZH[type as ActivityType] ?? type;
}

export function deadlineLabel(key: string): string {
  return DEADLINE_LABELS_ZH[key as DeadlineKey] ?? key;
}

export function roleLabel(role: string): string {
  return ROLE_LABELS_ZH[role as Role] ?? role;
}
