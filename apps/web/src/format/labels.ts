/**
 * The one map of stage and status colours (UX.md) and the Chinese names, taken from the shared
 * modules the API and the workflow use (libs/domain), so a label never differs between them.
 */
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../../../../libs/domain/activity';
import type { DeadlineKey, DeadlineStatus, Stage } from '../../../../libs/domain/lifecycle';
import { DEADLINE_LABELS_ZH, STAGE_LABELS_ZH, type MessageName } from '../../../../libs/domain/lifecycle-machine';
import { ROLE_LABELS_ZH, type Role } from '../../../../libs/domain/roles';
import { SUGGESTION_STATUS_ZH, type SuggestionStatus } from '../../../../libs/suggestions/status';

export { ACTIVITY_TYPE_LABELS_ZH, DEADLINE_LABELS_ZH, ROLE_LABELS_ZH, STAGE_LABELS_ZH, SUGGESTION_STATUS_ZH };
export type { ActivityType, DeadlineKey, DeadlineStatus, Stage, Role, MessageName, SuggestionStatus };

/** The lifecycle's stages in their order (libs/domain/lifecycle.ts STAGES), for the timeline. */
export const STAGE_ORDER: Stage[] = [
  'AWAITING_END',
  'DRAFTING',
  'IN_REVIEW_L1',
  'IN_REVIEW_L2',
  'IN_REVIEW_L3',
  'ARCHIVING',
  'FEEDBACK',
  'RETAINED',
  'DISPOSED',
];

/** Short stage names for tags and tables, in the regulation's terms (初审/复核/终审). */
export const STAGE_TAG_ZH: Record<Stage, string> = {
  AWAITING_END: '待活动结束',
  DRAFTING: '编制初稿',
  IN_REVIEW_L1: '初审中',
  IN_REVIEW_L2: '复核中',
  IN_REVIEW_L3: '终审中',
  REVISING: '修订中',
  AWAITING_SPECIAL_MEETING: '待专题会议',
  ARCHIVING: '归档中',
  FEEDBACK: '收集反馈',
  RETAINED: '保管中',
  DISPOSED: '已销毁',
  CLOSED: '已关闭',
};

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

export const REVIEW_LEVEL_ZH: Record<1 | 2 | 3, string> = { 1: '初审', 2: '复核', 3: '终审' };

export function stageLabel(stage: string): string {
  return STAGE_TAG_ZH[stage as Stage] ?? stage;
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
