/**
 * R-17 the Chinese names of the evidence timeline's events, shared by the Word report
 * (libs/supervision/docx.ts) and the web app's 过程记录 and 监督抽查, so they never differ. Pure.
 */
import type { TimelineKind } from './timeline.js';

export const TIMELINE_KIND_LABELS_ZH: Record<TimelineKind, string> = {
  registered: '登记活动',
  ended: '活动结束',
  baseData: '报送基础数据',
  submitted: '提交总结',
  reviewed: '审核通过',
  returned: '退回修改',
  specialMeeting: '专题会议',
  archived: '确认归档',
  feedback: '反馈记录',
  disposal: '到期处置',
  permanentSet: '调整保管期限',
  reminded: '到期提醒',
  escalated: '逾期督办',
  calendarChanged: '工作日历变更',
  closed: '流程结束',
};

/** Suggestion and deadline statuses as the report names them. */
export const SUPERVISION_STATUS_LABELS_ZH: Record<string, string> = {
  pending: '待落实',
  in_progress: '落实中',
  implemented: '已落实',
  rejected: '不采纳',
  met: '按时完成',
  overdue: '已逾期',
  waived: '已免除',
};
